/**
 * A layer that starts far above the one below it means a part printed in the air (layer-gaps.ts). The
 * check reads the layer table, whichever slicer wrote the file, and warns with the heights and line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../../../src/analysis/analyze-file.js';
import { layerGaps, MAX_LAYER_STEP_MM } from '../../../src/analysis/gcode/layer-gaps.js';
import type { LayerStart } from '../../../src/analysis/gcode/gcode-analysis.js';
import { findMaterial, loadMaterials } from '../../../src/analysis/materials.js';
import { loadProfile } from '../../../src/printer/profiles.js';

const layers = (zs: Array<number | null>): LayerStart[] => zs.map((zMm, layer) => ({ layer, zMm, startSeconds: 0, line: 10 * layer + 1, byteOffset: 0 }));

describe('gaps between layers', () => {
  it('finds a step up taller than any layer, and a first layer off the bed', () => {
    expect(layerGaps(layers([0.2, 0.4, 0.6, 5.6, 5.8]))).toEqual([{ fromMm: 0.6, toMm: 5.6, line: 31 }]);
    expect(layerGaps(layers([3, 3.2]))).toEqual([{ fromMm: 0, toMm: 3, line: 1 }]);
  });

  it('passes ordinary layers, the tallest a slicer makes, sequential printing and layers of unknown height', () => {
    expect(layerGaps(layers([0.3, 0.6, 0.9]))).toEqual([]);
    expect(layerGaps(layers([0.8, 0.8 + MAX_LAYER_STEP_MM]))).toEqual([]);
    // Object after object: back to the bed, then up again layer by layer.
    expect(layerGaps(layers([0.2, 0.4, 0.6, 0.2, 0.4]))).toEqual([]);
    expect(layerGaps(layers([0.2, null, 0.4]))).toEqual([]);
  });
});

const dir = mkdtempSync(join(tmpdir(), 'layer-gap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a file with a part in the air', () => {
  it('is analysed with a layer_gap warning at the first layer above the gap; it is not refused', async () => {
    const lines = ['M83', 'G28', 'G1 Z0.2 F600'];
    for (const z of [0.2, 0.4, 0.6, 4.6, 4.8]) lines.push(';LAYER_CHANGE', `;Z:${z}`, `G1 Z${z}`, 'G1 X20 Y20 F3000', 'G1 X40 Y20 E1 F1200', 'G1 X40 Y40 E1');
    const file = join(dir, 'floating.gcode');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const materials = loadMaterials();
    const outcome = await analyzeFile(file, { profile: loadProfile('ender3'), material: findMaterial(materials, 'PLA'), pricing: materials });
    if (!outcome.ok) throw new Error(outcome.code);
    const gap = outcome.analysis.findings.filter((f) => f.code === 'layer_gap');
    expect(gap).toEqual([expect.objectContaining({ severity: 'warn', line: 22, params: { fromMm: 0.6, toMm: 4.6 } })]);
    expect(outcome.analysis.refused).toBe(false);
  });
});
