/**
 * A synthetic worst case for streaming: arcs broken into very short segments at print speed, the shape
 * that makes one-line-at-a-time hosts stutter (OctoPrint #450). Each move lasts 0.7–8 ms, so the printer
 * drains its planner faster than a slow link refills it. Deterministic for a given seed.
 */
import { Prng } from '../printer/virtual/prng.js';
const EXTRUSION_MM_PER_MM = 0.0333;
const LAYER_HEIGHT_MM = 0.2;
export function denseArcGcode(opts) {
    const prng = new Prng(opts.seed ?? 1);
    const rnd = () => prng.next();
    const minSeg = opts.minSegmentMm ?? 0.1, maxSeg = opts.maxSegmentMm ?? 0.5;
    const minSpeed = opts.minSpeedMmS ?? 60, maxSpeed = opts.maxSpeedMmS ?? 150;
    const cx = opts.centreMm?.x ?? 100, cy = opts.centreMm?.y ?? 100;
    const lines = ['; dense-arc benchmark file', 'M302 P1 ; allow cold extrusion: the benchmark does not heat',
        'G21', 'G90', 'M83', 'G92 E0'];
    let radiusMm = 20, angle = 0, layer = 1, speedMmS = minSpeed;
    let x = cx + radiusMm, y = cy;
    let newFeed = true;
    lines.push(';LAYER_CHANGE', `G1 Z${(LAYER_HEIGHT_MM * layer).toFixed(2)} F600`, `G1 X${x.toFixed(3)} Y${y.toFixed(3)} F6000`);
    for (let i = 0; i < opts.segments; i++) {
        const segMm = minSeg + rnd() * (maxSeg - minSeg);
        angle += segMm / radiusMm;
        if (angle >= 2 * Math.PI) {
            angle -= 2 * Math.PI;
            radiusMm = 15 + rnd() * 45;
            speedMmS = minSpeed + rnd() * (maxSpeed - minSpeed);
            layer++;
            newFeed = true;
            lines.push(';LAYER_CHANGE', `G1 Z${(LAYER_HEIGHT_MM * layer).toFixed(2)} F600`);
        }
        const nx = cx + radiusMm * Math.cos(angle), ny = cy + radiusMm * Math.sin(angle);
        const moveMm = Math.hypot(nx - x, ny - y);
        const feed = newFeed ? ` F${Math.round(speedMmS * 60)}` : '';
        newFeed = false;
        lines.push(`G1 X${nx.toFixed(3)} Y${ny.toFixed(3)} E${(moveMm * EXTRUSION_MM_PER_MM).toFixed(5)}${feed}`);
        x = nx;
        y = ny;
    }
    return lines;
}
//# sourceMappingURL=dense-arc-gcode.js.map