/**
 * The reading side's handle on a planner thread (planner-worker.ts). It starts the thread on the core's
 * shared memory, tells it how far the ring is written, waits when the ring is full, and collects the
 * totals at the end. Besides the ring, the two sides share four words and a message port; both wait with
 * Atomics, so neither spins. The reader blocks only when it is a whole ring ahead, and at the end.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { builtFile } from '../../core/built-file.js';
import type { HeatRates } from './heat-model.js';
import type { PlannerResult } from './planner-side.js';

/** Indices of the shared words. */
export const WRITTEN = 0;
export const PLANNED = 1;
export const STATUS = 2;
/** 1 once the thread has its instance and plans. */
export const STARTED = 3;
export const SYNC_WORDS = 4;
export const RUNNING = 0;
export const DONE = 1;
export const FAILED = 2;
/** The planner publishes its progress at least this often (records), so a waiting reader is not held long. */
export const PUBLISH_EVERY_RECORDS = 4096;
/** The reader wakes the planner thread each time this many records have been written since it last did (a sixteenth of the ring). */
export const WAKE_EVERY_RECORDS = 32768;
/** A thread starts in about 40 ms; one that has not started after this never will (its script failed to load). */
export const START_TIMEOUT_MS = 10_000;
/** The reader gives up on a started thread that makes no progress for this long. */
export const STALL_TIMEOUT_MS = 60_000;
/** The thread gives up on a reader that writes nothing for this long: an analysis dropped without `dispose`. */
export const READER_IDLE_TIMEOUT_MS = 600_000;

export interface PlannerThreadSetup {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  ringPtr: number;
  ringRecords: number;
  lookaheadBlocks: number;
  heatRates: HeatRates;
}

export interface PlannerWorkerData extends PlannerThreadSetup {
  sync: SharedArrayBuffer;
  port: MessagePort;
}

export class PlannerThread {
  private readonly sync = new Int32Array(new SharedArrayBuffer(SYNC_WORDS * 4));
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private stopped = false;
  private workerError: Error | null = null;
  /** `written` when the thread was last woken. */
  private woken = 0;

  constructor(private readonly setup: PlannerThreadSetup) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const workerData: PlannerWorkerData = { ...setup, sync: this.sync.buffer as SharedArrayBuffer, port: port2 };
    this.worker = new Worker(builtFile(import.meta.url, './planner-worker.js'), { workerData, transferList: [port2] });
    // A thread that dies outside its own error handling (a script that fails to load, out of memory) is
    // heard here when the reader next yields; without a listener it would take the whole process down.
    this.worker.on('error', (err) => { this.workerError = err; });
    this.worker.once('exit', () => {
      if (Atomics.compareExchange(this.sync, STATUS, RUNNING, FAILED) === RUNNING) Atomics.notify(this.sync, STATUS);
    });
    // An analysis given up half-way must not keep the process alive.
    this.worker.unref();
    this.port.unref();
  }

  /**
   * Tells the thread how far the ring is written. Waking a sleeping thread costs tens of microseconds on
   * each side, so it is woken only once WAKE_EVERY_RECORDS have been written since the last wake; a full
   * ring and the end always wake it.
   */
  publish(written: number): void {
    if (((written - this.woken) >>> 0) >= WAKE_EVERY_RECORDS) this.wake(written);
    else Atomics.store(this.sync, WRITTEN, written | 0);
  }

  private wake(written: number): void {
    Atomics.store(this.sync, WRITTEN, written | 0);
    Atomics.notify(this.sync, WRITTEN);
    this.woken = written;
  }

  /** Waits until the ring has room beyond `written`; returns the new write limit. */
  makeRoom(written: number): number {
    this.wake(written);
    const capacity = this.setup.ringRecords;
    for (;;) {
      const planned = Atomics.load(this.sync, PLANNED) >>> 0;
      if (((written - planned) >>> 0) < capacity) return (planned + capacity) >>> 0;
      this.checkAlive();
      this.awaitChange(PLANNED, planned);
    }
  }

  /** Waits for the planner to plan everything up to `written` (which ends with the end record) and returns its totals. */
  finish(written: number): PlannerResult {
    this.wake(written);
    for (;;) {
      const status = Atomics.load(this.sync, STATUS);
      if (status === DONE) break;
      this.checkAlive();
      this.awaitChange(STATUS, status);
    }
    const reply = receiveMessageOnPort(this.port)?.message as PlannerResult | undefined;
    if (!reply) this.fail('it ended without a reply');
    this.port.close();
    return reply;
  }

  stop(): void {
    this.stopped = true;
    void this.worker.terminate();
    this.port.close();
  }

  /** Throws if the thread failed, was stopped, or never started. */
  private checkAlive(): void {
    if (this.stopped) throw new Error('planner thread stopped');
    if (Atomics.load(this.sync, STATUS) === FAILED) this.fail(null);
    if (Atomics.load(this.sync, STARTED) === 0
      && Atomics.wait(this.sync, STARTED, 0, START_TIMEOUT_MS) === 'timed-out'
      && Atomics.load(this.sync, STATUS) !== FAILED) {
      this.fail(`it did not start within ${START_TIMEOUT_MS / 1000} s`);
    }
    if (Atomics.load(this.sync, STATUS) === FAILED) this.fail(null);
  }

  private fail(why: string | null): never {
    const reply = this.stopped ? undefined : receiveMessageOnPort(this.port)?.message as { error?: string } | undefined;
    this.stop();
    throw new Error(`planner thread failed: ${why ?? reply?.error ?? this.workerError?.message ?? 'it ended without a reply'}`);
  }

  private awaitChange(word: number, value: number): void {
    if (Atomics.wait(this.sync, word, value | 0, STALL_TIMEOUT_MS) !== 'timed-out') return;
    if (Atomics.load(this.sync, STATUS) === FAILED) return;
    this.fail(`it made no progress for ${STALL_TIMEOUT_MS / 1000} s`);
  }
}
