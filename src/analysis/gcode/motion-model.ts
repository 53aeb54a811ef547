/**
 * Our own print-time model: a look-ahead planner over straight moves, as the firmware runs it. Each move
 * is a trapezoid (accelerate, cruise, decelerate) whose entry and exit speeds are bounded by the corner
 * to its neighbours (classic per-axis jerk, or Marlin 2's junction deviation), by what the acceleration
 * can reach over its length, and by the profile's per-axis feedrate and acceleration limits.
 *
 * The planner itself runs inside the G-code core (src/wasm/gcode-core.ts, driven through GcodeCore):
 * memory is bounded to `lookaheadBlocks` queued moves, older ones are committed to the total. The
 * trapezoid is the virtual printer's formula. This file holds the limits it plans with.
 */

export interface AxisSet { x: number; y: number; z: number; e: number }

export type JunctionModel =
  | { kind: 'jerk'; maxJerkMmS: AxisSet }
  | { kind: 'deviation'; deviationMm: number };

export interface MotionLimits {
  maxFeedrateMmS: AxisSet;
  maxAxisAccelMmS2: AxisSet;
  /** M204 P: moves that extrude. */
  printAccelMmS2: number;
  /** M204 R: extruder-only moves (retract / unretract). */
  retractAccelMmS2: number;
  /** M204 T: moves that do not extrude. */
  travelAccelMmS2: number;
  junction: JunctionModel;
}

/** How the profile's three motion numbers expand into the planner's limits (Marlin 2 stock behaviour). */
export function motionLimitsFromProfile(motion: {
  maxFeedrateMmS: AxisSet; maxAccelMmS2: number; junctionDeviationMm: number;
}): MotionLimits {
  const a = motion.maxAccelMmS2;
  return {
    maxFeedrateMmS: { ...motion.maxFeedrateMmS },
    maxAxisAccelMmS2: { x: a, y: a, z: a, e: a },
    printAccelMmS2: a,
    retractAccelMmS2: a,
    travelAccelMmS2: a,
    junction: { kind: 'deviation', deviationMm: motion.junctionDeviationMm },
  };
}
