import { makeBlock, planHead } from './planner.js';
export class MotionQueue {
    clock;
    limits;
    capacity;
    stats = { blocksExecuted: 0, motionBusyMs: 0, plannerUnderruns: 0, plannerStarvedMs: 0 };
    blocks = [];
    running = null;
    entrySpeedMmS = 0;
    /** When the planner last ran dry with nobody waiting for it to: a candidate underrun. */
    starvedSinceMs = null;
    listeners = [];
    /** `capacity` is the number of usable blocks (Marlin keeps one of BLOCK_BUFFER_SIZE free). */
    constructor(clock, limits, capacity) {
        this.clock = clock;
        this.limits = limits;
        this.capacity = capacity;
    }
    movesFree() {
        return this.capacity - this.blocks.length;
    }
    isEmpty() {
        return this.blocks.length === 0;
    }
    /** Called whenever a block finishes (a slot frees, or the queue empties). */
    onChange(fn) {
        this.listeners.push(fn);
    }
    /** Queues a move; returns false when the planner is full (the caller waits for onChange). */
    add(delta, feedrateMmS) {
        if (this.blocks.length >= this.capacity)
            return false;
        const previous = this.blocks.length > 0 ? this.blocks[this.blocks.length - 1] : null;
        const block = makeBlock(delta, feedrateMmS, this.limits, previous);
        if (!block)
            return true;
        if (this.blocks.length === 0 && this.starvedSinceMs !== null) {
            this.stats.plannerUnderruns++;
            this.stats.plannerStarvedMs += this.clock.nowMs() - this.starvedSinceMs;
        }
        this.starvedSinceMs = null;
        this.blocks.push(block);
        if (!this.running)
            this.startHead();
        return true;
    }
    /** The firmware starts a wait that stops motion on purpose (M400, G4, M109…): a drain is not an underrun. */
    deliberateStop() {
        this.starvedSinceMs = null;
    }
    /** M410 / kill / reset: drop every block at once. */
    clear() {
        this.clock.clearTimer(this.running);
        this.running = null;
        this.blocks = [];
        this.entrySpeedMmS = 0;
        this.starvedSinceMs = null;
    }
    startHead() {
        const { durationMs, exitSpeedMmS } = planHead(this.blocks, this.entrySpeedMmS);
        this.running = this.clock.setTimer(durationMs, () => {
            this.running = null;
            this.blocks.shift();
            this.stats.blocksExecuted++;
            this.stats.motionBusyMs += durationMs;
            this.entrySpeedMmS = this.blocks.length > 0 ? exitSpeedMmS : 0;
            if (this.blocks.length > 0)
                this.startHead();
            else
                this.starvedSinceMs = this.clock.nowMs();
            for (const fn of this.listeners)
                fn();
        });
    }
}
//# sourceMappingURL=motion-queue.js.map