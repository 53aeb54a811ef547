/** A 4-digit PIN has 10,000 values: 5 tries per 15 minutes makes guessing one take weeks. */
export const USER_THROTTLE = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
/** A shared desk or kiosk legitimately sees many people's typos. */
export const ADDRESS_THROTTLE = { maxFailures: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
/** Milliseconds until the key may try again, or 0. */
export function lockedForMs(record, nowMs) {
    return record ? Math.max(0, record.lockedUntilMs - nowMs) : 0;
}
export function recordFailure(record, nowMs, policy) {
    const fresh = !record || nowMs - record.windowStartMs >= policy.windowMs;
    const failures = fresh ? 1 : record.failures + 1;
    const windowStartMs = fresh ? nowMs : record.windowStartMs;
    const lockedUntilMs = failures >= policy.maxFailures ? nowMs + policy.lockMs : (record?.lockedUntilMs ?? 0);
    // Once locked, the count restarts so the next window begins clean after the lock.
    return failures >= policy.maxFailures
        ? { failures: 0, windowStartMs: nowMs, lockedUntilMs }
        : { failures, windowStartMs, lockedUntilMs };
}
//# sourceMappingURL=login-throttle.js.map