/**
 * Runs planner blocks on the Clock, one after another, and keeps the motion figures: time spent
 * moving, and underruns — the planner ran dry while the firmware was not deliberately waiting, and
 * then more motion arrived, i.e. the host did not deliver moves fast enough.
 */
import type { Clock, TimerHandle } from '../../core/clock.js';
import { makeBlock, planHead, type Axes, type Block, type MotionLimits } from './planner.js';

export interface MotionStats {
  blocksExecuted: number;
  motionBusyMs: number;
  plannerUnderruns: number;
  /** Total time the planner sat empty between an underrun's drain and the next move. */
  plannerStarvedMs: number;
}

export class MotionQueue {
  readonly stats: MotionStats = { blocksExecuted: 0, motionBusyMs: 0, plannerUnderruns: 0, plannerStarvedMs: 0 };
  private blocks: Block[] = [];
  private running: TimerHandle | null = null;
  private entrySpeedMmS = 0;
  /** When the running block is planned to end; the next block starts there, not when a timer fired. */
  private headEndsAtMs = 0;
  /** When the planner last ran dry with nobody waiting for it to: a candidate underrun. */
  private starvedSinceMs: number | null = null;
  private readonly listeners: Array<() => void> = [];

  /** `capacity` is the number of usable blocks (Marlin keeps one of BLOCK_BUFFER_SIZE free). */
  constructor(private readonly clock: Clock, private readonly limits: MotionLimits, readonly capacity: number) {}

  movesFree(): number {
    return this.capacity - this.blocks.length;
  }

  isEmpty(): boolean {
    return this.blocks.length === 0;
  }

  /** Called whenever a block finishes (a slot frees, or the queue empties). */
  onChange(fn: () => void): void {
    this.listeners.push(fn);
  }

  /** Queues a move; returns false when the planner is full (the caller waits for onChange). */
  add(delta: Axes, feedrateMmS: number): boolean {
    if (this.blocks.length >= this.capacity) return false;
    const previous = this.blocks.length > 0 ? this.blocks[this.blocks.length - 1] : null;
    const block = makeBlock(delta, feedrateMmS, this.limits, previous);
    if (!block) return true;
    if (this.blocks.length === 0 && this.starvedSinceMs !== null) {
      this.stats.plannerUnderruns++;
      this.stats.plannerStarvedMs += this.clock.nowMs() - this.starvedSinceMs;
    }
    this.starvedSinceMs = null;
    this.blocks.push(block);
    if (!this.running) this.startHead(this.clock.nowMs());
    return true;
  }

  /** The firmware starts a wait that stops motion on purpose (M400, G4, M109…): a drain is not an underrun. */
  deliberateStop(): void {
    this.starvedSinceMs = null;
  }

  /** M410 / kill / reset: drop every block at once. */
  clear(): void {
    this.clock.clearTimer(this.running);
    this.running = null;
    this.blocks = [];
    this.entrySpeedMmS = 0;
    this.starvedSinceMs = null;
  }

  /**
   * A real board's steppers run on its own timers, so a late wake-up of this process (a busy host
   * running the virtual printer beside the daemon) must not slow the print: each block starts where
   * the previous one was planned to end, and a late timer is caught up.
   */
  private startHead(startMs: number): void {
    const { durationMs, exitSpeedMmS } = planHead(this.blocks, this.entrySpeedMmS);
    this.headEndsAtMs = startMs + durationMs;
    this.running = this.clock.setTimer(Math.max(0, this.headEndsAtMs - this.clock.nowMs()), () => {
      this.running = null;
      this.blocks.shift();
      this.stats.blocksExecuted++;
      this.stats.motionBusyMs += durationMs;
      this.entrySpeedMmS = this.blocks.length > 0 ? exitSpeedMmS : 0;
      if (this.blocks.length > 0) this.startHead(this.headEndsAtMs);
      else this.starvedSinceMs = this.headEndsAtMs;
      for (const fn of this.listeners) fn();
    });
  }
}
