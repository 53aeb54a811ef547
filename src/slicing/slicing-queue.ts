import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/event-bus.js';
import { failed, TIMEOUT_REASON, type SliceFailure, type SliceOutcome, type SliceProgress, type SliceResult } from './slicer.js';

export type SlicingEvents = {
  'slicing:queued': { jobId: string; position: number };
  'slicing:started': { jobId: string };
  'slicing:progressed': { jobId: string; percent: number; stage: string };
  'slicing:finished': { jobId: string; result: SliceResult };
  'slicing:failed': { jobId: string; failure: SliceFailure };
};

/** One slice to run; the queue supplies the signal (timeout, cancel) and the progress sink. */
export type SliceTask = (signal: AbortSignal, onProgress: (p: SliceProgress) => void) => Promise<SliceOutcome>;

export interface SlicingQueueOptions {
  clock: Clock;
  bus: EventBus<SlicingEvents>;
  /** 1 or 2: the host has two cores and slicing is CPU-bound. */
  concurrency: 1 | 2;
  timeoutMs: number;
}

interface Entry {
  jobId: string;
  task: SliceTask;
  controller: AbortController;
  resolve: (outcome: SliceOutcome) => void;
}

/**
 * Runs slices at most `concurrency` at a time, in submission order, each under a timeout, and
 * announces every step on the bus. A job can be cancelled while it waits or while it runs.
 */
export class SlicingQueue {
  private readonly waiting: Entry[] = [];
  private readonly running = new Map<string, Entry>();

  constructor(private readonly options: SlicingQueueOptions) {}

  submit(jobId: string, task: SliceTask): Promise<SliceOutcome> {
    return new Promise((resolve) => {
      this.waiting.push({ jobId, task, controller: new AbortController(), resolve });
      this.options.bus.emit('slicing:queued', { jobId, position: this.waiting.length });
      this.pump();
    });
  }

  /** True when the job was known; it then resolves as slice_cancelled. */
  cancel(jobId: string): boolean {
    const index = this.waiting.findIndex((e) => e.jobId === jobId);
    if (index !== -1) {
      const [entry] = this.waiting.splice(index, 1);
      this.settle(entry, failed('slice_cancelled', 'slicing was cancelled before it started'));
      return true;
    }
    const entry = this.running.get(jobId);
    entry?.controller.abort('cancelled');
    return entry !== undefined;
  }

  get runningCount(): number { return this.running.size; }
  get waitingCount(): number { return this.waiting.length; }

  private pump(): void {
    while (this.running.size < this.options.concurrency && this.waiting.length > 0) {
      const entry = this.waiting.shift()!;
      this.running.set(entry.jobId, entry);
      void this.run(entry);
    }
  }

  private async run(entry: Entry): Promise<void> {
    const { clock, bus, timeoutMs } = this.options;
    const timer = clock.setTimer(timeoutMs, () => entry.controller.abort(TIMEOUT_REASON));
    bus.emit('slicing:started', { jobId: entry.jobId });
    let outcome: SliceOutcome;
    try {
      outcome = await entry.task(entry.controller.signal, (p) => bus.emit('slicing:progressed', { jobId: entry.jobId, ...p }));
    } catch (err) {
      outcome = failed('slicer_failed', (err as Error).message);
    }
    clock.clearTimer(timer);
    this.running.delete(entry.jobId);
    this.settle(entry, outcome);
    this.pump();
  }

  private settle(entry: Entry, outcome: SliceOutcome): void {
    if (outcome.ok) this.options.bus.emit('slicing:finished', { jobId: entry.jobId, result: outcome.value });
    else this.options.bus.emit('slicing:failed', { jobId: entry.jobId, failure: outcome.failure });
    entry.resolve(outcome);
  }
}
