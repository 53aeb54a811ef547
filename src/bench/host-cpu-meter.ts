/**
 * Measures the CPU the host side spends, and nothing else: in a benchmark host and virtual printer
 * share one process and one SimClock, so the meter wraps only what the host is handed — its clock's
 * timer callbacks and its transport's line callbacks — and counts CPU time inside them (outermost call
 * only, so nested callbacks are not counted twice).
 */
import type { Clock, TimerHandle } from '../core/clock.js';
import type { Transport, TransportEvents } from '../printer/transport/transport.js';

export class HostCpuMeter {
  private depth = 0;
  private totalUs = 0;
  private sections = 0;
  /** CPU the two cpuUsage() calls of one section add inside the section itself (a few µs: two syscalls). */
  private overheadUs = 0;
  bytesWritten = 0;

  /** Measures the meter's own cost per section on empty sections, so `cpuMs` can leave it out. */
  calibrate(sections = 20_000): void {
    const before = this.totalUs;
    for (let i = 0; i < sections; i++) this.run(() => undefined);
    this.overheadUs = (this.totalUs - before) / sections;
    this.totalUs = before;
    this.sections -= sections;
  }

  /** CPU milliseconds (user + system) spent in host callbacks so far, the meter's own cost taken out. */
  cpuMs(): number { return Math.max(0, this.totalUs - this.sections * this.overheadUs) / 1000; }

  sectionCount(): number { return this.sections; }

  /** The meter's own cost per section, as calibrated. */
  overheadPerSectionUs(): number { return this.overheadUs; }

  run<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.depth++;
    this.sections++;
    const start = process.cpuUsage();
    try { return fn(); } finally {
      const d = process.cpuUsage(start);
      this.totalUs += d.user + d.system;
      this.depth--;
    }
  }

  clock(inner: Clock): Clock {
    return {
      nowMs: () => inner.nowMs(),
      setTimer: (delayMs: number, fn: () => void): TimerHandle => inner.setTimer(delayMs, () => this.run(fn)),
      clearTimer: (h) => inner.clearTimer(h),
    };
  }

  transport(inner: Transport): Transport {
    const wrapped = new Map<unknown, unknown>();
    const meter = this;
    return {
      get description() { return inner.description; },
      open: () => inner.open(),
      write: (data: string) => { meter.bytesWritten += data.length; inner.write(data); },
      close: () => inner.close(),
      isOpen: () => inner.isOpen(),
      on<K extends keyof TransportEvents>(event: K, fn: TransportEvents[K]): void {
        const w = ((...args: Parameters<TransportEvents[K]>) => meter.run(() => (fn as (...a: unknown[]) => void)(...args))) as TransportEvents[K];
        wrapped.set(fn, w);
        inner.on(event, w);
      },
      off<K extends keyof TransportEvents>(event: K, fn: TransportEvents[K]): void {
        inner.off(event, (wrapped.get(fn) ?? fn) as TransportEvents[K]);
        wrapped.delete(fn);
      },
    };
  }
}
