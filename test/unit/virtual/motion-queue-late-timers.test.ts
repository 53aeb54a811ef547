import { describe, expect, it } from 'vitest';
import { SimClock, type Clock, type TimerHandle } from '../../../src/core/clock.js';
import { MotionQueue } from '../../../src/printer/virtual/motion-queue.js';
import type { MotionLimits } from '../../../src/printer/virtual/planner.js';

const limits: MotionLimits = { maxFeedrateMmS: { x: 300, y: 300, z: 5, e: 25 }, maxAccelMmS2: 1000, junctionDeviationMm: 0.05 };

/** A neighbour that wakes every timer `lateMs` after it was due, as a busy host does. */
class LateClock implements Clock {
  constructor(readonly sim: SimClock, private readonly lateMs: number) {}
  nowMs(): number { return this.sim.nowMs(); }
  setTimer(delayMs: number, fn: () => void): TimerHandle { return this.sim.setTimer(delayMs + this.lateMs, fn); }
  clearTimer(handle: TimerHandle | null | undefined): void { this.sim.clearTimer(handle); }
}

/** Runs 15 straight 10 mm moves at 100 mm/s (all queued at once) and returns when the last one ends. */
function straightLineEndsAtMs(lateMs: number): number {
  const sim = new SimClock();
  const queue = new MotionQueue(new LateClock(sim, lateMs), limits, 15);
  for (let i = 0; i < 15; i++) expect(queue.add({ x: 10, y: 0, z: 0, e: 0 }, 100)).toBe(true);
  let endedAtMs = -1;
  queue.onChange(() => { if (queue.isEmpty()) endedAtMs = sim.nowMs(); });
  sim.run();
  return endedAtMs;
}

describe('motion queue on a host whose timers fire late', () => {
  it('catches up: 15 blocks woken 7 ms late each end 7 ms late in total, not 15 × 7 ms', () => {
    const onTimeMs = straightLineEndsAtMs(0);
    // 150 mm at 100 mm/s cannot take less than 1.5 s.
    expect(onTimeMs).toBeGreaterThan(1500);
    expect(straightLineEndsAtMs(7)).toBeCloseTo(onTimeMs + 7, 6);
  });
});
