import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StlParser } from '../../../src/analysis/mesh/stl.js';
import type { Vec3 } from '../../../src/analysis/mesh/mesh-types.js';
import { asciiStl, binaryStl, box, cube, parseInChunks, tetrahedron, triangles } from './mesh-builders.js';

const parseStl = (bytes: Uint8Array, chunkBytes = 64 * 1024, context = {}) =>
  parseInChunks((sink) => new StlParser(bytes.length, sink), bytes, chunkBytes, context);

function analysed(bytes: Uint8Array, chunkBytes?: number, context = {}) {
  const outcome = parseStl(bytes, chunkBytes, context);
  if (!outcome.ok) throw new Error(`refused: ${outcome.refusal.code} ${outcome.refusal.message}`);
  return outcome.value;
}

function refusal(bytes: Uint8Array) {
  const outcome = parseStl(bytes);
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.refusal;
}

describe('binary STL', () => {
  it('measures a 20 mm cube exactly', () => {
    const a = analysed(binaryStl(triangles(cube(20))));
    expect(a.format).toBe('stl_binary');
    expect(a.triangles).toBe(12);
    expect(a.volumeMm3).toBeCloseTo(8000, 6);
    expect(a.areaMm2).toBeCloseTo(2400, 6);
    expect(a.bbox).toEqual({ min: [0, 0, 0], max: [20, 20, 20] });
    expect(a).toMatchObject({ shells: 1, watertight: true, manifold: true, inverted: false, boundaryEdges: 0, findings: [] });
  });

  it('measures a tetrahedron exactly', () => {
    const a = analysed(binaryStl(triangles(tetrahedron(6))));
    expect(a.volumeMm3).toBeCloseTo(36, 6);
    expect(a.areaMm2).toBeCloseTo(3 * 18 + (Math.sqrt(3) / 2) * 36, 5);
    expect(a.watertight).toBe(true);
  });

  it('keeps its precision far from the origin', () => {
    const a = analysed(binaryStl(triangles(cube(2, [10000, 10000, 10000]))));
    expect(a.volumeMm3).toBeCloseTo(8, 6);
  });

  it('reads a binary file whose header starts with "solid" as binary', () => {
    const a = analysed(binaryStl(triangles(cube(20)), { header: 'solid exported by netfabb' }));
    expect(a.format).toBe('stl_binary');
    expect(a.volumeMm3).toBeCloseTo(8000, 6);
  });

  it('gives the same result whatever the chunk boundaries', () => {
    const bytes = binaryStl(triangles(cube(20)).concat(triangles(tetrahedron(5))));
    const whole = analysed(bytes);
    fc.assert(fc.property(fc.integer({ min: 1, max: 200 }), (chunkBytes) => {
      expect(analysed(bytes, chunkBytes)).toEqual(whole);
    }), { numRuns: 40 });
  });

  it('refuses a body shorter than the header promises', () => {
    const full = binaryStl(triangles(cube(20)));
    const r = refusal(full.subarray(0, full.length - 30));
    expect(r.code).toBe('stl_truncated');
    expect(r.params).toMatchObject({ declared: 12, available: 11 });
  });

  it('refuses a file shorter than the header', () => {
    expect(refusal(Buffer.from('not an stl')).code).toBe('stl_truncated');
  });

  it('trusts the file size when the header count is 0, and says so', () => {
    const a = analysed(binaryStl(triangles(cube(20)), { declaredCount: 0 }));
    expect(a.triangles).toBe(12);
    expect(a.findings.map((f) => f.code)).toEqual(['stl_count_mismatch']);
  });

  it('reads whole triangles after a stale count, as PrusaSlicer does, so the model checked is the model sliced', () => {
    // The header says 12: a 20 mm cube; 12 more records follow, a 300 mm bar that PrusaSlicer would slice too.
    const stale = binaryStl([...triangles(cube(20)), ...triangles(box([300, 10, 10]))], { declaredCount: 12 });
    const a = analysed(stale);
    expect(a.triangles).toBe(24);
    expect(a.bbox.max).toEqual([300, 20, 20]);
    expect(a.findings).toContainEqual(expect.objectContaining({ code: 'stl_count_mismatch', params: { declared: 12, used: 24 } }));
    for (const chunkBytes of [7, 50, 333]) expect(analysed(stale, chunkBytes)).toEqual(a);
  });

  it('ignores bytes after the promised triangles, and says so', () => {
    const a = analysed(binaryStl(triangles(cube(20)), { trailing: 7 }));
    expect(a.triangles).toBe(12);
    expect(a.findings[0]).toMatchObject({ code: 'stl_trailing_bytes', params: { bytes: 7 } });
    // Padding as long as a record is still padding: a zero "triangle" at the origin would stretch the box.
    const padded = analysed(binaryStl(triangles(cube(20, [100, 100, 100])), { trailing: 50 }));
    expect(padded.triangles).toBe(12);
    expect(padded.bbox.min).toEqual([100, 100, 100]);
    expect(padded.findings[0]).toMatchObject({ code: 'stl_trailing_bytes', params: { bytes: 50 } });
  });

  it('refuses NaN and infinite coordinates', () => {
    const tris = triangles(cube(20));
    tris[5] = [[0, 0, 0], [NaN, 1, 1], [1, 0, 1]];
    expect(refusal(binaryStl(tris))).toMatchObject({ code: 'mesh_non_finite', params: { triangle: 6 } });
    tris[5] = [[0, 0, 0], [Infinity, 1, 1], [1, 0, 1]];
    expect(refusal(binaryStl(tris)).code).toBe('mesh_non_finite');
  });

  it('counts degenerate triangles without letting them break the topology', () => {
    const tris = triangles(cube(20));
    tris.push([[0, 0, 0], [0, 0, 0], [20, 0, 0]]);
    const a = analysed(binaryStl(tris));
    expect(a.degenerateTriangles).toBe(1);
    expect(a.watertight).toBe(true);
    expect(a.findings.map((f) => f.code)).toEqual(['degenerate_triangles']);
  });

  it('refuses empty files and files of only degenerate triangles', () => {
    expect(refusal(Buffer.alloc(0)).code).toBe('mesh_empty');
    expect(refusal(binaryStl([])).code).toBe('mesh_empty');
    expect(refusal(binaryStl([[[0, 0, 0], [1, 1, 1], [2, 2, 2]]])).code).toBe('mesh_empty');
  });
});

describe('topology', () => {
  it('finds holes', () => {
    const a = analysed(binaryStl(triangles(cube(20)).slice(1)));
    expect(a).toMatchObject({ watertight: false, boundaryEdges: 3 });
    expect(a.findings.map((f) => f.code)).toContain('mesh_open');
  });

  it('finds inverted meshes and still reports a positive volume', () => {
    const flipped = triangles(cube(20)).map(([a, b, c]) => [a, c, b]);
    const a = analysed(binaryStl(flipped));
    expect(a.inverted).toBe(true);
    expect(a.volumeMm3).toBeCloseTo(8000, 6);
    expect(a.findings.map((f) => f.code)).toContain('mesh_inverted');
  });

  it('finds a single flipped face', () => {
    const tris = triangles(cube(20));
    tris[0] = [tris[0][0], tris[0][2], tris[0][1]];
    const a = analysed(binaryStl(tris));
    expect(a.misorientedEdges).toBeGreaterThan(0);
    expect(a.manifold).toBe(false);
  });

  it('finds edges shared by more than two triangles', () => {
    const tris = triangles(cube(20));
    tris.push([[0, 0, 0], [0, 0, 20], [-5, -5, 10]]);
    const a = analysed(binaryStl(tris));
    expect(a.nonManifoldEdges).toBe(1);
    expect(a.manifold).toBe(false);
  });

  it('counts separate shells', () => {
    const a = analysed(binaryStl([...triangles(cube(10)), ...triangles(cube(10, [30, 0, 0]))]));
    expect(a.shells).toBe(2);
    expect(a.volumeMm3).toBeCloseTo(2000, 6);
  });
});

describe('fit and mass', () => {
  const bed = { buildVolumeMm: { x: 220, y: 250, z: 250 } };

  it('fits, fits only when turned, or does not fit', () => {
    const fitting = analysed(binaryStl(triangles(box([100, 100, 100]))), undefined, bed);
    expect([fitting.fits, fitting.fitsRotated90]).toEqual([true, true]);
    const turned = analysed(binaryStl(triangles(box([240, 200, 10]))), undefined, bed);
    expect([turned.fits, turned.fitsRotated90]).toEqual([false, true]);
    expect(turned.findings.map((f) => f.code)).toContain('fits_only_rotated');
    const tall = analysed(binaryStl(triangles(box([10, 10, 251]))), undefined, bed);
    expect([tall.fits, tall.fitsRotated90]).toEqual([false, false]);
    expect(tall.findings.map((f) => f.code)).toContain('model_too_large');
  });

  it('leaves fit unknown without a printer', () => {
    expect(analysed(binaryStl(triangles(cube(5)))).fits).toBeNull();
  });

  it('weighs a solid model from the density', () => {
    expect(analysed(binaryStl(triangles(cube(20))), undefined, { densityGPerCm3: 1.24 }).solidMassGrams).toBeCloseTo(9.92, 9);
  });

  it('refuses more triangles than allowed', () => {
    const outcome = parseStl(binaryStl(triangles(cube(20))), undefined, { maxTriangles: 11 });
    expect(outcome.ok ? null : outcome.refusal.code).toBe('mesh_too_large');
  });
});

describe('ASCII STL', () => {
  const tris = triangles(cube(20));

  it('measures the same cube as the binary form', () => {
    const a = analysed(Buffer.from(asciiStl(tris)));
    expect(a.format).toBe('stl_ascii');
    expect(a.triangles).toBe(12);
    expect(a.volumeMm3).toBeCloseTo(8000, 6);
    expect(a.watertight).toBe(true);
  });

  it('reads CRLF line ends, exponents and any chunking', () => {
    const text = asciiStl(tris, '\r\n').replace(/vertex 20 /g, 'vertex 2.0e1 ');
    const whole = analysed(Buffer.from(text));
    expect(whole.volumeMm3).toBeCloseTo(8000, 6);
    for (const chunkBytes of [1, 3, 17]) expect(analysed(Buffer.from(text), chunkBytes)).toEqual(whole);
  });

  it('reads a byte-order mark, blank space before solid, upper case and a DOS end-of-file byte', () => {
    const text = asciiStl(tris);
    for (const variant of [`\ufeff${text}`, `  \n${text}`, text.toUpperCase(), `${text}\x1a`]) {
      const a = analysed(Buffer.from(variant));
      expect(a.format, JSON.stringify(variant.slice(0, 12))).toBe('stl_ascii');
      expect(a.volumeMm3).toBeCloseTo(8000, 6);
    }
  });

  it("reads an ASCII file that ends in a NUL (a C string terminator), short or long", () => {
    const text = asciiStl(tris);
    expect(analysed(Buffer.from(`${text}\0`)).format).toBe('stl_ascii');
    const long = asciiStl([...tris, ...tris.map((t) => t.map(([x, y, z]) => [x + 100, y, z] as [number, number, number]))]);
    expect(long.length).toBeGreaterThan(1024);
    const a = analysed(Buffer.from(`${long}\0`));
    expect(a.format).toBe('stl_ascii');
    expect(a.volumeMm3).toBeCloseTo(16000, 6);
  });

  it('fans a loop with more than three vertices', () => {
    const quad = '\n  facet normal 0 0 1\n    outer loop\n      vertex 0 0 0\n      vertex 1 0 0\n      vertex 1 1 0\n      vertex 0 1 0\n    endloop\n  endfacet\nendsolid';
    const a = analysed(Buffer.from(`solid quad${quad}`));
    expect(a.triangles).toBe(2);
    expect(a.areaMm2).toBeCloseTo(1, 9);
  });

  it('refuses garbage with the line number', () => {
    const text = asciiStl(tris).replace('vertex 0 0 0', 'vertex 0 zero 0');
    const r = refusal(Buffer.from(text));
    expect(r.code).toBe('stl_ascii_malformed');
    expect(r.params.line).toBe(text.split('\n').findIndex((l) => l.includes('zero')) + 1);
  });

  it('refuses nan and inf', () => {
    expect(refusal(Buffer.from(asciiStl(tris).replace('vertex 0 0 0', 'vertex nan 0 0'))).code).toBe('mesh_non_finite');
    expect(refusal(Buffer.from(asciiStl(tris).replace('vertex 0 0 0', 'vertex 0 -inf 0'))).code).toBe('mesh_non_finite');
  });

  it('refuses a file cut inside a facet', () => {
    const text = asciiStl(tris);
    expect(refusal(Buffer.from(text.slice(0, text.lastIndexOf('endloop')))).code).toBe('stl_truncated');
  });

  it('refuses a solid with no facets as empty', () => {
    expect(refusal(Buffer.from('solid nothing\nendsolid nothing\n')).code).toBe('mesh_empty');
  });
});

describe('random meshes', () => {
  it('volume of a box equals the product of its sides', () => {
    fc.assert(fc.property(
      fc.tuple(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 })),
      (sides) => {
        const size = sides.map((s) => s / 4) as Vec3;
        const a = analysed(binaryStl(triangles(box(size))));
        expect(a.volumeMm3).toBeCloseTo(size[0] * size[1] * size[2], 3);
        expect(a.areaMm2).toBeCloseTo(2 * (size[0] * size[1] + size[1] * size[2] + size[0] * size[2]), 3);
      }), { numRuns: 50 });
  });
});
