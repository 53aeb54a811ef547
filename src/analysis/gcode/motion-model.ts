/**
 * Our own print-time model: a look-ahead planner over straight moves, as the firmware runs it. Each move
 * is a trapezoid (accelerate, cruise, decelerate) whose entry and exit speeds are bounded by the corner
 * to its neighbours (classic per-axis jerk, or Marlin 2's junction deviation), by what the acceleration
 * can reach over its length, and by the profile's per-axis feedrate and acceleration limits.
 *
 * Memory is bounded: only `lookaheadBlocks` moves are kept; older ones are committed to the total.
 * Pure: no clock, no I/O; the caller feeds moves and reads seconds. The trapezoid itself is the virtual
 * printer's (one formula for both), the look-ahead here is streaming and its corners can be jerk-based.
 */
import { trapezoidMs } from '../../printer/virtual/planner.js';

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

/**
 * The queued blocks live in one typed array, so the planner creates no object per move and reads its
 * neighbours from adjacent memory. Seven numbers per block, padded to eight: one 64-byte cache line.
 */
const BLOCK_FIELDS = 8;
const LENGTH_MM = 0;
const CRUISE_MMS = 1;
const ACCEL_MMS2 = 2;
/** Fastest speed into this block: the junction with the previous one, never above its own cruise. */
const MAX_ENTRY_MMS = 3;
/** Entry speed from the backward pass (what the blocks after this one allow). */
const ENTRY_MMS = 4;
/** Speed from which this block can stop (or start) instantly. */
const SAFE_MMS = 5;
const MARKER = 6;

const PREVIOUS_CRUISE_THRESHOLD_MMS = 1e-4;

export class MotionPlanner {
  private readonly ring: Float64Array;
  private readonly slots: number;
  /** Slot index (not array offset) of the oldest queued block. */
  private head = 0;
  private count = 0;
  /** Speed the oldest queued block really enters at: the exit of the last committed block. */
  private committedEntryMmS = 0;
  private committedSeconds = 0;
  private prevVx = 0; private prevVy = 0; private prevVz = 0; private prevVe = 0;
  private prevUx = 0; private prevUy = 0; private prevUz = 0;
  private prevCruiseMmS = 0;
  private prevSafeMmS = 0;
  private prevHadXyz = false;

  /**
   * `onMarker(marker, seconds)` is called when a block carrying a marker ≥ 0 is committed, with the time
   * at which that block starts: how the layer table learns when each layer begins.
   */
  constructor(
    public limits: MotionLimits,
    private readonly lookaheadBlocks = 64,
    private readonly onMarker: (marker: number, startSeconds: number) => void = () => {},
  ) {
    this.slots = lookaheadBlocks + 1;
    this.ring = new Float64Array(this.slots * BLOCK_FIELDS);
  }

  /** Seconds of everything committed so far (call `flush()` first for the total). */
  get seconds(): number { return this.committedSeconds; }

  /**
   * The next move, filled by the caller before `queueMove`: dx, dy, dz, de (mm) and feedrate (mm/s).
   * An array rather than arguments, because doubles passed to a call that is not inlined get boxed.
   */
  readonly move = new Float64Array(5);

  /** Queues one straight move; false when it moves nothing (and so carries no marker). */
  addMove(dx: number, dy: number, dz: number, de: number, feedMmS: number, marker = -1): boolean {
    const m = this.move;
    m[0] = dx; m[1] = dy; m[2] = dz; m[3] = de; m[4] = feedMmS;
    return this.queueMove(marker);
  }

  /** Queues `move`; false when it moves nothing (and so carries no marker). */
  queueMove(marker: number): boolean {
    const m = this.move;
    const dx = m[0]; const dy = m[1]; const dz = m[2]; const de = m[3]; const feedMmS = m[4];
    const xyz = Math.sqrt(dx * dx + dy * dy + dz * dz);
    const extrudeOnly = xyz < 1e-9;
    const lengthMm = extrudeOnly ? Math.abs(de) : xyz;
    if (lengthMm < 1e-9 || !(feedMmS > 0)) return false;
    const lim = this.limits;
    const inv = 1 / lengthMm;
    const ux = dx * inv; const uy = dy * inv; const uz = dz * inv; const ue = de * inv;

    const feedLimit = lim.maxFeedrateMmS;
    let cruise = feedMmS;
    cruise = capAxis(cruise, ux, feedLimit.x);
    cruise = capAxis(cruise, uy, feedLimit.y);
    cruise = capAxis(cruise, uz, feedLimit.z);
    cruise = capAxis(cruise, ue, feedLimit.e);

    const accelLimit = lim.maxAxisAccelMmS2;
    let accel = extrudeOnly ? lim.retractAccelMmS2 : de > 0 ? lim.printAccelMmS2 : lim.travelAccelMmS2;
    accel = capAxis(accel, ux, accelLimit.x);
    accel = capAxis(accel, uy, accelLimit.y);
    accel = capAxis(accel, uz, accelLimit.z);
    accel = capAxis(accel, ue, accelLimit.e);

    // (cruise · d) · inv rather than cruise · u: the other rounding would change the estimate's last digits.
    const vx = cruise * dx * inv; const vy = cruise * dy * inv; const vz = cruise * dz * inv; const ve = cruise * de * inv;
    let safe: number;
    let junction: number;
    const model = lim.junction;
    if (model.kind === 'jerk') {
      const j = model.maxJerkMmS;
      safe = cruise;
      if (Math.abs(vx) > j.x) safe = Math.min(safe, j.x);
      if (Math.abs(vy) > j.y) safe = Math.min(safe, j.y);
      if (Math.abs(vz) > j.z) safe = Math.min(safe, j.z);
      if (Math.abs(ve) > j.e) safe = Math.min(safe, j.e);
      junction = this.count > 0 && this.prevCruiseMmS > PREVIOUS_CRUISE_THRESHOLD_MMS
        ? this.jerkJunction(cruise, safe, vx, vy, vz, ve, j) : safe;
    } else {
      safe = 0;
      junction = this.count > 0 && this.prevHadXyz && !extrudeOnly
        ? this.deviationJunction(ux, uy, uz, cruise, accel, model.deviationMm) : 0;
    }

    this.prevVx = vx; this.prevVy = vy; this.prevVz = vz; this.prevVe = ve;
    if (!extrudeOnly) { this.prevUx = ux; this.prevUy = uy; this.prevUz = uz; }
    this.prevHadXyz = !extrudeOnly;
    this.prevCruiseMmS = cruise;
    this.prevSafeMmS = safe;

    if (this.count === this.lookaheadBlocks) this.commitOldest();
    let slot = this.head + this.count;
    if (slot >= this.slots) slot -= this.slots;
    const ring = this.ring;
    const b = slot * BLOCK_FIELDS;
    this.count++;
    const maxEntry = Math.min(junction, cruise);
    ring[b + LENGTH_MM] = lengthMm;
    ring[b + CRUISE_MMS] = cruise;
    ring[b + ACCEL_MMS2] = accel;
    ring[b + MAX_ENTRY_MMS] = maxEntry;
    ring[b + SAFE_MMS] = safe;
    ring[b + MARKER] = marker;
    ring[b + ENTRY_MMS] = -1;
    if (this.count === 1) this.committedEntryMmS = maxEntry;
    this.backwardPass(slot, safe);
    return true;
  }

  /** Runs out the queue to a standstill: before a dwell, a heater wait, or at the end of the file. */
  flush(): void {
    while (this.count > 0) this.commitOldest();
    this.prevCruiseMmS = 0;
    this.prevHadXyz = false;
  }

  /** A pause in which nothing moves (G4, heater waits): the queue drains first. */
  addStillSeconds(seconds: number): void {
    this.flush();
    if (seconds > 0) this.committedSeconds += seconds;
  }

  /** Corner speed under classic jerk: the largest shared speed whose per-axis speed jump is within the jerk limits. */
  private jerkJunction(cruise: number, safe: number, vx: number, vy: number, vz: number, ve: number, j: AxisSet): number {
    const prevCruise = this.prevCruiseMmS;
    const prevLarger = prevCruise > cruise;
    const smallerFactor = prevLarger ? cruise / prevCruise : prevCruise / cruise;
    let junction = prevLarger ? cruise : prevCruise;
    // Each axis in turn may lower the shared factor; later axes are checked at the already lowered speed.
    let factor = 1;
    factor = jerkFactor(this.prevVx, vx, j.x, prevLarger, smallerFactor, factor);
    factor = jerkFactor(this.prevVy, vy, j.y, prevLarger, smallerFactor, factor);
    factor = jerkFactor(this.prevVz, vz, j.z, prevLarger, smallerFactor, factor);
    factor = jerkFactor(this.prevVe, ve, j.e, prevLarger, smallerFactor, factor);
    junction *= factor;
    // When both blocks could start from rest faster than this corner allows, treat it as a stop-and-go.
    const threshold = junction * 0.99;
    if (this.prevSafeMmS > threshold && safe > threshold) junction = safe;
    return junction;
  }

  /** Corner speed under junction deviation: the speed at which the centripetal acceleration fits the corner arc. */
  private deviationJunction(ux: number, uy: number, uz: number, cruise: number, accel: number, deviationMm: number): number {
    const cosTheta = -(this.prevUx * ux + this.prevUy * uy + this.prevUz * uz);
    const limit = Math.min(cruise, this.prevCruiseMmS);
    if (cosTheta > 0.999999) return 0;
    if (cosTheta < -0.999999) return limit;
    const sinHalf = Math.sqrt(0.5 * (1 - cosTheta));
    return Math.min(limit, Math.sqrt((accel * deviationMm * sinHalf) / (1 - sinHalf)));
  }

  /** From the newest block (`slot`, which must be able to stop from `exit`) back until an entry speed no longer changes. */
  private backwardPass(slot: number, exit: number): void {
    const ring = this.ring;
    let index = slot;
    for (let k = this.count; k > 0; k--) {
      const b = index * BLOCK_FIELDS;
      const braking = Math.sqrt(exit * exit + 2 * ring[b + ACCEL_MMS2] * ring[b + LENGTH_MM]);
      const maxEntry = ring[b + MAX_ENTRY_MMS];
      const entry = braking < maxEntry ? braking : maxEntry;
      if (entry === ring[b + ENTRY_MMS]) break;
      ring[b + ENTRY_MMS] = entry;
      exit = entry;
      index = index === 0 ? this.slots - 1 : index - 1;
    }
  }

  private commitOldest(): void {
    const ring = this.ring;
    const next = this.head + 1 === this.slots ? 0 : this.head + 1;
    const b = this.head * BLOCK_FIELDS;
    const lengthMm = ring[b + LENGTH_MM]; const cruise = ring[b + CRUISE_MMS]; const accel = ring[b + ACCEL_MMS2];
    const entry = Math.min(this.committedEntryMmS, ring[b + ENTRY_MMS]);
    const reachable = Math.sqrt(entry * entry + 2 * accel * lengthMm);
    const nextEntry = this.count > 1 ? ring[next * BLOCK_FIELDS + ENTRY_MMS] : ring[b + SAFE_MMS];
    const exit = Math.min(nextEntry, reachable);
    const marker = ring[b + MARKER];
    if (marker >= 0) this.onMarker(marker, this.committedSeconds);
    this.committedSeconds += trapezoidMs(lengthMm, Math.min(entry, cruise), Math.min(exit, cruise), cruise, accel) / 1000;
    this.committedEntryMmS = exit;
    this.head = next;
    this.count--;
  }
}

/** Scales a whole-move speed or acceleration so that one axis's share stays within its limit. */
function capAxis(value: number, axisFraction: number, axisLimit: number): number {
  const share = Math.abs(axisFraction) * value;
  return share > axisLimit ? axisLimit / Math.abs(axisFraction) : value;
}

function jerkFactor(prevV: number, currV: number, maxJerk: number, prevLarger: boolean, smallerFactor: number, factor: number): number {
  const vExit = (prevLarger ? prevV * smallerFactor : prevV) * factor;
  const vEntry = (prevLarger ? currV : currV * smallerFactor) * factor;
  const jump = axisJump(vExit, vEntry);
  return jump > maxJerk ? factor * (maxJerk / jump) : factor;
}

/** Speed change on one axis across a corner; a reversal counts the larger of the two speeds. */
function axisJump(vExit: number, vEntry: number): number {
  if (vExit > vEntry) return vEntry > 0 || vExit < 0 ? vExit - vEntry : Math.max(vExit, -vEntry);
  return vEntry < 0 || vExit > 0 ? vEntry - vExit : Math.max(-vExit, vEntry);
}
