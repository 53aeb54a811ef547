/**
 * Our time estimate against PrusaSlicer's own, on real PrusaSlicer output. The limits fed to our model
 * are the ones PrusaSlicer printed into the same file (`; machine_max_* = …`), so both estimators see
 * the same machine; PrusaSlicer does not count heat-up, so we compare without it and print both.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GcodeAnalyser } from '../../../src/analysis/gcode/gcode-analysis.js';
import type { MotionLimits } from '../../../src/analysis/gcode/motion-model.js';

const FIXTURES = '../shared/fixtures/gcode';

function slicerLimits(gcode: string): MotionLimits {
  const value = (key: string): number => {
    const m = new RegExp(`^; ${key} = ([\\d.]+)`, 'm').exec(gcode);
    if (!m) throw new Error(`${key} missing from the fixture`);
    return Number(m[1]);
  };
  const axes = (prefix: string) => ({ x: value(`${prefix}_x`), y: value(`${prefix}_y`), z: value(`${prefix}_z`), e: value(`${prefix}_e`) });
  return {
    maxFeedrateMmS: axes('machine_max_feedrate'),
    maxAxisAccelMmS2: axes('machine_max_acceleration'),
    printAccelMmS2: value('machine_max_acceleration_extruding'),
    retractAccelMmS2: value('machine_max_acceleration_retracting'),
    travelAccelMmS2: value('machine_max_acceleration_travel'),
    junction: { kind: 'jerk', maxJerkMmS: axes('machine_max_jerk') },
  };
}

async function analyse(file: string) {
  const text = readFileSync(file, 'latin1');
  const analyser = new GcodeAnalyser({ limits: slicerLimits(text), filamentDiameterMm: 1.75, densityGPerCm3: 1.24 });
  for await (const chunk of createReadStream(file, { highWaterMark: 64 * 1024 })) analyser.push(chunk as Buffer);
  return analyser.finish();
}

describe('print-time estimate vs PrusaSlicer', () => {
  for (const name of ['3DBenchy-prusaslicer-2.5.gcode', 'benchy-wheel-prusaslicer-2.5.gcode']) {
    it(`${name}: within ±10 % of the slicer's estimate, filament within 1 %`, async () => {
      const a = await analyse(`${FIXTURES}/${name}`);
      const slicerS = a.metadata.slicerEstimateSeconds!;
      const oursS = a.estimate.seconds - a.estimate.heatingSeconds;
      const deviation = (oursS - slicerS) / slicerS;
      console.log(`${name}: ours ${oursS.toFixed(0)} s (+${a.estimate.heatingSeconds.toFixed(0)} s heat-up), `
        + `PrusaSlicer ${slicerS} s, deviation ${(deviation * 100).toFixed(2)} %; filament ${a.estimate.filamentMm.toFixed(1)} mm `
        + `vs ${a.metadata.slicerFilamentMm} mm, ${a.estimate.filamentGrams.toFixed(2)} g vs ${a.metadata.slicerFilamentGrams} g; layers ${a.layers}`);
      expect(slicerS).toBeGreaterThan(0);
      expect(Math.abs(deviation)).toBeLessThan(0.10);
      expect(Math.abs(a.estimate.filamentMm / a.metadata.slicerFilamentMm! - 1)).toBeLessThan(0.01);
      // The footer rounds grams to 0.01 g, which is more than 1 % of the wheel's 0.09 g.
      expect(Math.abs(a.estimate.filamentGrams - a.metadata.slicerFilamentGrams!)).toBeLessThanOrEqual(Math.max(0.005, 0.01 * a.metadata.slicerFilamentGrams!));
    });
  }
});
