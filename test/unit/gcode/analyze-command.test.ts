/** `tulostamo analyze` end to end on real files: the command module, real profiles, materials and fixtures. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'tulostamo-analyze-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function analyze(...args: string[]) {
  const out: string[] = []; const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((s: string) => { out.push(s); });
  const error = vi.spyOn(console, 'error').mockImplementation((s: string) => { err.push(s); });
  try {
    const code = await main(['analyze', ...args]);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally { log.mockRestore(); error.mockRestore(); }
}

function craft(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A 3MF of `vertices` vertices no triangle uses: a few hundred kilobytes that unpack to millions of numbers. */
function vertexBomb(name: string, vertices: number): string {
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => { if (err) throw err; parts.push(chunk); });
  const stored = (path: string, text: string) => { const f = new ZipPassThrough(path); zip.add(f); f.push(strToU8(text), true); };
  stored('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    + '<Default Extension="model" ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/></Types>');
  stored('_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    + '<Relationship Target="/3D/3dmodel.model" Id="rel0" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/></Relationships>');
  const model = new ZipDeflate('3D/3dmodel.model', { level: 1 });
  zip.add(model);
  model.push(strToU8('<?xml version="1.0"?><model unit="millimeter" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02"><resources><object id="1" type="model"><mesh><vertices>'));
  const block = strToU8('<vertex x="1.5" y="2.5" z="3.5"/>'.repeat(10_000));
  for (let n = 0; n < vertices; n += 10_000) model.push(block);
  model.push(strToU8('</vertices><triangles><triangle v1="0" v2="1" v3="2"/></triangles></mesh></object></resources><build><item objectid="1"/></build></model>'), true);
  zip.end();
  const file = join(dir, name);
  writeFileSync(file, Buffer.concat(parts));
  return file;
}

describe('tulostamo analyze', () => {
  it('analyses in a child process under a memory cap: a 3MF of millions of unused vertices is refused, not held', async () => {
    const file = vertexBomb('vertices.3mf', 4_000_000);
    const r = await analyze(file, '--memory-cap-mb', '64', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ refused: true, code: 'analysis_memory_exceeded', params: { memoryCapMb: 64 } });
    expect((await analyze(file, '--memory-cap-mb', '12')).code).toBe(2);
  }, 60_000);

  it('PrusaSlicer G-code: one JSON document with kind, bbox, fits, estimate, layers, findings', async () => {
    const r = await analyze('../shared/fixtures/gcode/3DBenchy-prusaslicer-2.5.gcode', '--printer', 'ender3', '--json');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(a.kind).toBe('gcode');
    expect(a.fits).toBe(true);
    expect(a.layers).toBe(240);
    expect(a.bbox.min[2]).toBeCloseTo(0.2, 6);
    expect(a.bbox.max[2]).toBeCloseTo(48, 6);
    expect(a.estimate.filamentGrams).toBeCloseTo(12.14, 1);
    expect(a.estimate.seconds).toBeGreaterThan(0.9 * a.metadata.slicerEstimateSeconds);
    expect(a.findings).toEqual([]);
    expect(a.metadata.slicer.name).toBe('PrusaSlicer');
    expect(a.cost.currency).toBe('EUR');
  });

  it('an STL goes to the mesh analysis', async () => {
    const r = await analyze('../shared/fixtures/models/benchy-wheel.stl', '--printer', 'ender3', '--json');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(a.kind).toBe('mesh');
    expect(a.triangles).toBeGreaterThan(0);
    expect(a.volumeMm3).toBeGreaterThan(0);
    expect(typeof a.fits).toBe('boolean');
    expect(Array.isArray(a.findings)).toBe(true);
  });

  it('G-code without any slicer comment still gets our estimate', async () => {
    const file = craft('bare.gcode', 'G28\nM83\nG1 Z0.2 F600\nG1 X100 Y100 F6000\nG1 X150 E2 F1200\nG1 Y150 E2\n');
    const a = JSON.parse((await analyze(file, '--printer', 'ender3', '--json')).stdout);
    expect(a.metadata.slicerEstimateSeconds).toBeNull();
    expect(a.estimate.seconds).toBeGreaterThan(100 / 20);
    expect(a.estimate.filamentMm).toBeCloseTo(4, 9);
    expect(a.layers).toBe(1);
  });

  it('a file with a forbidden command exits 1 naming the reason code and line', async () => {
    const file = craft('eeprom.gcode', 'G28\nM83\nG1 Z0.2 F600\nG1 X10 E1\nM500\n');
    const r = await analyze(file, '--printer', 'ender3', '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('eeprom_command (line 5)');
    expect(JSON.parse(r.stdout).findings).toMatchObject([{ code: 'eeprom_command', line: 5 }]);
  });

  it('a print larger than the bed: fits false and refused', async () => {
    const file = craft('big.gcode', 'G28\nM83\nG1 Z0.2 F600\nG1 X10 Y10\nG1 X300 E5\n');
    const r = await analyze(file, '--printer', 'ender3', '--json');
    expect(r.code).toBe(1);
    const a = JSON.parse(r.stdout);
    expect(a.fits).toBe(false);
    expect(a.findings[0]).toMatchObject({ code: 'outside_build_volume', line: 5 });
  });

  it('bytes that are neither G-code nor a model are refused with a reason code', async () => {
    const file = craft('letter.gcode', 'Dear library,\nplease print my boat.\nThanks!\n');
    const r = await analyze(file, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ refused: true, code: 'upload_content_unrecognised' });
  });

  it('a model cut short or empty gets its parser\'s own reason, which says what is wrong', async () => {
    const cut = join(dir, 'cut.stl');
    writeFileSync(cut, readFileSync('../shared/fixtures/models/benchy-wheel.stl').subarray(0, 1000));
    const r = await analyze(cut, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ refused: true, code: 'stl_truncated' });
    const empty = await analyze(craft('empty.stl', ''), '--json');
    expect(JSON.parse(empty.stdout)).toMatchObject({ refused: true, code: 'mesh_empty' });
  });

  it('bad arguments and unknown printers exit 2', async () => {
    expect((await analyze()).code).toBe(2);
    const r = await analyze('../shared/fixtures/models/benchy-wheel.stl', '--printer', 'nosuch');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('profile_unknown');
  });
});
