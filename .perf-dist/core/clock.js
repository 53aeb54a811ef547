/** Wall time, optionally sped up: with timeScale 10, one real second is ten clock seconds. */
export class RealClock {
    timeScale;
    startReal = performance.now();
    timers = new Map();
    nextId = 1;
    constructor(timeScale = 1) {
        this.timeScale = timeScale;
        if (!(timeScale > 0))
            throw new RangeError(`timeScale must be > 0, got ${timeScale}`);
    }
    nowMs() {
        return (performance.now() - this.startReal) * this.timeScale;
    }
    setTimer(delayMs, fn) {
        const id = this.nextId++;
        const t = setTimeout(() => { this.timers.delete(id); fn(); }, Math.max(0, delayMs / this.timeScale));
        this.timers.set(id, t);
        return { id };
    }
    clearTimer(handle) {
        if (!handle)
            return;
        const t = this.timers.get(handle.id);
        if (t) {
            clearTimeout(t);
            this.timers.delete(handle.id);
        }
    }
}
/**
 * Discrete-event clock: time advances only when the test or benchmark runs it, jumping straight to
 * the next timer. Host and virtual printer share one SimClock, so a two-hour print simulates in seconds
 * and every run is deterministic.
 */
export class SimClock {
    now = 0;
    seq = 0;
    nextId = 1;
    heap = [];
    cancelled = new Set();
    nowMs() { return this.now; }
    setTimer(delayMs, fn) {
        const t = { id: this.nextId++, atMs: this.now + Math.max(0, delayMs), seq: this.seq++, fn };
        this.push(t);
        return { id: t.id };
    }
    clearTimer(handle) {
        if (handle)
            this.cancelled.add(handle.id);
    }
    /** Runs timers in time order until none is left, `untilMs` is reached, or `stop()` says so. */
    run(opts = {}) {
        const until = opts.untilMs ?? Infinity;
        const maxEvents = opts.maxEvents ?? Infinity;
        let events = 0;
        while (this.heap.length > 0 && events < maxEvents) {
            if (opts.stop?.())
                break;
            const top = this.heap[0];
            if (top.atMs > until)
                break;
            this.pop();
            if (this.cancelled.delete(top.id))
                continue;
            this.now = Math.max(this.now, top.atMs);
            top.fn();
            events++;
        }
        if (until !== Infinity && this.now < until && !(opts.stop?.()))
            this.now = until;
        return events;
    }
    /** Moves time forward by `ms`, running every timer due on the way. */
    advance(ms) { this.run({ untilMs: this.now + ms }); }
    pendingTimers() { return this.heap.length - this.cancelled.size; }
    less(a, b) {
        return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
    }
    push(t) {
        const h = this.heap;
        h.push(t);
        let i = h.length - 1;
        while (i > 0) {
            const p = (i - 1) >> 1;
            if (!this.less(h[i], h[p]))
                break;
            [h[i], h[p]] = [h[p], h[i]];
            i = p;
        }
    }
    pop() {
        const h = this.heap;
        const last = h.pop();
        if (h.length === 0)
            return;
        h[0] = last;
        let i = 0;
        for (;;) {
            const l = 2 * i + 1, r = l + 1;
            let m = i;
            if (l < h.length && this.less(h[l], h[m]))
                m = l;
            if (r < h.length && this.less(h[r], h[m]))
                m = r;
            if (m === i)
                break;
            [h[i], h[m]] = [h[m], h[i]];
            i = m;
        }
    }
}
//# sourceMappingURL=clock.js.map