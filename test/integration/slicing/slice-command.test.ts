import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from '../../../src/cli/commands/slice.js';
import { readProfileSignature } from '../../../src/slicing/sliced-gcode-file.js';
import { binaryStl, box, triangles } from '../../unit/mesh/mesh-builders.js';

const dir = mkdtempSync(join(tmpdir(), 'slice-command-'));
const model = (name: string, size: [number, number, number]) => {
  const path = join(dir, name);
  writeFileSync(path, binaryStl(triangles(box(size))));
  return path;
};

function captured() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { out.push(a.join(' ')); });
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { err.push(a.join(' ')); });
  return { out, err };
}

afterEach(() => { vi.restoreAllMocks(); });

describe('tulostamo slice', () => {
  it('slices with the chosen preset through PrusaSlicer and prints the summary', async () => {
    const { out } = captured();
    const gcode = join(dir, 'cube.gcode');
    const code = await command.run([model('cube.stl', [20, 20, 20]), '--printer', 'ender3', '--preset', 'draft', '--engine', 'prusaslicer', '--quiet', '-o', gcode]);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/cube\.gcode: \d+ layers, [\d.]+ min, [\d.]+ g \(prusaslicer\)/);
    expect((await readProfileSignature(gcode))?.preset).toBe('draft');
  });

  it('exits 1 with the reason code when the model is refused', async () => {
    const { err } = captured();
    const gcode = join(dir, 'big.gcode');
    expect(await command.run([model('big.stl', [400, 10, 10]), '--printer', 'ender3', '-o', gcode])).toBe(1);
    expect(err[0]).toMatch(/^refused: model_too_large: /);
    expect(existsSync(gcode)).toBe(false);
  });

  it('says G-code is already sliced, and a cut-off STL is cut off', async () => {
    const { err } = captured();
    expect(await command.run(['../shared/fixtures/gcode/benchy-wheel-prusaslicer-2.5.gcode', '--printer', 'ender3', '-o', join(dir, 'again.gcode')])).toBe(1);
    expect(err[0]).toMatch(/^refused: not_a_model: .* is G-code/);
    const cut = join(dir, 'cut.stl');
    writeFileSync(cut, binaryStl(triangles(box([20, 20, 20]))).subarray(0, 300));
    expect(await command.run([cut, '--printer', 'ender3', '-o', join(dir, 'cut.gcode')])).toBe(1);
    expect(err[1]).toMatch(/^refused: stl_truncated: the header promises 12 triangles/);
  });

  it('exits 2 for bad arguments and unknown names', async () => {
    const { err } = captured();
    const stl = model('small.stl', [5, 5, 5]);
    expect(await command.run([stl, '-o', join(dir, 'x.gcode')])).toBe(2);
    expect(await command.run([stl, '--printer', 'ender3', '--infill', '37', '-o', join(dir, 'x.gcode')])).toBe(2);
    expect(await command.run([stl, '--printer', 'ender3', '--engine', 'slic3r', '-o', join(dir, 'x.gcode')])).toBe(2);
    expect(err.map((e) => e.split(':')[1]?.trim())).toEqual(['bad_arguments', 'slice_choice_invalid', 'bad_arguments']);
  });

  it('checks the output path before slicing: not a folder, not a missing folder, not the model itself', async () => {
    const { err } = captured();
    const stl = model('keep.stl', [5, 5, 5]);
    for (const out of [dir, join(dir, 'no', 'such', 'x.gcode'), stl]) expect(await command.run([stl, '--printer', 'ender3', '-o', out]), out).toBe(2);
    expect(err.every((e) => e.startsWith('tulostamo slice: bad_arguments: -o'))).toBe(true);
    // The model is untouched.
    expect(readFileSync(stl).readUInt32LE(80)).toBe(12);
  });
});
