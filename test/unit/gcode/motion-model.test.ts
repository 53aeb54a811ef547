import { describe, expect, it } from 'vitest';
import { GcodeCore } from '../../../src/analysis/gcode/gcode-core.js';
import { motionLimitsFromProfile, type MotionLimits } from '../../../src/analysis/gcode/motion-model.js';

const deviation = (accel: number, feed = 1000): MotionLimits => motionLimitsFromProfile({
  maxFeedrateMmS: { x: feed, y: feed, z: feed, e: feed }, maxAccelMmS2: accel, junctionDeviationMm: 0.05,
});

function run(limits: MotionLimits, moves: Array<[number, number, number, number, number]>, lookahead = 64) {
  const p = new GcodeCore({}, { lookaheadBlocks: lookahead });
  p.setLimits(limits);
  for (const [dx, dy, dz, de, f] of moves) p.addMove(dx, dy, dz, de, f);
  return p.finish().seconds;
}

describe('motion model', () => {
  it('one move from rest to rest: accelerate, cruise, decelerate', () => {
    // 100 mm at 50 mm/s, 500 mm/s²: 0.1 s up, 0.1 s down over 2.5 mm each, 95 mm cruising (1.9 s).
    expect(run(deviation(500), [[100, 0, 0, 0, 50]])).toBeCloseTo(2.1, 9);
  });

  it('a move too short to reach its feedrate is a triangle', () => {
    // 1 mm at 100 mm/s² peaks at 10 mm/s half-way.
    expect(run(deviation(100), [[1, 0, 0, 0, 100]])).toBeCloseTo(0.2, 9);
  });

  it('many short collinear moves take as long as one long move (look-ahead carries the speed)', () => {
    const pieces = Array.from({ length: 1000 }, (): [number, number, number, number, number] => [0.1, 0, 0, 0, 50]);
    expect(run(deviation(500), pieces)).toBeCloseTo(run(deviation(500), [[100, 0, 0, 0, 50]]), 6);
  });

  it('a sharper corner costs more time; a reversal stops', () => {
    const straight = run(deviation(500), [[10, 0, 0, 0, 50], [10, 0, 0, 0, 50]]);
    const right = run(deviation(500), [[10, 0, 0, 0, 50], [0, 10, 0, 0, 50]]);
    const back = run(deviation(500), [[10, 0, 0, 0, 50], [-10, 0, 0, 0, 50]]);
    expect(straight).toBeLessThan(right);
    expect(right).toBeLessThan(back);
    expect(back).toBeCloseTo(2 * run(deviation(500), [[10, 0, 0, 0, 50]]), 9);
  });

  it('per-axis feedrate limits slow only the moves that use that axis', () => {
    const limits = deviation(1e9);
    limits.maxFeedrateMmS.z = 5;
    expect(run(limits, [[0, 0, 10, 0, 100]])).toBeCloseTo(2, 6);
    expect(run(limits, [[10, 0, 0, 0, 100]])).toBeCloseTo(0.1, 6);
  });

  it('jerk junctions: a corner within the jerk limit keeps full speed', () => {
    const jerk: MotionLimits = { ...deviation(500), junction: { kind: 'jerk', maxJerkMmS: { x: 100, y: 100, z: 1, e: 5 } } };
    const small = run(jerk, [[10, 0, 0, 0, 50], [10, 1, 0, 0, 50]]);
    const sharp = run({ ...jerk, junction: { kind: 'jerk', maxJerkMmS: { x: 1, y: 1, z: 1, e: 5 } } }, [[10, 0, 0, 0, 50], [10, 1, 0, 0, 50]]);
    expect(small).toBeLessThan(sharp);
  });

  it('extrude-only moves use the retract acceleration, extruding moves the print acceleration', () => {
    const limits = deviation(1e9);
    limits.retractAccelMmS2 = 100;
    expect(run(limits, [[0, 0, 0, -1, 100]])).toBeCloseTo(0.2, 9);
    limits.printAccelMmS2 = 100;
    limits.travelAccelMmS2 = 1e9;
    expect(run(limits, [[1, 0, 0, 0.1, 100]])).toBeCloseTo(0.2, 9);
    expect(run(limits, [[1, 0, 0, 0, 100]])).toBeCloseTo(0.01, 6);
  });

  it('a move of infinite or undefined length leaves the estimate undefined instead of vanishing from it', () => {
    // Coordinates past 1.8e308 mm (G20 with X1e308, or G92 offsets) make such moves; the file is refused
    // as outside the build volume, and its estimate stays what the JavaScript planner gave: NaN.
    expect(run(deviation(500), [[10, 0, 0, 0, 50], [NaN, 0, 0, 0, 50], [10, 0, 0, 0, 50]])).toBeNaN();
    expect(run(deviation(500), [[0, 0, 0, NaN, 50]])).toBeNaN();
    expect(run(deviation(500), [[10, 0, 0, 0, 50], [Infinity, 1, 0, 0, 50], [0, 10, 0, 0, 50]])).toBeNaN();
  });
});
