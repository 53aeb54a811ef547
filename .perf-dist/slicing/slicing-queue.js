import { failed, TIMEOUT_REASON } from './slicer.js';
/**
 * Runs slices at most `concurrency` at a time, in submission order, each under a timeout, and
 * announces every step on the bus. A job can be cancelled while it waits or while it runs.
 */
export class SlicingQueue {
    options;
    waiting = [];
    running = new Map();
    constructor(options) {
        this.options = options;
    }
    submit(jobId, task) {
        return new Promise((resolve) => {
            this.waiting.push({ jobId, task, controller: new AbortController(), resolve });
            this.options.bus.emit('slicing:queued', { jobId, position: this.waiting.length });
            this.pump();
        });
    }
    /** True when the job was known; it then resolves as slice_cancelled. */
    cancel(jobId) {
        const index = this.waiting.findIndex((e) => e.jobId === jobId);
        if (index !== -1) {
            const [entry] = this.waiting.splice(index, 1);
            this.settle(entry, failed('slice_cancelled', 'slicing was cancelled before it started'));
            return true;
        }
        const entry = this.running.get(jobId);
        entry?.controller.abort('cancelled');
        return entry !== undefined;
    }
    get runningCount() { return this.running.size; }
    get waitingCount() { return this.waiting.length; }
    pump() {
        while (this.running.size < this.options.concurrency && this.waiting.length > 0) {
            const entry = this.waiting.shift();
            this.running.set(entry.jobId, entry);
            void this.run(entry);
        }
    }
    async run(entry) {
        const { clock, bus, timeoutMs } = this.options;
        const timer = clock.setTimer(timeoutMs, () => entry.controller.abort(TIMEOUT_REASON));
        bus.emit('slicing:started', { jobId: entry.jobId });
        let outcome;
        try {
            outcome = await entry.task(entry.controller.signal, (p) => bus.emit('slicing:progressed', { jobId: entry.jobId, ...p }));
        }
        catch (err) {
            outcome = failed('slicer_failed', err.message);
        }
        clock.clearTimer(timer);
        this.running.delete(entry.jobId);
        this.settle(entry, outcome);
        this.pump();
    }
    settle(entry, outcome) {
        if (outcome.ok)
            this.options.bus.emit('slicing:finished', { jobId: entry.jobId, result: outcome.value });
        else
            this.options.bus.emit('slicing:failed', { jobId: entry.jobId, failure: outcome.failure });
        entry.resolve(outcome);
    }
}
//# sourceMappingURL=slicing-queue.js.map