/**
 * The daemon-wide upload intake cap on simulated time: concurrent takers share the rate, none starves,
 * and 0 lets everything through without a timer.
 */
import { describe, expect, it } from 'vitest';
import { SimClock } from '../../../src/core/clock.js';
import { IntakeThrottle } from '../../../src/uploads/intake-throttle.js';

const MB = 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;

/** Lets the promise callbacks a timer released run before the clock moves on. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Stream { chunks: number; bytesAt: Array<{ atMs: number; bytes: number }>; done: boolean }

/** Each stream takes its chunks one after another, as UploadStore.store does, recording when each was allowed. */
async function drive(clock: SimClock, throttle: IntakeThrottle, chunkCounts: number[], chunkBytes = CHUNK_BYTES): Promise<Stream[]> {
  const streams: Stream[] = chunkCounts.map((chunks) => ({ chunks, bytesAt: [], done: false }));
  const runs = streams.map(async (s) => {
    for (let i = 0; i < s.chunks; i++) {
      await throttle.take(chunkBytes);
      s.bytesAt.push({ atMs: clock.nowMs(), bytes: chunkBytes });
    }
    s.done = true;
  });
  while (!streams.every((s) => s.done)) {
    await settle();
    clock.run({ maxEvents: 1 });
  }
  await Promise.all(runs);
  return streams;
}

const bytesBy = (s: Stream, atMs: number) => s.bytesAt.filter((b) => b.atMs <= atMs).reduce((sum, b) => sum + b.bytes, 0);

describe('IntakeThrottle', () => {
  it('holds three concurrent streams together to the rate', async () => {
    const clock = new SimClock();
    const throttle = new IntakeThrottle(2 * MB, clock);
    const streams = await drive(clock, throttle, [48, 48, 48]); // 3 × 3 MB
    const totalBytes = 3 * 48 * CHUNK_BYTES;
    const burstBytes = 0.1 * 2 * MB;
    // 9 MB at 2 MB/s after a 0.2 MB burst: the last chunk is let through at 4.4 s, not before.
    expect(clock.nowMs()).toBeCloseTo(((totalBytes - burstBytes) / (2 * MB)) * 1000, 0);
    for (let atMs = 500; atMs <= clock.nowMs(); atMs += 500) {
      const allowed = streams.reduce((sum, s) => sum + bytesBy(s, atMs), 0);
      expect(allowed).toBeLessThanOrEqual(burstBytes + (2 * MB * atMs) / 1000);
    }
  });

  it('shares the rate fairly: a stream that started first does not starve the others', async () => {
    const clock = new SimClock();
    const throttle = new IntakeThrottle(1 * MB, clock);
    const streams = await drive(clock, throttle, [64, 64, 64]);
    const midMs = clock.nowMs() / 2;
    const shares = streams.map((s) => bytesBy(s, midMs));
    // Round-robin: by half time the shares differ by at most one chunk and the burst.
    expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(CHUNK_BYTES + 0.1 * MB);
    for (const share of shares) expect(share).toBeGreaterThan(0);
  });

  it('lets a short stream finish while a long one is running', async () => {
    const clock = new SimClock();
    const throttle = new IntakeThrottle(1 * MB, clock);
    const [long, short] = await drive(clock, throttle, [160, 8]);
    const shortDoneMs = short.bytesAt.at(-1)!.atMs;
    const longDoneMs = long.bytesAt.at(-1)!.atMs;
    // The short one gets half the rate, so it is through in about 2 × 0.5 MB / 1 MB/s, long before the long one.
    expect(shortDoneMs).toBeLessThanOrEqual(1100);
    expect(longDoneMs).toBeGreaterThan(9000);
  });

  it('0 = unlimited: no timer, no time passes', async () => {
    const clock = new SimClock();
    const throttle = new IntakeThrottle(0, clock);
    for (let i = 0; i < 1000; i++) await throttle.take(CHUNK_BYTES);
    expect(clock.pendingTimers()).toBe(0);
    expect(clock.nowMs()).toBe(0);
  });

  it('refuses a negative or NaN rate', () => {
    expect(() => new IntakeThrottle(-1)).toThrow(RangeError);
    expect(() => new IntakeThrottle(Number.NaN)).toThrow(RangeError);
  });
});
