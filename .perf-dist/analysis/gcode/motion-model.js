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
/** How the profile's three motion numbers expand into the planner's limits (Marlin 2 stock behaviour). */
export function motionLimitsFromProfile(motion) {
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
const PREVIOUS_CRUISE_THRESHOLD_MMS = 1e-4;
export class MotionPlanner {
    limits;
    lookaheadBlocks;
    onMarker;
    ring;
    head = 0;
    count = 0;
    /** Speed the oldest queued block really enters at: the exit of the last committed block. */
    committedEntryMmS = 0;
    committedSeconds = 0;
    prevAxisMmS = { x: 0, y: 0, z: 0, e: 0 };
    prevUx = 0;
    prevUy = 0;
    prevUz = 0;
    prevCruiseMmS = 0;
    prevSafeMmS = 0;
    prevHadXyz = false;
    /**
     * `onMarker(marker, seconds)` is called when a block carrying a marker ≥ 0 is committed, with the time
     * at which that block starts: how the layer table learns when each layer begins.
     */
    constructor(limits, lookaheadBlocks = 64, onMarker = () => { }) {
        this.limits = limits;
        this.lookaheadBlocks = lookaheadBlocks;
        this.onMarker = onMarker;
        this.ring = Array.from({ length: lookaheadBlocks + 1 }, () => ({
            lengthMm: 0, cruiseMmS: 0, accelMmS2: 0, maxEntryMmS: 0, entryMmS: 0, safeMmS: 0, marker: -1,
        }));
    }
    /** Seconds of everything committed so far (call `flush()` first for the total). */
    get seconds() { return this.committedSeconds; }
    /**
     * The next move, filled by the caller before `queueMove`: dx, dy, dz, de (mm) and feedrate (mm/s).
     * An array rather than arguments, because doubles passed to a call that is not inlined get boxed.
     */
    move = new Float64Array(5);
    /** Queues one straight move; false when it moves nothing (and so carries no marker). */
    addMove(dx, dy, dz, de, feedMmS, marker = -1) {
        const m = this.move;
        m[0] = dx;
        m[1] = dy;
        m[2] = dz;
        m[3] = de;
        m[4] = feedMmS;
        return this.queueMove(marker);
    }
    /** Queues `move`; false when it moves nothing (and so carries no marker). */
    queueMove(marker) {
        const m = this.move;
        const dx = m[0];
        const dy = m[1];
        const dz = m[2];
        const de = m[3];
        const feedMmS = m[4];
        const xyz = Math.sqrt(dx * dx + dy * dy + dz * dz);
        const extrudeOnly = xyz < 1e-9;
        const lengthMm = extrudeOnly ? Math.abs(de) : xyz;
        if (lengthMm < 1e-9 || !(feedMmS > 0))
            return false;
        const lim = this.limits;
        const inv = 1 / lengthMm;
        let cruise = feedMmS;
        cruise = capAxis(cruise, dx * inv, lim.maxFeedrateMmS.x);
        cruise = capAxis(cruise, dy * inv, lim.maxFeedrateMmS.y);
        cruise = capAxis(cruise, dz * inv, lim.maxFeedrateMmS.z);
        cruise = capAxis(cruise, de * inv, lim.maxFeedrateMmS.e);
        let accel = extrudeOnly ? lim.retractAccelMmS2 : de > 0 ? lim.printAccelMmS2 : lim.travelAccelMmS2;
        accel = capAxis(accel, dx * inv, lim.maxAxisAccelMmS2.x);
        accel = capAxis(accel, dy * inv, lim.maxAxisAccelMmS2.y);
        accel = capAxis(accel, dz * inv, lim.maxAxisAccelMmS2.z);
        accel = capAxis(accel, de * inv, lim.maxAxisAccelMmS2.e);
        const vx = cruise * dx * inv;
        const vy = cruise * dy * inv;
        const vz = cruise * dz * inv;
        const ve = cruise * de * inv;
        let safe;
        let junction;
        if (lim.junction.kind === 'jerk') {
            const j = lim.junction.maxJerkMmS;
            safe = cruise;
            if (Math.abs(vx) > j.x)
                safe = Math.min(safe, j.x);
            if (Math.abs(vy) > j.y)
                safe = Math.min(safe, j.y);
            if (Math.abs(vz) > j.z)
                safe = Math.min(safe, j.z);
            if (Math.abs(ve) > j.e)
                safe = Math.min(safe, j.e);
            junction = this.count > 0 && this.prevCruiseMmS > PREVIOUS_CRUISE_THRESHOLD_MMS
                ? this.jerkJunction(cruise, safe, vx, vy, vz, ve, j) : safe;
        }
        else {
            safe = 0;
            junction = this.count > 0 && this.prevHadXyz && !extrudeOnly
                ? this.deviationJunction(dx * inv, dy * inv, dz * inv, cruise, accel, lim.junction.deviationMm) : 0;
        }
        this.prevAxisMmS.x = vx;
        this.prevAxisMmS.y = vy;
        this.prevAxisMmS.z = vz;
        this.prevAxisMmS.e = ve;
        if (!extrudeOnly) {
            this.prevUx = dx * inv;
            this.prevUy = dy * inv;
            this.prevUz = dz * inv;
        }
        this.prevHadXyz = !extrudeOnly;
        this.prevCruiseMmS = cruise;
        this.prevSafeMmS = safe;
        if (this.count === this.lookaheadBlocks)
            this.commitOldest();
        let slot = this.head + this.count;
        if (slot >= this.ring.length)
            slot -= this.ring.length;
        const block = this.ring[slot];
        this.count++;
        block.lengthMm = lengthMm;
        block.cruiseMmS = cruise;
        block.accelMmS2 = accel;
        block.maxEntryMmS = Math.min(junction, cruise);
        block.safeMmS = safe;
        block.marker = marker;
        block.entryMmS = -1;
        if (this.count === 1)
            this.committedEntryMmS = Math.min(junction, cruise);
        this.backwardPass();
        return true;
    }
    /** Runs out the queue to a standstill: before a dwell, a heater wait, or at the end of the file. */
    flush() {
        while (this.count > 0)
            this.commitOldest();
        this.prevCruiseMmS = 0;
        this.prevHadXyz = false;
    }
    /** A pause in which nothing moves (G4, heater waits): the queue drains first. */
    addStillSeconds(seconds) {
        this.flush();
        if (seconds > 0)
            this.committedSeconds += seconds;
    }
    /** Corner speed under classic jerk: the largest shared speed whose per-axis speed jump is within the jerk limits. */
    jerkJunction(cruise, safe, vx, vy, vz, ve, j) {
        const prevCruise = this.prevCruiseMmS;
        const prevLarger = prevCruise > cruise;
        const smallerFactor = prevLarger ? cruise / prevCruise : prevCruise / cruise;
        let junction = prevLarger ? cruise : prevCruise;
        const p = this.prevAxisMmS;
        // Each axis in turn may lower the shared factor; later axes are checked at the already lowered speed.
        let factor = 1;
        factor = jerkFactor(p.x, vx, j.x, prevLarger, smallerFactor, factor);
        factor = jerkFactor(p.y, vy, j.y, prevLarger, smallerFactor, factor);
        factor = jerkFactor(p.z, vz, j.z, prevLarger, smallerFactor, factor);
        factor = jerkFactor(p.e, ve, j.e, prevLarger, smallerFactor, factor);
        junction *= factor;
        // When both blocks could start from rest faster than this corner allows, treat it as a stop-and-go.
        const threshold = junction * 0.99;
        if (this.prevSafeMmS > threshold && safe > threshold)
            junction = safe;
        return junction;
    }
    /** Corner speed under junction deviation: the speed at which the centripetal acceleration fits the corner arc. */
    deviationJunction(ux, uy, uz, cruise, accel, deviationMm) {
        const cosTheta = -(this.prevUx * ux + this.prevUy * uy + this.prevUz * uz);
        const limit = Math.min(cruise, this.prevCruiseMmS);
        if (cosTheta > 0.999999)
            return 0;
        if (cosTheta < -0.999999)
            return limit;
        const sinHalf = Math.sqrt(0.5 * (1 - cosTheta));
        return Math.min(limit, Math.sqrt((accel * deviationMm * sinHalf) / (1 - sinHalf)));
    }
    backwardPass() {
        const ring = this.ring;
        const n = ring.length;
        let index = this.head + this.count - 1;
        if (index >= n)
            index -= n;
        let exit = ring[index].safeMmS;
        for (let k = this.count; k > 0; k--) {
            const b = ring[index];
            const braking = Math.sqrt(exit * exit + 2 * b.accelMmS2 * b.lengthMm);
            const entry = braking < b.maxEntryMmS ? braking : b.maxEntryMmS;
            if (entry === b.entryMmS)
                break;
            b.entryMmS = entry;
            exit = entry;
            index = index === 0 ? n - 1 : index - 1;
        }
    }
    commitOldest() {
        const n = this.ring.length;
        const b = this.ring[this.head];
        const entry = Math.min(this.committedEntryMmS, b.entryMmS);
        const reachable = Math.sqrt(entry * entry + 2 * b.accelMmS2 * b.lengthMm);
        const nextEntry = this.count > 1 ? this.ring[this.head + 1 === n ? 0 : this.head + 1].entryMmS : b.safeMmS;
        const exit = Math.min(nextEntry, reachable);
        if (b.marker >= 0)
            this.onMarker(b.marker, this.committedSeconds);
        this.committedSeconds += trapezoidMs(b.lengthMm, Math.min(entry, b.cruiseMmS), Math.min(exit, b.cruiseMmS), b.cruiseMmS, b.accelMmS2) / 1000;
        this.committedEntryMmS = exit;
        this.head = this.head + 1 === n ? 0 : this.head + 1;
        this.count--;
    }
}
/** Scales a whole-move speed or acceleration so that one axis's share stays within its limit. */
function capAxis(value, axisFraction, axisLimit) {
    const share = Math.abs(axisFraction) * value;
    return share > axisLimit ? axisLimit / Math.abs(axisFraction) : value;
}
function jerkFactor(prevV, currV, maxJerk, prevLarger, smallerFactor, factor) {
    const vExit = (prevLarger ? prevV * smallerFactor : prevV) * factor;
    const vEntry = (prevLarger ? currV : currV * smallerFactor) * factor;
    const jump = axisJump(vExit, vEntry);
    return jump > maxJerk ? factor * (maxJerk / jump) : factor;
}
/** Speed change on one axis across a corner; a reversal counts the larger of the two speeds. */
function axisJump(vExit, vEntry) {
    if (vExit > vEntry)
        return vEntry > 0 || vExit < 0 ? vExit - vEntry : Math.max(vExit, -vEntry);
    return vEntry < 0 || vExit > 0 ? vEntry - vExit : Math.max(-vExit, vEntry);
}
//# sourceMappingURL=motion-model.js.map