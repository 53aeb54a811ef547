export class StoppableClock {
    inner;
    live = new Map();
    nextId = 1;
    stopped = false;
    constructor(inner) {
        this.inner = inner;
    }
    nowMs() { return this.inner.nowMs(); }
    setTimer(delayMs, fn) {
        const id = this.nextId++;
        if (this.stopped)
            return { id };
        this.live.set(id, this.inner.setTimer(delayMs, () => { this.live.delete(id); fn(); }));
        return { id };
    }
    clearTimer(handle) {
        if (!handle)
            return;
        this.inner.clearTimer(this.live.get(handle.id));
        this.live.delete(handle.id);
    }
    /** Cancels every pending timer; later ones are ignored. */
    stop() {
        this.stopped = true;
        for (const h of this.live.values())
            this.inner.clearTimer(h);
        this.live.clear();
    }
}
//# sourceMappingURL=stoppable-clock.js.map