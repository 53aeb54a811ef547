import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectSlicer } from '../../../src/slicing/engine-select.js';
import { PrusaSlicerCli } from '../../../src/slicing/prusaslicer-cli.js';
import { readProfileSignature } from '../../../src/slicing/sliced-gcode-file.js';
import { sliceModel } from '../../../src/slicing/slice-model.js';
import { loadSlicingProfile } from '../../../src/slicing/slicer-profiles.js';
import type { SliceProgress } from '../../../src/slicing/slicer.js';
import { binaryStl, box, cube, triangles } from '../../unit/mesh/mesh-builders.js';

const dir = mkdtempSync(join(tmpdir(), 'slice-prusa-'));
const write = (name: string, data: Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
};
const cubePath = write('cube20.stl', binaryStl(triangles(cube(20))));

describe('slicing through the real PrusaSlicer CLI', () => {
  it('slices a 20 mm cube with the library profile and signs the G-code', async () => {
    const out = join(dir, 'cube20.gcode');
    const progress: SliceProgress[] = [];
    const outcome = await sliceModel({ modelPath: cubePath, outputPath: out, printer: 'ender3', material: 'pla', preset: 'normal' },
      { slicer: new PrusaSlicerCli(), onProgress: (p) => progress.push(p) });
    if (!outcome.ok) throw new Error(`${outcome.failure.code}: ${outcome.failure.message}\n${outcome.failure.slicerLog}`);
    const r = outcome.value;
    expect(r.engine).toBe('prusaslicer');
    // 20 mm at 0.2 mm layers.
    expect(r.layers).toBe(100);
    expect(r.estimate.seconds).toBeGreaterThan(60);
    expect(r.estimate.filamentGrams).toBeGreaterThan(1);
    const gcode = readFileSync(out, 'latin1');
    expect(gcode).toMatch(/^; estimated printing time \(normal mode\) = /m);
    expect(gcode.split('\n;LAYER_CHANGE').length - 1).toBe(100);
    // The library profile really applied: its temperatures and layer height, not PrusaSlicer's defaults.
    expect(gcode).toMatch(/^M109 S210$/m);
    expect(gcode).toMatch(/^; layer_height = 0.2$/m);
    expect(gcode).toMatch(/^; bed_shape = 0x0,220x0,220x220,0x220$/m);
    expect((await readProfileSignature(out))?.signature).toBe(loadSlicingProfile({ printer: 'ender3' }).signature);
    expect(progress.map((p) => p.percent)).toEqual([...progress.map((p) => p.percent)].sort((a, b) => a - b));
    expect(progress.length).toBeGreaterThan(2);
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('slices a real model part, with the patron choices applied', async () => {
    const out = join(dir, 'wheel.gcode');
    const outcome = await sliceModel({ modelPath: '../shared/fixtures/models/benchy-wheel.stl', outputPath: out, printer: 'prusa-mk3s', preset: 'draft', infillPercent: 30 },
      { slicer: new PrusaSlicerCli() });
    if (!outcome.ok) throw new Error(`${outcome.failure.code}: ${outcome.failure.message}`);
    // The wheel is 10.032 mm tall, in 0.28 mm layers.
    expect(outcome.value.layers).toBeGreaterThanOrEqual(Math.floor(10.032 / 0.28));
    expect(outcome.value.layers).toBeLessThanOrEqual(Math.ceil(10.032 / 0.28));
    expect(outcome.value.signature).toMatch(/^prusa-mk3s\/pla\/draft infill=30 supports=off sha256:/);
    expect(readFileSync(out, 'latin1')).toMatch(/^; fill_density = 30%$/m);
  });

  it('tells uploaded G-code from ours', async () => {
    expect(await readProfileSignature('../shared/fixtures/gcode/benchy-wheel-prusaslicer-2.5.gcode')).toBeNull();
  });

  it('turns a model that only fits when turned', async () => {
    // 20 × 230 mm on the MK3S's 250 × 210 mm bed.
    const out = join(dir, 'bar.gcode');
    const outcome = await sliceModel({ modelPath: write('bar.stl', binaryStl(triangles(box([20, 230, 2])))), outputPath: out, printer: 'prusa-mk3s' },
      { slicer: new PrusaSlicerCli() });
    if (!outcome.ok) throw new Error(`${outcome.failure.code}: ${outcome.failure.message}`);
    const xs = [...readFileSync(out, 'latin1').matchAll(/^G1 X([\d.]+) Y[\d.]+ E/gm)].map((m) => Number(m[1]));
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(225);
  });

  it('refuses a model too large for the printer before slicing', async () => {
    const outcome = await sliceModel({ modelPath: write('big.stl', binaryStl(triangles(box([300, 10, 10])))), outputPath: join(dir, 'big.gcode'), printer: 'ender3' },
      { slicer: new PrusaSlicerCli() });
    expect(outcome).toMatchObject({ ok: false, failure: { code: 'model_too_large' } });
  });

  it("catches what PrusaSlicer's exit code does not: a print taller than the printer", async () => {
    const out = join(dir, 'tall.gcode');
    const outcome = await new PrusaSlicerCli().slice({
      modelPath: write('tall.stl', binaryStl(triangles(box([5, 5, 260])))), outputPath: out,
      profile: loadSlicingProfile({ printer: 'ender3', preset: 'draft' }),
    });
    expect(outcome).toMatchObject({ ok: false, failure: { code: 'model_too_large' } });
    expect(existsSync(out)).toBe(false);
  });

  it("maps PrusaSlicer's own refusals, keeping its words for staff", async () => {
    const profile = loadSlicingProfile({ printer: 'ender3' });
    const wide = await new PrusaSlicerCli().slice({ modelPath: write('wide.stl', binaryStl(triangles(box([300, 300, 1])))), outputPath: join(dir, 'w.gcode'), profile });
    expect(wide).toMatchObject({ ok: false, failure: { code: 'model_too_large', slicerLog: expect.stringContaining('could not fit') } });
    const cut = binaryStl(triangles(cube(20))).subarray(0, 300);
    const truncated = await new PrusaSlicerCli().slice({ modelPath: write('cut.stl', cut), outputPath: join(dir, 'c.gcode'), profile });
    expect(truncated).toMatchObject({ ok: false, failure: { code: 'model_unreadable', slicerLog: expect.stringContaining('wrong size') } });
    // A real part whose lowest slice is too thin to extrude at 0.28 mm.
    const cargo = await new PrusaSlicerCli().slice({ modelPath: '../shared/fixtures/models/benchy-cargo-box.stl', outputPath: join(dir, 'cargo.gcode'), profile: loadSlicingProfile({ printer: 'ender3', preset: 'draft' }) });
    expect(cargo).toMatchObject({ ok: false, failure: { code: 'model_unprintable', slicerLog: expect.stringContaining('first layer') } });
  });

  it('reports no_slicer_available when no engine can run', async () => {
    expect(await selectSlicer({ only: 'prusaslicer', path: dir })).toBeNull();
    const outcome = await sliceModel({ modelPath: cubePath, outputPath: join(dir, 'none.gcode'), printer: 'ender3' }, { slicer: null });
    expect(outcome).toMatchObject({ ok: false, failure: { code: 'no_slicer_available' } });
    const missing = await new PrusaSlicerCli('prusa-slicer-not-installed').slice({ modelPath: cubePath, outputPath: join(dir, 'none.gcode'), profile: loadSlicingProfile({ printer: 'ender3' }) });
    expect(missing).toMatchObject({ ok: false, failure: { code: 'no_slicer_available' } });
  });

  it('prefers PrusaSlicer when it is installed', async () => {
    expect((await selectSlicer())?.engine).toBe('prusaslicer');
    expect((await selectSlicer({ path: dir }))?.engine).toBe('cura-wasm');
  });
});
