/**
 * A byte budget refilled at a steady rate, as a pure step: the caller owns the state and the time.
 * A taker may overdraw; it then waits until the debt is repaid. Each waiting taker has already paid,
 * so takers are served in the order they asked and a stream that asks again queues behind the others:
 * concurrent uploads share the rate round-robin and none starves.
 */
export interface TokenBucketState {
  tokensBytes: number;
  atMs: number;
}

export interface TokenBucketRate {
  bytesPerMs: number;
  /** What an idle bucket holds: a small file passes at once, a large one soon settles to the rate. */
  burstBytes: number;
}

export function fullBucket(rate: TokenBucketRate, nowMs: number): TokenBucketState {
  return { tokensBytes: rate.burstBytes, atMs: nowMs };
}

export function takeTokens(state: TokenBucketState, bytes: number, nowMs: number, rate: TokenBucketRate): { state: TokenBucketState; waitMs: number } {
  const elapsedMs = Math.max(0, nowMs - state.atMs);
  const tokensBytes = Math.min(rate.burstBytes, state.tokensBytes + elapsedMs * rate.bytesPerMs) - bytes;
  return {
    state: { tokensBytes, atMs: Math.max(nowMs, state.atMs) },
    waitMs: tokensBytes < 0 ? -tokensBytes / rate.bytesPerMs : 0,
  };
}
