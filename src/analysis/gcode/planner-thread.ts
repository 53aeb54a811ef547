/**
 * The reading side's handle on a planner thread (planner-worker.ts): it starts the thread on the core's
 * shared memory, tells it how far the ring is written, waits when the ring is full, and collects the
 * totals at the end. The two sides meet only in three shared words; both wait with Atomics, so neither
 * spins. The reader blocks only when it is a whole ring ahead, and at the end.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { builtFile } from '../../core/built-file.js';
import type { HeatRates } from './heat-model.js';
import type { PlannerResult } from './planner-side.js';

/** Indices of the shared words. */
export const WRITTEN = 0;
export const PLANNED = 1;
export const STATUS = 2;
export const SYNC_WORDS = 3;
export const RUNNING = 0;
export const DONE = 1;
export const FAILED = 2;
/** The planner publishes its progress at least this often (records), so a waiting reader is not held long. */
export const PUBLISH_EVERY_RECORDS = 4096;
/** Either side gives up when the other makes no progress for this long: a thread that died, or an analysis dropped. */
export const STALL_TIMEOUT_MS = 60_000;

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

  constructor(private readonly setup: PlannerThreadSetup) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const workerData: PlannerWorkerData = { ...setup, sync: this.sync.buffer as SharedArrayBuffer, port: port2 };
    this.worker = new Worker(builtFile(import.meta.url, './planner-worker.js'), { workerData, transferList: [port2] });
    // An analysis given up half-way must not keep the process alive.
    this.worker.unref();
    this.port.unref();
  }

  publish(written: number): void {
    Atomics.store(this.sync, WRITTEN, written | 0);
    Atomics.notify(this.sync, WRITTEN);
  }

  /** Waits until the ring has room beyond `written`; returns the new write limit. */
  makeRoom(written: number): number {
    this.publish(written);
    const capacity = this.setup.ringRecords;
    for (;;) {
      const planned = Atomics.load(this.sync, PLANNED) >>> 0;
      if (((written - planned) >>> 0) < capacity) return (planned + capacity) >>> 0;
      if (Atomics.load(this.sync, STATUS) === FAILED) return this.failed();
      this.awaitChange(PLANNED, planned);
    }
  }

  /** Waits for the planner to plan everything up to `written` (which ends with the end record) and returns its totals. */
  finish(written: number): PlannerResult {
    this.publish(written);
    while (Atomics.load(this.sync, STATUS) === RUNNING) this.awaitChange(STATUS, RUNNING);
    const reply = receiveMessageOnPort(this.port)?.message as PlannerResult | { error: string } | undefined;
    this.port.close();
    if (!reply || 'error' in reply) throw new Error(`planner thread failed: ${reply ? reply.error : 'no reply'}`);
    return reply;
  }

  private failed(): never {
    const reply = receiveMessageOnPort(this.port)?.message as { error?: string } | undefined;
    this.stop();
    throw new Error(`planner thread failed: ${reply?.error ?? 'no reply'}`);
  }

  stop(): void {
    void this.worker.terminate();
    this.port.close();
  }

  private awaitChange(word: number, value: number): void {
    if (Atomics.wait(this.sync, word, value | 0, STALL_TIMEOUT_MS) !== 'timed-out') return;
    if (Atomics.load(this.sync, STATUS) === FAILED) return;
    this.stop();
    throw new Error(`planner thread made no progress for ${STALL_TIMEOUT_MS / 1000} s`);
  }
}
