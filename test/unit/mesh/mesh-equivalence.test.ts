/**
 * The wasm mesh core against the plain Map-based reference (mesh-reference.ts): every count, sum and
 * refusal must be identical, through both doors (triangle() with doubles, and binary STL records in
 * bulk), for generated meshes and for the real fixtures.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MeshAccumulator, type MeshAnalysis } from '../../../src/analysis/mesh/mesh-analysis.js';
import type { MeshRefusal, StreamingModelParser, TriangleSink, Vec3 } from '../../../src/analysis/mesh/mesh-types.js';
import { ObjParser } from '../../../src/analysis/mesh/obj.js';
import { StlParser } from '../../../src/analysis/mesh/stl.js';
import { ThreeMfParser } from '../../../src/analysis/mesh/threemf.js';
import { binaryStl } from './mesh-builders.js';
import { ReferenceMesh, type ReferenceResult } from './mesh-reference.js';

const MODELS = '../shared/fixtures/models';

type Outcome = { ok: true; value: ReferenceResult & { watertight: boolean; manifold: boolean } } | { ok: false; refusal: MeshRefusal };

function fromCore(outcome: { ok: true; value: MeshAnalysis } | { ok: false; refusal: MeshRefusal }): Outcome {
  if (!outcome.ok) return outcome;
  const a = outcome.value;
  return {
    ok: true,
    value: {
      triangles: a.triangles, degenerateTriangles: a.degenerateTriangles, bbox: a.bbox, volumeMm3: a.volumeMm3, areaMm2: a.areaMm2,
      inverted: a.inverted, shells: a.shells, boundaryEdges: a.boundaryEdges, nonManifoldEdges: a.nonManifoldEdges,
      misorientedEdges: a.misorientedEdges, watertight: a.watertight, manifold: a.manifold,
    },
  };
}

function fromReference(ref: ReferenceMesh): Outcome {
  if (ref.refusal) return { ok: false, refusal: ref.refusal };
  const r = ref.result();
  if (r.areaMm2 === 0) {
    return { ok: false, refusal: { code: 'mesh_empty', message: r.triangles === 0 ? 'the file holds no triangles' : 'every triangle has zero area', params: { triangles: r.triangles } } };
  }
  return { ok: true, value: { ...r, watertight: r.boundaryEdges === 0 && r.nonManifoldEdges === 0, manifold: r.nonManifoldEdges === 0 && r.misorientedEdges === 0 } };
}

/** Both sinks fed by the same parser over the same bytes; the core's sink takes STL records in bulk. */
function viaParser(makeParser: (sink: TriangleSink) => StreamingModelParser, bytes: Uint8Array, chunkBytes: number, maxTriangles?: number) {
  const run = (sink: TriangleSink) => {
    const parser = makeParser(sink);
    for (let i = 0; i < bytes.length; i += chunkBytes) if (parser.push(bytes.subarray(i, i + chunkBytes))) break;
    return parser.end();
  };
  const core = new MeshAccumulator({ maxTriangles });
  const ref = new ReferenceMesh(maxTriangles);
  const coreParsed = run(core);
  const refParsed = run(ref);
  expect(coreParsed.ok).toBe(refParsed.ok);
  const format = coreParsed.ok ? coreParsed.value.format : 'stl_binary';
  return { core: fromCore(core.finish(format, [])), reference: fromReference(ref) };
}

/** One parse feeding both through triangle(): for 3MF, whose unzip and XML cost more than either analysis. */
function viaTee(makeParser: (sink: TriangleSink) => StreamingModelParser, bytes: Uint8Array, chunkBytes: number) {
  const core = new MeshAccumulator();
  const ref = new ReferenceMesh();
  const parser = makeParser({
    triangle(...t: [number, number, number, number, number, number, number, number, number]) {
      core.triangle(...t);
      ref.triangle(...t);
    },
    startPart() {
      core.startPart();
      ref.startPart();
    },
  });
  for (let i = 0; i < bytes.length; i += chunkBytes) parser.push(bytes.subarray(i, i + chunkBytes));
  const parsed = parser.end();
  expect(parsed.ok).toBe(true);
  return { core: fromCore(core.finish('3mf', [])), reference: fromReference(ref) };
}

/** `partStarts`: indices of triangles that begin a new mesh part. */
function viaTriangles(tris: number[][], maxTriangles?: number, partStarts: ReadonlySet<number> = new Set()) {
  const core = new MeshAccumulator({ maxTriangles });
  const ref = new ReferenceMesh(maxTriangles);
  for (const [i, t] of tris.entries()) {
    if (partStarts.has(i)) {
      core.startPart();
      ref.startPart();
    }
    core.triangle(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8]);
    ref.triangle(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8]);
  }
  return { core: fromCore(core.finish('obj', [])), reference: fromReference(ref) };
}

const asVec3s = (tris: number[][]): Vec3[][] => tris.map((t) => [[t[0], t[1], t[2]], [t[3], t[4], t[5]], [t[6], t[7], t[8]]]);

/** A closed UV sphere, `slices × (stacks - 1) × 2` triangles; far more vertices than one young generation holds. */
function sphere(slices: number, stacks: number, at = 0): number[][] {
  const point = (stack: number, slice: number) => {
    if (stack === 0) return [at, 0, 20];
    if (stack === stacks) return [at, 0, 0];
    const theta = (Math.PI * stack) / stacks, phi = (2 * Math.PI * (slice % slices)) / slices;
    return [at + 10 * Math.sin(theta) * Math.cos(phi), 10 * Math.sin(theta) * Math.sin(phi), 10 + 10 * Math.cos(theta)];
  };
  const tris: number[][] = [];
  for (let stack = 0; stack < stacks; stack++) {
    for (let slice = 0; slice < slices; slice++) {
      const a = point(stack, slice), b = point(stack + 1, slice), c = point(stack + 1, slice + 1), d = point(stack, slice + 1);
      if (stack > 0) tris.push([...a, ...b, ...d]);
      if (stack < stacks - 1) tris.push([...b, ...c, ...d]);
    }
  }
  return tris;
}

/** Small coordinates from a short list, so corners repeat, edges are shared (often by three faces) and slivers occur. */
const coordinate = fc.constantFrom(0, -0, 1, -1, 2, 0.5, 0.1, 3.25, 1e-7);
const corner = fc.tuple(coordinate, coordinate, coordinate);
const soup = fc.array(fc.tuple(corner, corner, corner).map(([a, b, c]) => [...a, ...b, ...c]), { maxLength: 60 });
const nonFinite = fc.constantFrom(NaN, Infinity, -Infinity);

/** Indexed meshes: triangles over a vertex pool, some flipped, some repeated. */
const indexed = fc.record({
  pool: fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 })), { minLength: 3, maxLength: 40 }),
  faces: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.boolean()), { minLength: 1, maxLength: 200 }),
}).map(({ pool, faces }) => faces.map(([i, j, k, flip]) => {
  const [a, b, c] = [pool[i % pool.length], pool[j % pool.length], pool[k % pool.length]];
  return flip ? [...a, ...c, ...b] : [...a, ...b, ...c];
}));

describe('mesh core equals the reference', () => {
  it('on soups of repeated corners, through triangle()', () => {
    fc.assert(fc.property(soup, (tris) => {
      const { core, reference } = viaTriangles(tris);
      expect(core).toEqual(reference);
    }), { numRuns: 400 });
  });

  it('on indexed meshes with flipped and repeated faces, through triangle() and through binary STL in any chunking', () => {
    fc.assert(fc.property(indexed, fc.integer({ min: 1, max: 4000 }), (tris, chunkBytes) => {
      const direct = viaTriangles(tris);
      expect(direct.core).toEqual(direct.reference);
      const bytes = binaryStl(asVec3s(tris));
      const stl = viaParser((sink) => new StlParser(bytes.length, sink), bytes, chunkBytes);
      expect(stl.core).toEqual(stl.reference);
    }), { numRuns: 300 });
  });

  it('refuses a NaN or infinite corner at the same triangle, also past a batch boundary', () => {
    fc.assert(fc.property(indexed, fc.nat(), fc.nat(8), nonFinite, fc.constantFrom(0, 1500), (tris, at, axis, bad, padding) => {
      const padded = [...sphere(30, 26).slice(0, padding), ...tris];
      const spoiled = padded.map((t) => [...t]);
      spoiled[(padding + at) % spoiled.length][axis] = bad;
      const direct = viaTriangles(spoiled);
      expect(direct.core).toEqual(direct.reference);
      expect(direct.core.ok).toBe(false);
      const bytes = binaryStl(asVec3s(spoiled));
      const stl = viaParser((sink) => new StlParser(bytes.length, sink), bytes, 4096);
      expect(stl.core).toEqual(stl.reference);
    }), { numRuns: 60 });
  });

  it('stops at maxTriangles exactly as before, and a NaN at the limit is still named', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2500 }), fc.boolean(), (maxTriangles, nanAtLimit) => {
      const tris = sphere(40, 34).map((t) => [...t]);
      if (nanAtLimit && maxTriangles < tris.length) tris[maxTriangles][4] = NaN;
      const direct = viaTriangles(tris, maxTriangles);
      expect(direct.core).toEqual(direct.reference);
      const bytes = binaryStl(asVec3s(tris));
      const stl = viaParser((sink) => new StlParser(bytes.length, sink), bytes, 50 * 1024 + 7, maxTriangles);
      expect(stl.core).toEqual(stl.reference);
    }), { numRuns: 25 });
  });

  it('on big meshes in file order, shuffled and reversed (vertices come back after leaving the young tables)', () => {
    const closed = [...sphere(150, 70), ...sphere(90, 40, 30)];
    expect(closed.length).toBeGreaterThan(20_000);
    fc.assert(fc.property(fc.constantFrom('as built', 'shuffled', 'reversed'), fc.integer(), fc.nat(40), (order, seed, flips) => {
      const tris = closed.map((t) => [...t]);
      if (order === 'reversed') tris.reverse();
      if (order === 'shuffled') {
        let s = seed >>> 0;
        for (let i = tris.length - 1; i > 0; i--) {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          const j = s % (i + 1);
          [tris[i], tris[j]] = [tris[j], tris[i]];
        }
      }
      // Flip a few faces and drop one: misoriented and boundary edges appear.
      for (let f = 0; f < flips; f++) {
        const t = tris[(f * 7919) % tris.length];
        [t[3], t[4], t[5], t[6], t[7], t[8]] = [t[6], t[7], t[8], t[3], t[4], t[5]];
      }
      if (flips % 2) tris.pop();
      const bytes = binaryStl(asVec3s(tris));
      const { core, reference } = viaParser((sink) => new StlParser(bytes.length, sink), bytes, 1 << 20);
      expect(core).toEqual(reference);
    }), { numRuns: 6 });
  });

  it('on meshes cut into parts anywhere: no corner is shared across a part boundary', () => {
    fc.assert(fc.property(indexed, fc.array(fc.nat(), { maxLength: 6 }), (tris, cuts) => {
      const { core, reference } = viaTriangles(tris, undefined, new Set(cuts.map((c) => c % (tris.length + 1))));
      expect(core).toEqual(reference);
    }), { numRuns: 300 });
  });

  it('on big parts that repeat the same vertices (found again in every table, each from a finished part)', () => {
    const ball = sphere(150, 70);
    const again = [...ball, ...ball.map((t) => [...t]).reverse(), ...ball];
    const starts = new Set([ball.length, 2 * ball.length]);
    const { core, reference } = viaTriangles(again, undefined, starts);
    expect(core).toEqual(reference);
    expect(core).toMatchObject({ ok: true, value: { shells: 3, nonManifoldEdges: 0, boundaryEdges: 0, watertight: true } });
    // The same triangles as one part: every edge is used six times.
    expect(viaTriangles(again).core).toMatchObject({ ok: true, value: { shells: 1, watertight: false } });
  });

  it('on a fan whose centre has thousands of edges (more than a vertex record holds)', () => {
    const rim = 3000;
    const tris: number[][] = [];
    for (let i = 0; i < rim; i++) {
      const p = (k: number) => [Math.cos((2 * Math.PI * (k % rim)) / rim), Math.sin((2 * Math.PI * (k % rim)) / rim), 0];
      tris.push([0, 0, 1, ...p(i), ...p(i + 1)]);
      tris.push([0, 0, -1, ...p(i + 1), ...p(i)]);
    }
    const { core, reference } = viaTriangles(tris);
    expect(core).toEqual(reference);
    expect(core.ok && core.value.watertight).toBe(true);
  });

  it.each(readdirSync(MODELS).filter((f) => /\.(stl|3mf|obj)$/i.test(f)))('on the fixture %s', (name) => {
    const bytes = readFileSync(join(MODELS, name));
    const { core, reference } = name.endsWith('.3mf') ? viaTee((sink) => new ThreeMfParser(sink), bytes, 1 << 20)
      : viaParser((sink) => name.endsWith('.obj') ? new ObjParser(sink) : new StlParser(bytes.length, sink), bytes, 1 << 20);
    expect(core.ok).toBe(true);
    expect(core).toEqual(reference);
  });
});
