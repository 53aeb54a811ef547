/**
 * PrusaSlicer takes a binary STL for ASCII unless a byte above 127 follows the header closely
 * (prusaslicer-stl.ts): such a file goes to it as a marked copy, and every other file as it is.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeModelFile } from '../../../src/analysis/mesh/model-file.js';
import { prusaSlicerSeesBinary, stlForPrusaSlicer } from '../../../src/slicing/prusaslicer-stl.js';
import { asciiStl, binaryStl, cube, triangles } from '../mesh/mesh-builders.js';

const dir = mkdtempSync(join(tmpdir(), 'prusa-stl-'));
const write = (name: string, data: Buffer | string) => { const path = join(dir, name); writeFileSync(path, data); return path; };

describe('handing PrusaSlicer an STL it reads as what it is', () => {
  it('sees which binary files PrusaSlicer would read as binary', () => {
    expect(prusaSlicerSeesBinary(binaryStl(triangles(cube(10))))).toBe(false);
    expect(prusaSlicerSeesBinary(binaryStl(triangles(cube(20))))).toBe(true);
  });

  it('marks a copy of a binary STL PrusaSlicer would misread; the copy measures the same and the upload is untouched', async () => {
    const original = binaryStl(triangles(cube(10)));
    const path = write('round.stl', original);
    const work = mkdtempSync(join(dir, 'work-'));
    const copy = await stlForPrusaSlicer(path, work);
    expect(copy).not.toBe(path);
    const marked = readFileSync(copy);
    expect(prusaSlicerSeesBinary(marked)).toBe(true);
    expect([...marked].filter((b, i) => b !== original[i])).toHaveLength(1);
    expect(readFileSync(path)).toEqual(original);
    const [before, after] = await Promise.all([analyzeModelFile(path), analyzeModelFile(copy)]);
    expect(after).toEqual(before);
  });

  it('marks a file of our own in place', async () => {
    const path = write('ours.stl', binaryStl(triangles(cube(10))));
    expect(await stlForPrusaSlicer(path, dir, true)).toBe(path);
    expect(prusaSlicerSeesBinary(readFileSync(path))).toBe(true);
  });

  it('mends a copy of an ASCII STL whose long name puts UTF-8 letters where PrusaSlicer looks for binary bytes', async () => {
    const name = `Köysipidike_${'ääkkönen_'.repeat(12)}`;
    const original = Buffer.from(asciiStl(triangles(cube(20))).replace(/^solid\s*/, `solid ${name}`), 'utf8');
    expect(prusaSlicerSeesBinary(original)).toBe(true);
    const path = write('nimi.stl', original);
    const copy = await stlForPrusaSlicer(path, mkdtempSync(join(dir, 'work-')));
    const mended = readFileSync(copy);
    expect(prusaSlicerSeesBinary(mended)).toBe(false);
    expect(mended.length).toBe(original.length);
    expect(mended.subarray(300)).toEqual(original.subarray(300));
    expect(readFileSync(path)).toEqual(original);
    const [before, after] = await Promise.all([analyzeModelFile(path), analyzeModelFile(copy)]);
    expect(after.ok && after.value.volumeMm3).toBeCloseTo(before.ok ? before.value.volumeMm3 : NaN, 9);
  });

  it('leaves ASCII files and binary files PrusaSlicer reads right as they are', async () => {
    for (const [name, data] of [['a.stl', asciiStl(triangles(cube(10)))], ['b.stl', binaryStl(triangles(cube(20)))]] as const) {
      const path = write(name, data);
      expect(await stlForPrusaSlicer(path, dir)).toBe(path);
      expect(readFileSync(path)).toEqual(Buffer.from(data));
    }
  });
});
