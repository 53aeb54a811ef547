/**
 * Link figures for the staff view and the benchmark. The Sender counts lines, resends, timeouts and
 * keeps the recent round-trip times; this adds what only the shell can know, the rates over wall or
 * simulated time, over a sliding window so the UI shows how the link is doing now, not since boot.
 */
import type { LinkMetrics } from './printer-types.js';
import type { SenderMetrics } from './protocol/sender.js';

const RATE_WINDOW_MS = 10_000;

/**
 * Timestamped amounts in arrival order, on typed arrays: every line written and acknowledged adds one,
 * so a sample must not be an object of its own.
 */
class SampleWindow {
  private atMs = new Float64Array(1024);
  private amounts = new Float64Array(1024);
  private head = 0;
  private tail = 0;

  add(atMs: number, amount: number): void {
    if (this.tail === this.atMs.length) {
      this.trim(atMs);
      this.makeRoom();
    }
    this.atMs[this.tail] = atMs;
    this.amounts[this.tail] = amount;
    this.tail++;
  }

  /** Drops samples older than the window. */
  trim(nowMs: number): void {
    while (this.head < this.tail && this.atMs[this.head] < nowMs - RATE_WINDOW_MS) this.head++;
  }

  count(): number { return this.tail - this.head; }

  sum(): number {
    let total = 0;
    for (let i = this.head; i < this.tail; i++) total += this.amounts[i];
    return total;
  }

  oldestMs(): number { return this.head < this.tail ? this.atMs[this.head] : Infinity; }

  /** Slides the live samples to the front, and doubles the arrays only when the window itself is that full. */
  private makeRoom(): void {
    const live = this.tail - this.head;
    if (live * 2 > this.atMs.length) {
      const atMs = new Float64Array(this.atMs.length * 2);
      const amounts = new Float64Array(this.amounts.length * 2);
      atMs.set(this.atMs.subarray(this.head, this.tail));
      amounts.set(this.amounts.subarray(this.head, this.tail));
      this.atMs = atMs;
      this.amounts = amounts;
    } else {
      this.atMs.copyWithin(0, this.head, this.tail);
      this.amounts.copyWithin(0, this.head, this.tail);
    }
    this.head = 0;
    this.tail = live;
  }
}

export class LinkRates {
  private readonly acks = new SampleWindow();
  private readonly writes = new SampleWindow();

  wrote(atMs: number, bytes: number): void {
    this.writes.add(atMs, bytes);
  }

  acked(atMs: number): void {
    this.acks.add(atMs, 0);
  }

  snapshot(nowMs: number, sender: SenderMetrics): LinkMetrics {
    this.acks.trim(nowMs);
    this.writes.trim(nowMs);
    const windowS = this.windowS(nowMs);
    // The sender hands over a copy, so it may be reordered in place.
    const rtt = sender.rttSamplesMs;
    return {
      linesPerS: windowS > 0 ? this.acks.count() / windowS : 0,
      bytesPerS: windowS > 0 ? this.writes.sum() / windowS : 0,
      rttP50Ms: rtt.length > 0 ? percentile(rtt, 0.5) : null,
      rttP99Ms: rtt.length > 0 ? percentile(rtt, 0.99) : null,
      linesSent: sender.linesSent,
      resends: sender.resends,
      timeouts: sender.timeouts,
    };
  }

  /** Just after the link came up the window is shorter than RATE_WINDOW_MS; dividing by the full window would understate. */
  private windowS(nowMs: number): number {
    const firstMs = Math.min(this.acks.oldestMs(), this.writes.oldestMs());
    if (firstMs === Infinity) return 0;
    return Math.min(RATE_WINDOW_MS, Math.max(nowMs - firstMs, 1)) / 1000;
  }
}

/** Nearest-rank percentile. Reorders `samples`: a selection, not a full sort, as the status asks for it every few seconds. */
function percentile(samples: Float64Array, q: number): number {
  return selectNth(samples, Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1));
}

/** Hoare's quickselect: the value that would sit at index `k` were `a` sorted. */
function selectNth(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i]; a[i] = a[j]; a[j] = t;
        i++; j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}
