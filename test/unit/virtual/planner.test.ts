import { describe, expect, it } from 'vitest';
import { makeBlock, planHead, trapezoidMs, type MotionLimits } from '../../../src/printer/virtual/planner.js';

const limits: MotionLimits = { maxFeedrateMmS: { x: 300, y: 300, z: 5, e: 25 }, maxAccelMmS2: 1000, junctionDeviationMm: 0.05 };

describe('trapezoid timing', () => {
  it('100 mm at 100 mm/s with 1000 mm/s² from and to rest: 0.1 s up, 0.9 s cruise, 0.1 s down', () => {
    expect(trapezoidMs(100, 0, 0, 100, 1000)).toBeCloseTo(1100, 6);
  });
  it('a move too short to reach cruise speed is a triangle', () => {
    // 2 mm at a=1000: peak = sqrt(a·d) = sqrt(2000) mm/s, time = 2·peak/a.
    expect(trapezoidMs(2, 0, 0, 100, 1000)).toBeCloseTo((2 * Math.sqrt(2000) / 1000) * 1000, 6);
  });
  it('entering at cruise speed and leaving at cruise speed is distance / speed', () => {
    expect(trapezoidMs(10, 100, 100, 100, 1000)).toBeCloseTo(100, 6);
  });
});

describe('blocks and junctions', () => {
  it('limits the speed by the slowest axis share', () => {
    const b = makeBlock({ x: 0, y: 0, z: 10, e: 0 }, 100, limits, null)!;
    expect(b.nominalSpeedMmS).toBe(5);
  });
  it('moves straight on at full speed, slows for a right angle, stops for a reversal', () => {
    const first = makeBlock({ x: 10, y: 0, z: 0, e: 0 }, 100, limits, null)!;
    const straight = makeBlock({ x: 10, y: 0, z: 0, e: 0 }, 100, limits, first)!;
    const corner = makeBlock({ x: 0, y: 10, z: 0, e: 0 }, 100, limits, first)!;
    const back = makeBlock({ x: -10, y: 0, z: 0, e: 0 }, 100, limits, first)!;
    expect(straight.maxEntrySpeedMmS).toBe(100);
    const sinHalf = Math.sqrt(0.5);
    expect(corner.maxEntrySpeedMmS).toBeCloseTo(Math.sqrt((1000 * 0.05 * sinHalf) / (1 - sinHalf)), 9);
    expect(back.maxEntrySpeedMmS).toBe(0);
  });
  it('ignores a move that goes nowhere', () => {
    expect(makeBlock({ x: 0, y: 0, z: 0, e: 0 }, 100, limits, null)).toBeNull();
  });
  it('plans the last queued block to a stop, and a block with a follower through the junction', () => {
    const a = makeBlock({ x: 100, y: 0, z: 0, e: 0 }, 100, limits, null)!;
    const b = makeBlock({ x: 100, y: 0, z: 0, e: 0 }, 100, limits, a)!;
    expect(planHead([a], 0)).toEqual({ durationMs: expect.closeTo(1100, 6), exitSpeedMmS: 0 });
    const head = planHead([a, b], 0);
    expect(head.exitSpeedMmS).toBe(100);
    expect(head.durationMs).toBeCloseTo(1050, 6);
  });
});
