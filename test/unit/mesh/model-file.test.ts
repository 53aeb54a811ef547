import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeModelFile, renderModelPreviewPng } from '../../../src/analysis/mesh/index.js';
import { loadProfile } from '../../../src/printer/profiles.js';
import { binaryStl, cube, obj, threeMfXml, threeMfZip, triangles } from './mesh-builders.js';

const MODELS = '../shared/fixtures/models';
const dir = mkdtempSync(join(tmpdir(), 'mesh-file-'));

function write(name: string, data: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}

// Figures from `prusa-slicer --info` on the same files.
const PRUSA_INFO = {
  'benchy-wheel.stl': { facets: 1488, volume: 64.820251, min: [6.228, -5, 14.640001], max: [8.51, 4.994, 24.672001] },
  'benchy-chimney-top.stl': { facets: 16036, volume: 68.321762, min: [-7.5, -3.5, 44.718], max: [-0.5, 3.498, 47.998] },
  'benchy-cargo-box.stl': { facets: 364, volume: 535.406982, min: [-18, -6, 6.494], max: [-7.002, 5.998, 15.496] },
} as const;

describe('analyzeModelFile on real models', () => {
  for (const [name, info] of Object.entries(PRUSA_INFO)) {
    it(`${name} agrees with PrusaSlicer`, async () => {
      const outcome = await analyzeModelFile(join(MODELS, name), { printer: loadProfile('ender3'), densityGPerCm3: 1.24 });
      if (!outcome.ok) throw new Error(outcome.refusal.code);
      const a = outcome.value;
      expect(a.format).toBe('stl_binary');
      expect(a.triangles).toBe(info.facets);
      expect(a.volumeMm3 / info.volume).toBeCloseTo(1, 4);
      a.bbox.min.forEach((v, i) => expect(v).toBeCloseTo(info.min[i], 3));
      a.bbox.max.forEach((v, i) => expect(v).toBeCloseTo(info.max[i], 3));
      expect(a).toMatchObject({ watertight: true, manifold: true, inverted: false, shells: 1, fits: true });
      expect(a.solidMassGrams).toBeCloseTo((a.volumeMm3 / 1000) * 1.24, 9);
    });
  }

  it('3DBenchy.3mf agrees with PrusaSlicer', async () => {
    const outcome = await analyzeModelFile(join(MODELS, '3DBenchy.3mf'), { printer: { buildVolumeMm: { x: 50, y: 220, z: 250 } } });
    if (!outcome.ok) throw new Error(outcome.refusal.code);
    const a = outcome.value;
    expect(a.format).toBe('3mf');
    expect(a.triangles).toBe(225154);
    expect(a.volumeMm3 / 15550.308594).toBeCloseTo(1, 4);
    expect(a.sizeMm.map((v) => Number(v.toFixed(3)))).toEqual([60.001, 31.004, 48]);
    expect(a.watertight).toBe(true);
    // 60 mm long on a 50 mm wide bed: only turned does it fit.
    expect([a.fits, a.fitsRotated90]).toEqual([false, true]);
  });
});

describe('analyzeModelFile on crafted files', () => {
  it('picks the format from the content, not the name', async () => {
    const zip = write('looks-like.stl', threeMfZip(threeMfXml([{ id: 1, mesh: cube(10) }], [{ objectId: 1 }])));
    const outcome = await analyzeModelFile(zip);
    expect(outcome.ok && outcome.value.format).toBe('3mf');
  });

  it('calls a .3mf that is not a zip a broken zip, not a truncated STL', async () => {
    const outcome = await analyzeModelFile(write('rikki.3mf', binaryStl(triangles(cube(10)))));
    expect(outcome.ok ? 'ok' : outcome.refusal.code).toBe('zip_invalid');
  });

  it('reads OBJ by its extension', async () => {
    const outcome = await analyzeModelFile(write('cube.obj', obj(cube(10))));
    expect(outcome.ok && outcome.value.volumeMm3).toBeCloseTo(1000, 6);
  });

  it('recognises OBJ text stored without an extension', async () => {
    const outcome = await analyzeModelFile(write('upload-18', `# exported\n${obj(cube(10))}`));
    expect(outcome.ok && outcome.value.format).toBe('obj');
  });

  it('reads an upload stored without an extension as STL', async () => {
    const outcome = await analyzeModelFile(write('upload-17', binaryStl(triangles(cube(10)))));
    expect(outcome.ok && outcome.value.format).toBe('stl_binary');
  });

  it('refuses a missing file without throwing', async () => {
    expect(await analyzeModelFile(join(dir, 'nope.stl'))).toMatchObject({ ok: false, refusal: { code: 'file_unreadable' } });
  });

  it('refuses an empty file', async () => {
    expect(await analyzeModelFile(write('empty.stl', ''))).toMatchObject({ ok: false, refusal: { code: 'mesh_empty' } });
  });

  it('stops reading at the first non-finite triangle', async () => {
    const tris = triangles(cube(10));
    tris[0][0] = [NaN, 0, 0];
    expect(await analyzeModelFile(write('nan.stl', binaryStl(tris)))).toMatchObject({ ok: false, refusal: { code: 'mesh_non_finite' } });
  });
});

describe('renderModelPreviewPng', () => {
  it('draws a real model into a PNG', async () => {
    const path = join(MODELS, 'benchy-cargo-box.stl');
    const analysis = await analyzeModelFile(path);
    if (!analysis.ok) throw new Error(analysis.refusal.code);
    const png = await renderModelPreviewPng(path, analysis.value.bbox, { sizePx: 96 });
    if (!png.ok) throw new Error(png.refusal.code);
    expect(png.value.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.value.readUInt32BE(16)).toBe(96);
  });
});
