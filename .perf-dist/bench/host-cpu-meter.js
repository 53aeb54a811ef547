export class HostCpuMeter {
    depth = 0;
    totalUs = 0;
    sections = 0;
    /** CPU the two cpuUsage() calls of one section add inside the section itself (a few µs: two syscalls). */
    overheadUs = 0;
    bytesWritten = 0;
    /** Measures the meter's own cost per section on empty sections, so `cpuMs` can leave it out. */
    calibrate(sections = 20_000) {
        const before = this.totalUs;
        for (let i = 0; i < sections; i++)
            this.run(() => undefined);
        this.overheadUs = (this.totalUs - before) / sections;
        this.totalUs = before;
        this.sections -= sections;
    }
    /** CPU milliseconds (user + system) spent in host callbacks so far, the meter's own cost taken out. */
    cpuMs() { return Math.max(0, this.totalUs - this.sections * this.overheadUs) / 1000; }
    sectionCount() { return this.sections; }
    /** The meter's own cost per section, as calibrated. */
    overheadPerSectionUs() { return this.overheadUs; }
    run(fn) {
        if (this.depth > 0)
            return fn();
        this.depth++;
        this.sections++;
        const start = process.cpuUsage();
        try {
            return fn();
        }
        finally {
            const d = process.cpuUsage(start);
            this.totalUs += d.user + d.system;
            this.depth--;
        }
    }
    clock(inner) {
        return {
            nowMs: () => inner.nowMs(),
            setTimer: (delayMs, fn) => inner.setTimer(delayMs, () => this.run(fn)),
            clearTimer: (h) => inner.clearTimer(h),
        };
    }
    transport(inner) {
        const wrapped = new Map();
        const meter = this;
        return {
            get description() { return inner.description; },
            open: () => inner.open(),
            write: (data) => { meter.bytesWritten += data.length; inner.write(data); },
            close: () => inner.close(),
            isOpen: () => inner.isOpen(),
            on(event, fn) {
                const w = ((...args) => meter.run(() => fn(...args)));
                wrapped.set(fn, w);
                inner.on(event, w);
            },
            off(event, fn) {
                inner.off(event, (wrapped.get(fn) ?? fn));
                wrapped.delete(fn);
            },
        };
    }
}
//# sourceMappingURL=host-cpu-meter.js.map