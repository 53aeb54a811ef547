/**
 * The daemon-wide cap on upload intake (issue #3: an upload burst must not slow the print stream).
 * One instance is shared by every upload; `take` resolves when the bytes may be written, and the upload
 * store does not read its next chunk until then, so a capped upload backs up into the socket instead
 * of growing in memory.
 */
import { RealClock, type Clock } from '../core/clock.js';
import { fullBucket, takeTokens, type TokenBucketRate, type TokenBucketState } from './token-bucket.js';

/** An idle daemon lets this much intake time through at once. */
const BURST_MS = 100;

export class IntakeThrottle {
  private readonly rate: TokenBucketRate | null;
  private state: TokenBucketState;

  /** `bytesPerSecond` 0 = unlimited. */
  constructor(bytesPerSecond: number, private readonly clock: Clock = new RealClock()) {
    if (!(bytesPerSecond >= 0)) throw new RangeError(`bytesPerSecond must be >= 0, got ${bytesPerSecond}`);
    this.rate = bytesPerSecond > 0 ? { bytesPerMs: bytesPerSecond / 1000, burstBytes: (bytesPerSecond * BURST_MS) / 1000 } : null;
    this.state = this.rate ? fullBucket(this.rate, clock.nowMs()) : { tokensBytes: 0, atMs: 0 };
  }

  take(bytes: number): Promise<void> {
    if (!this.rate) return Promise.resolve();
    const taken = takeTokens(this.state, bytes, this.clock.nowMs(), this.rate);
    this.state = taken.state;
    if (taken.waitMs === 0) return Promise.resolve();
    return new Promise((resolve) => { this.clock.setTimer(taken.waitMs, resolve); });
  }
}
