/** Test helper: runs G-code text through the real analyser (and optionally the policy) in awkward chunks. */
import { GcodeAnalyser, type ExtruderModes } from '../../../src/analysis/gcode/gcode-analysis.js';
import type { MotionLimits } from '../../../src/analysis/gcode/motion-model.js';
import type { GcodeObserver } from '../../../src/analysis/gcode/gcode-observer.js';

/** Limits so high that a move takes length / feedrate: lets tests check geometry through time. */
export const INSTANT_LIMITS: MotionLimits = {
  maxFeedrateMmS: { x: 1e6, y: 1e6, z: 1e6, e: 1e6 },
  maxAxisAccelMmS2: { x: 1e12, y: 1e12, z: 1e12, e: 1e12 },
  printAccelMmS2: 1e12, retractAccelMmS2: 1e12, travelAccelMmS2: 1e12,
  junction: { kind: 'jerk', maxJerkMmS: { x: 1e6, y: 1e6, z: 1e6, e: 1e6 } },
};

/** Chunks of 7 bytes put line ends, numbers and CRLF pairs across chunk borders. */
export function analyseText(text: string, opts: { limits?: MotionLimits; observers?: GcodeObserver[]; chunkBytes?: number; extruderModes?: ExtruderModes } = {}) {
  const analyser = new GcodeAnalyser({
    limits: opts.limits ?? INSTANT_LIMITS, filamentDiameterMm: 1.75, densityGPerCm3: 1.24, observers: opts.observers,
    extruderModes: opts.extruderModes,
  });
  const bytes = Buffer.from(text, 'latin1');
  const size = opts.chunkBytes ?? 7;
  for (let i = 0; i < bytes.length; i += size) analyser.push(bytes.subarray(i, i + size));
  return analyser.finish();
}
