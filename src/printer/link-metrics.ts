/**
 * Link figures for the staff view and the benchmark. Rates cover a sliding window so the UI shows how
 * the link is doing now, not since boot; round-trip percentiles come from the newest samples only.
 */
import type { LinkMetrics } from './printer-types.js';

const RATE_WINDOW_MS = 10_000;
const RTT_SAMPLES = 1024;

interface Sample { atMs: number; bytes: number }

export class LinkMetricsRecorder {
  private acks: Sample[] = [];
  private acksHead = 0;
  private writes: Sample[] = [];
  private writesHead = 0;
  private readonly rtts = new Float64Array(RTT_SAMPLES);
  private rttCount = 0;
  private linesSent = 0;
  private resends = 0;
  private timeouts = 0;

  wrote(atMs: number, bytes: number, isNumberedLine: boolean): void {
    this.writes.push({ atMs, bytes });
    this.writesHead = this.trim(this.writes, this.writesHead, atMs);
    if (isNumberedLine) this.linesSent++;
  }

  acked(atMs: number, rttMs: number): void {
    this.acks.push({ atMs, bytes: 0 });
    this.acksHead = this.trim(this.acks, this.acksHead, atMs);
    this.rtts[this.rttCount % RTT_SAMPLES] = rttMs;
    this.rttCount++;
  }

  resent(): void { this.resends++; }
  timedOut(): void { this.timeouts++; }

  snapshot(nowMs: number): LinkMetrics {
    this.acksHead = this.trim(this.acks, this.acksHead, nowMs);
    this.writesHead = this.trim(this.writes, this.writesHead, nowMs);
    const ackCount = this.acks.length - this.acksHead;
    let bytes = 0;
    for (let i = this.writesHead; i < this.writes.length; i++) bytes += this.writes[i].bytes;
    const windowS = this.windowS(nowMs);
    const n = Math.min(this.rttCount, RTT_SAMPLES);
    const sorted = Array.from(this.rtts.subarray(0, n)).sort((a, b) => a - b);
    return {
      linesPerS: windowS > 0 ? ackCount / windowS : 0,
      bytesPerS: windowS > 0 ? bytes / windowS : 0,
      rttP50Ms: n > 0 ? percentile(sorted, 0.5) : null,
      rttP99Ms: n > 0 ? percentile(sorted, 0.99) : null,
      linesSent: this.linesSent,
      resends: this.resends,
      timeouts: this.timeouts,
    };
  }

  /** The window is shorter than RATE_WINDOW_MS just after the link came up; dividing by the full window would understate. */
  private windowS(nowMs: number): number {
    const firstMs = Math.min(
      this.acks[this.acksHead]?.atMs ?? Infinity,
      this.writes[this.writesHead]?.atMs ?? Infinity,
    );
    if (firstMs === Infinity) return 0;
    return Math.min(RATE_WINDOW_MS, Math.max(nowMs - firstMs, 1)) / 1000;
  }

  private trim(list: Sample[], head: number, nowMs: number): number {
    while (head < list.length && list[head].atMs < nowMs - RATE_WINDOW_MS) head++;
    if (head > 4096 && head * 2 > list.length) {
      list.splice(0, head);
      return 0;
    }
    return head;
  }
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}
