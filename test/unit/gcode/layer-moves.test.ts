import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LayerMoveCollector } from '../../../src/analysis/gcode/layer-moves.js';

const WHEEL = readFileSync('../shared/fixtures/gcode/benchy-wheel-prusaslicer-2.5.gcode');
const bytes = (text: string) => new TextEncoder().encode(text);

function collect(input: Uint8Array, layer: number, chunkBytes = input.length, maxPoints?: number) {
  const c = new LayerMoveCollector(layer, maxPoints);
  for (let i = 0; i < input.length; i += chunkBytes) c.push(input.subarray(i, i + chunkBytes));
  return c.finish();
}

describe('LayerMoveCollector', () => {
  it('finds the layers PrusaSlicer announced, at the heights it wrote', () => {
    const text = WHEEL.toString('latin1');
    const announcedZ = [...text.matchAll(/^;LAYER_CHANGE\r?\n;Z:([\d.]+)/gm)].map((m) => Number(m[1]));
    const layer3 = collect(WHEEL, 3);
    expect(layer3.layerCount).toBe(announcedZ.length);
    expect(layer3.zMm).toBeCloseTo(announcedZ[3], 5);
    expect(collect(WHEEL, announcedZ.length - 1).zMm).toBeCloseTo(announcedZ.at(-1)!, 5);
  });

  it('keeps the extruded paths of the asked-for layer, from the travel point on', () => {
    const moves = collect(WHEEL, 10);
    // Layer 10 (Z 2.2) of the fixture opens with a travel to X109.645 Y111.972 and a perimeter to Y108.046.
    expect(moves.polylines[0].slice(0, 4)).toEqual([109.645, 111.972, 109.646, 108.046]);
    const ys = moves.polylines.flatMap((p) => p.filter((_, i) => i % 2 === 1));
    expect(Math.min(...ys)).toBeGreaterThan(90);
    expect(Math.max(...ys)).toBeLessThan(130);
    expect(moves.truncated).toBe(false);
  });

  it('gives the same result however the file is split into chunks', () => {
    const whole = collect(WHEEL, 5);
    fc.assert(fc.property(fc.integer({ min: 1, max: 5000 }), (chunk) => {
      expect(collect(WHEEL, 5, chunk)).toEqual(whole);
    }), { numRuns: 15 });
  });

  it('starts a layer at an extruding move, not at a Z hop, and follows relative E', () => {
    const gcode = bytes([
      'G90', 'M83', 'G1 Z0.3', 'G1 X0 Y0', 'G1 X10 Y0 E1', 'G1 X10 Y10 E1', // layer 0
      'G1 Z0.7', 'G1 X20 Y20', 'G1 Z0.3', // a hop while travelling
      'G1 X30 Y30 E1', 'G1 E-1', 'G1 Z0.5', 'G1 X0 Y0', 'G1 E1', 'G1 X5 Y0 E0.5', // layer 1
    ].join('\n'));
    const first = collect(gcode, 0);
    expect(first.layerCount).toBe(2);
    expect(first.polylines).toEqual([[0, 0, 10, 0, 10, 10], [20, 20, 30, 30]]);
    expect(collect(gcode, 1)).toMatchObject({ zMm: 0.5, polylines: [[0, 0, 5, 0]] });
  });

  it('stops keeping points at the cap and says so', () => {
    const moves = collect(WHEEL, 0, WHEEL.length, 20);
    const kept = moves.polylines.flat().length / 2;
    // A new path needs two points, so the last one may leave a single slot unused.
    expect(kept).toBeGreaterThanOrEqual(19);
    expect(kept).toBeLessThanOrEqual(20);
    expect(moves.polylines.every((p) => p.length >= 4)).toBe(true);
    expect(moves.truncated).toBe(true);
  });

  it('skips binary garbage and overlong lines without throwing', () => {
    const junk = new Uint8Array(10_000).map((_, i) => (i * 7919) % 256);
    const gcode = new Uint8Array([...junk, ...bytes('\nG90\nM82\nG1 Z0.2\nG1 X1 Y1 E1\nG1 X2 Y1 E2\n')]);
    expect(collect(gcode, 0, 333)).toMatchObject({ layerCount: 1, polylines: [[0, 0, 1, 1, 2, 1]] });
  });
});
