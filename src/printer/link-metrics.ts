/**
 * Link figures for the staff view and the benchmark. The Sender counts lines, resends, timeouts and
 * keeps the recent round-trip times; this adds what only the shell can know, the rates over wall or
 * simulated time, over a sliding window so the UI shows how the link is doing now, not since boot.
 */
import type { LinkMetrics } from './printer-types.js';
import type { SenderMetrics } from './protocol/sender.js';

const RATE_WINDOW_MS = 10_000;

interface Sample { atMs: number; bytes: number }

export class LinkRates {
  private acks: Sample[] = [];
  private acksHead = 0;
  private writes: Sample[] = [];
  private writesHead = 0;

  wrote(atMs: number, bytes: number): void {
    this.writes.push({ atMs, bytes });
    this.writesHead = trim(this.writes, this.writesHead, atMs);
  }

  acked(atMs: number): void {
    this.acks.push({ atMs, bytes: 0 });
    this.acksHead = trim(this.acks, this.acksHead, atMs);
  }

  snapshot(nowMs: number, sender: SenderMetrics): LinkMetrics {
    this.acksHead = trim(this.acks, this.acksHead, nowMs);
    this.writesHead = trim(this.writes, this.writesHead, nowMs);
    let bytes = 0;
    for (let i = this.writesHead; i < this.writes.length; i++) bytes += this.writes[i].bytes;
    const windowS = this.windowS(nowMs);
    const sorted = [...sender.rttSamplesMs].sort((a, b) => a - b);
    return {
      linesPerS: windowS > 0 ? (this.acks.length - this.acksHead) / windowS : 0,
      bytesPerS: windowS > 0 ? bytes / windowS : 0,
      rttP50Ms: sorted.length > 0 ? percentile(sorted, 0.5) : null,
      rttP99Ms: sorted.length > 0 ? percentile(sorted, 0.99) : null,
      linesSent: sender.linesSent,
      resends: sender.resends,
      timeouts: sender.timeouts,
    };
  }

  /** Just after the link came up the window is shorter than RATE_WINDOW_MS; dividing by the full window would understate. */
  private windowS(nowMs: number): number {
    const firstMs = Math.min(this.acks[this.acksHead]?.atMs ?? Infinity, this.writes[this.writesHead]?.atMs ?? Infinity);
    if (firstMs === Infinity) return 0;
    return Math.min(RATE_WINDOW_MS, Math.max(nowMs - firstMs, 1)) / 1000;
  }
}

/** Drops samples older than the window; compacts now and then so a weeks-long session stays small. */
function trim(list: Sample[], head: number, nowMs: number): number {
  while (head < list.length && list[head].atMs < nowMs - RATE_WINDOW_MS) head++;
  if (head > 4096 && head * 2 > list.length) {
    list.splice(0, head);
    return 0;
  }
  return head;
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}
