import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CuraWasmSlicer } from '../../../src/slicing/cura-wasm.js';
import { readProfileSignature } from '../../../src/slicing/sliced-gcode-file.js';
import { sliceModel } from '../../../src/slicing/slice-model.js';
import type { SliceProgress } from '../../../src/slicing/slicer.js';
import { binaryStl, cube, triangles } from '../../unit/mesh/mesh-builders.js';

// The engine runs in a child process from the compiled dist/ (npm test builds first).
describe('slicing through the embedded cura-wasm engine', () => {
  it('slices a 20 mm cube with the same library presets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slice-cura-'));
    const model = join(dir, 'upload-1');
    writeFileSync(model, binaryStl(triangles(cube(20))));
    const out = join(dir, 'cube.gcode');
    const progress: SliceProgress[] = [];
    const outcome = await sliceModel({ modelPath: model, outputPath: out, printer: 'ender3', preset: 'draft' },
      { slicer: new CuraWasmSlicer(), onProgress: (p) => progress.push(p) });
    if (!outcome.ok) throw new Error(`${outcome.failure.code}: ${outcome.failure.message}\n${outcome.failure.slicerLog}`);
    const r = outcome.value;
    const gcode = readFileSync(out, 'latin1');
    expect(r.engine).toBe('cura-wasm');
    // 20 mm in 0.28 mm layers.
    expect(r.layers).toBeGreaterThanOrEqual(Math.floor(20 / 0.28));
    expect(r.layers).toBeLessThanOrEqual(Math.ceil(20 / 0.28));
    expect(gcode.split('\n;LAYER:').length - 1).toBe(r.layers);
    expect(r.estimate.seconds).toBeGreaterThan(60);
    expect(r.estimate.filamentGrams).toBeGreaterThan(1);
    expect(gcode).not.toMatch(/^;TIME:6666$/m);
    expect(gcode).toMatch(/^;Layer height: 0.28$/m);
    expect(gcode).toMatch(/^M109 S210$/m);
    expect((await readProfileSignature(out))?.preset).toBe('draft');
    expect(progress.at(-1)?.percent).toBe(100);
    expect(existsSync(`${out}.partial.gcode`)).toBe(false);
  });
});
