/** When a failed webhook is tried again: exponential backoff with a ceiling, then give up. Pure. */
export const DEFAULT_MAX_RETRY_DELAY_MS = 6 * 3_600_000;
/** Delay after the `attemptsMade`-th failed attempt (1 → base, 2 → 2·base, 3 → 4·base …). */
export function retryDelayMs(attemptsMade, policy) {
    return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attemptsMade - 1));
}
/** When to try next after `attemptsMade` failures at `nowMs`, or null when the attempts are used up. */
export function nextAttemptAtMs(attemptsMade, nowMs, policy) {
    if (attemptsMade >= policy.maxAttempts)
        return null;
    return nowMs + retryDelayMs(attemptsMade, policy);
}
//# sourceMappingURL=retry-schedule.js.map