/**
 * Flat polygons into triangles (polygon.ts): convex ones are fanned as before, concave ones are cut
 * ear by ear so that the triangles cover exactly the polygon: its area, and a closed solid's volume
 * and edges, come out right.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { triangulatePolygon } from '../../../src/analysis/mesh/polygon.js';
import { ObjParser } from '../../../src/analysis/mesh/obj.js';
import { StlParser } from '../../../src/analysis/mesh/stl.js';
import { parseInChunks } from './mesh-builders.js';

type P2 = [number, number];

/** An L: a 2 × 2 square less its 1 × 1 top-right quarter (area 3), counter-clockwise, from a corner a fan would cover wrongly. */
const L_SHAPE: P2[] = [[2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]];

function triangulate(points: Array<[number, number, number]>): number[][] {
  const xyz = points.flat();
  const out: number[][] = [];
  triangulatePolygon(xyz, points.map((_, i) => i * 3), (a, b, c) => out.push([a / 3, b / 3, c / 3]));
  return out;
}

function signedArea2(points: P2[], tri: number[]): number {
  const [a, b, c] = tri.map((i) => points[i]);
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/** A star with `spikes` points: concave at every inner corner. */
function star(spikes: number, outer: number, inner: number): P2[] {
  return Array.from({ length: spikes * 2 }, (_, i) => {
    const r = i % 2 === 0 ? outer : inner;
    const a = (i * Math.PI) / spikes;
    return [r * Math.cos(a), r * Math.sin(a)];
  });
}

const shoelace = (points: P2[]) => points.reduce((sum, p, i) => { const q = points[(i + 1) % points.length]; return sum + p[0] * q[1] - q[0] * p[1]; }, 0) / 2;

describe('splitting a flat polygon into triangles', () => {
  it('fans a convex polygon from its first corner, as before', () => {
    const hexagon = Array.from({ length: 6 }, (_, i) => [Math.cos(i), Math.sin(i), 0] as [number, number, number]);
    expect(triangulate(hexagon)).toEqual([[0, 1, 2], [0, 2, 3], [0, 3, 4], [0, 4, 5]]);
  });

  it('cuts a concave polygon into triangles that keep its winding and cover exactly its area', () => {
    for (const shape of [L_SHAPE, star(5, 10, 4), star(12, 3, 2.5), [[0, 0], [4, 0], [1, 1], [0, 4]] as P2[]]) {
      for (const reversed of [false, true]) {
        const points = reversed ? [...shape].reverse() : shape;
        const tris = triangulate(points.map(([x, y]) => [x, y, 0]));
        expect(tris).toHaveLength(points.length - 2);
        const area = shoelace(points);
        // Every triangle turns the polygon's way, so none overlaps another or sticks out.
        for (const t of tris) expect(Math.sign(signedArea2(points, t))).toBe(Math.sign(area));
        expect(tris.reduce((sum, t) => sum + signedArea2(points, t) / 2, 0)).toBeCloseTo(area, 9);
      }
    }
  });

  it('works on a polygon in any plane: seen from each axis, and tilted', () => {
    const onPlane = (p: P2): Array<[number, number, number]> => [[p[0], p[1], 0], [0, p[0], p[1]], [p[1], 0, p[0]], [p[0], p[1], p[0] * 0.5 + p[1] * 0.25]];
    for (let view = 0; view < 4; view++) {
      const points = L_SHAPE.map((p) => onPlane(p)[view]);
      const tris = triangulate(points);
      const area = tris.reduce((sum, [a, b, c]) => {
        const u = points[b].map((v, k) => v - points[a][k]); const w = points[c].map((v, k) => v - points[a][k]);
        return sum + Math.hypot(u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]) / 2;
      }, 0);
      expect(area).toBeCloseTo(view === 3 ? 3 * Math.hypot(1, 0.5, 0.25) : 3, 9);
    }
  });

  it('any star-shaped polygon, concave or not, comes out with its exact area', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0.5, max: 10, noNaN: true }), { minLength: 3, maxLength: 40 }), (radii) => {
      const points = radii.map((r, i): P2 => [r * Math.cos((2 * Math.PI * i) / radii.length), r * Math.sin((2 * Math.PI * i) / radii.length)]);
      const tris = triangulate(points.map(([x, y]) => [x, y, 0]));
      expect(tris).toHaveLength(points.length - 2);
      for (const t of tris) expect(signedArea2(points, t)).toBeGreaterThan(-1e-9);
      expect(tris.reduce((sum, t) => sum + signedArea2(points, t) / 2, 0)).toBeCloseTo(shoelace(points), 6);
    }), { numRuns: 300 });
  });

  it('spends a budget of corner tests per file; past it, faces are fanned (all there, area too large)', () => {
    const points = star(200, 10, 4).map(([x, y]) => [x, y, 0] as [number, number, number]);
    const xyz = points.flat();
    const corners = points.map((_, i) => i * 3);
    const budget = { checks: 1_000_000 };
    let clipped = 0;
    triangulatePolygon(xyz, corners, () => { clipped++; }, budget);
    expect(clipped).toBe(398);
    expect(budget.checks).toBeLessThan(1_000_000);
    const spent = { checks: 0 };
    const fanned: number[][] = [];
    triangulatePolygon(xyz, corners, (a, b, c) => fanned.push([a, b, c]), spent);
    expect(fanned).toEqual(corners.slice(2).map((c, i) => [0, corners[i + 1], c]));
  });

  it('a polygon that crosses itself still gives all its faces', () => {
    const bowtie: Array<[number, number, number]> = [[0, 0, 0], [2, 2, 0], [2, 0, 0], [0, 2, 0], [1, 3, 0]];
    expect(triangulate(bowtie)).toHaveLength(3);
  });
});

/** An L-shaped prism 1 mm tall: two concave hexagon caps and six side quads. Volume 3, area 2 × 3 + 8 × 1. */
const L_PRISM = [
  ...L_SHAPE.map(([x, y]) => `v ${x} ${y} 0`), ...L_SHAPE.map(([x, y]) => `v ${x} ${y} 1`),
  'f 6 5 4 3 2 1', 'f 7 8 9 10 11 12',
  ...L_SHAPE.map((_, i) => { const j = (i + 1) % 6; return `f ${i + 1} ${j + 1} ${j + 7} ${i + 7}`; }),
  '',
].join('\n');

describe('concave faces in model files', () => {
  it('an OBJ with concave n-gon caps measures its true area and volume, watertight', () => {
    const outcome = parseInChunks((sink) => new ObjParser(sink), Buffer.from(L_PRISM), 1024);
    expect(outcome.ok && outcome.value).toMatchObject({ triangles: 20, watertight: true, inverted: false, shells: 1 });
    expect(outcome.ok && outcome.value.volumeMm3).toBeCloseTo(3, 9);
    expect(outcome.ok && outcome.value.areaMm2).toBeCloseTo(14, 9);
  });

  it('an ASCII STL facet whose loop is a concave polygon measures its true area', () => {
    const loop = L_SHAPE.map(([x, y]) => `      vertex ${x} ${y} 0`).join('\n');
    const text = `solid l\n  facet normal 0 0 1\n    outer loop\n${loop}\n    endloop\n  endfacet\nendsolid l\n`;
    const outcome = parseInChunks((sink) => new StlParser(text.length, sink), Buffer.from(text), 64);
    expect(outcome.ok && outcome.value.triangles).toBe(4);
    expect(outcome.ok && outcome.value.areaMm2).toBeCloseTo(3, 9);
  });
});
