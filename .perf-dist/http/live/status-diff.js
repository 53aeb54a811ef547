function same(a, b) {
    if (a === b)
        return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
        return false;
    if (Array.isArray(a) !== Array.isArray(b))
        return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length)
        return false;
    return ka.every((k) => same(a[k], b[k]));
}
/** Top-level fields of `next` that differ from `prev`; null when nothing changed. */
export function diffStatus(prev, next) {
    if (!prev)
        return { ...next };
    const changes = {};
    let any = false;
    for (const key of Object.keys(next)) {
        if (!same(prev[key], next[key])) {
            changes[key] = next[key];
            any = true;
        }
    }
    return any ? { ...changes, printerId: next.printerId } : null;
}
/** Milliseconds to wait before a push is allowed, given the last push time and a rate cap. */
export function pushDelayMs(lastPushMs, nowMs, maxHz) {
    if (lastPushMs === null)
        return 0;
    return Math.max(0, lastPushMs + 1000 / maxHz - nowMs);
}
//# sourceMappingURL=status-diff.js.map