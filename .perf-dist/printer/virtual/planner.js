/** Builds a block for a move by `delta` at `feedrateMmS`; null for a move that goes nowhere. */
export function makeBlock(delta, feedrateMmS, limits, previous) {
    const xyz = Math.hypot(delta.x, delta.y, delta.z);
    const lengthMm = xyz > 0 ? xyz : Math.abs(delta.e);
    if (!(lengthMm > 1e-9))
        return null;
    const unit = { x: delta.x / lengthMm, y: delta.y / lengthMm, z: delta.z / lengthMm, e: delta.e / lengthMm };
    let speed = feedrateMmS;
    for (const axis of ['x', 'y', 'z', 'e']) {
        const share = Math.abs(unit[axis]);
        if (share > 0)
            speed = Math.min(speed, limits.maxFeedrateMmS[axis] / share);
    }
    const accelMmS2 = limits.maxAccelMmS2;
    const block = { lengthMm, unit, nominalSpeedMmS: speed, accelMmS2, maxEntrySpeedMmS: 0 };
    if (previous)
        block.maxEntrySpeedMmS = junctionSpeed(previous, block, limits.junctionDeviationMm);
    return block;
}
function junctionSpeed(prev, next, deviationMm) {
    const cosTheta = -(prev.unit.x * next.unit.x + prev.unit.y * next.unit.y + prev.unit.z * next.unit.z);
    const cap = Math.min(prev.nominalSpeedMmS, next.nominalSpeedMmS);
    if (cosTheta < -0.999999)
        return cap; // straight on: no corner to slow for
    if (cosTheta > 0.999999)
        return 0; // full reversal: stop and go back
    const sinHalf = Math.sqrt(0.5 * (1 - cosTheta));
    return Math.min(cap, Math.sqrt((next.accelMmS2 * deviationMm * sinHalf) / (1 - sinHalf)));
}
/** Time to cover `lengthMm` starting at v0, ending at v1, cruising at most at vNominal. */
export function trapezoidMs(lengthMm, v0, v1, vNominal, accel) {
    const accelDist = (vNominal * vNominal - v0 * v0) / (2 * accel);
    const decelDist = (vNominal * vNominal - v1 * v1) / (2 * accel);
    if (accelDist + decelDist <= lengthMm) {
        const cruise = lengthMm - accelDist - decelDist;
        return ((vNominal - v0) / accel + (vNominal - v1) / accel + cruise / vNominal) * 1000;
    }
    const peak = Math.sqrt(Math.max(0, (2 * accel * lengthMm + v0 * v0 + v1 * v1) / 2));
    return ((Math.max(0, peak - v0) + Math.max(0, peak - v1)) / accel) * 1000;
}
/**
 * Duration of the first queued block given the speed it enters with, and the speed it leaves with
 * (the next block's entry). Backward pass: every block must be able to brake to a stop by the end
 * of the queue; forward pass for the first block: it cannot accelerate beyond what its length allows.
 */
export function planHead(queue, entrySpeedMmS) {
    let exitLimit = 0;
    for (let i = queue.length - 1; i >= 1; i--) {
        const b = queue[i];
        exitLimit = Math.min(b.maxEntrySpeedMmS, Math.sqrt(exitLimit * exitLimit + 2 * b.accelMmS2 * b.lengthMm));
    }
    const head = queue[0];
    const reachable = Math.sqrt(entrySpeedMmS * entrySpeedMmS + 2 * head.accelMmS2 * head.lengthMm);
    const exitSpeedMmS = Math.min(exitLimit, reachable, head.nominalSpeedMmS);
    const v0 = Math.min(entrySpeedMmS, head.nominalSpeedMmS);
    return { durationMs: trapezoidMs(head.lengthMm, v0, exitSpeedMmS, head.nominalSpeedMmS, head.accelMmS2), exitSpeedMmS };
}
//# sourceMappingURL=planner.js.map