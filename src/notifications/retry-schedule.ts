/** When a failed webhook is tried again: exponential backoff with a ceiling, then give up. Pure. */

export interface RetryPolicy {
  /** Wait before the second attempt; each later wait doubles. */
  baseDelayMs: number;
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** No single wait grows beyond this. */
  maxDelayMs: number;
}

export const DEFAULT_MAX_RETRY_DELAY_MS = 6 * 3_600_000;

/** Delay after the `attemptsMade`-th failed attempt (1 → base, 2 → 2·base, 3 → 4·base …). */
export function retryDelayMs(attemptsMade: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attemptsMade - 1));
}

/** When to try next after `attemptsMade` failures at `nowMs`, or null when the attempts are used up. */
export function nextAttemptAtMs(attemptsMade: number, nowMs: number, policy: RetryPolicy): number | null {
  if (attemptsMade >= policy.maxAttempts) return null;
  return nowMs + retryDelayMs(attemptsMade, policy);
}
