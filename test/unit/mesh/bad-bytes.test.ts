import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ObjParser } from '../../../src/analysis/mesh/obj.js';
import { StlParser } from '../../../src/analysis/mesh/stl.js';
import { ThreeMfParser } from '../../../src/analysis/mesh/threemf.js';
import { binaryStl, cube, parseInChunks, threeMfXml, threeMfZip, triangles } from './mesh-builders.js';

const STL = binaryStl(triangles(cube(10)));
const ZIP = threeMfZip(threeMfXml([{ id: 1, mesh: cube(10) }], [{ objectId: 1 }]));

/** Real files with random bytes overwritten, cut short or prefixed: the shapes corrupt uploads take. */
const damaged = (original: Uint8Array) => fc.tuple(
  fc.array(fc.tuple(fc.nat(original.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
  fc.nat(original.length),
  fc.integer({ min: 1, max: 300 }),
).map(([edits, cut, chunkBytes]) => {
  const bytes = Buffer.from(original);
  for (const [at, value] of edits) bytes[at] = value;
  return { bytes: bytes.subarray(0, cut), chunkBytes };
});

function neverThrows(parse: (bytes: Uint8Array, chunkBytes: number) => { ok: boolean }, input: fc.Arbitrary<{ bytes: Uint8Array; chunkBytes: number }>) {
  fc.assert(fc.property(input, ({ bytes, chunkBytes }) => {
    const outcome = parse(bytes, chunkBytes) as { ok: boolean; refusal?: { code: string } };
    if (!outcome.ok) expect(outcome.refusal?.code).toMatch(/^[a-z0-9_]+$/);
  }), { numRuns: 150 });
}

describe('bad bytes never throw: every parser answers with a result or a coded refusal', () => {
  it('STL', () => {
    neverThrows((b, c) => parseInChunks((sink) => new StlParser(b.length, sink), b, c), damaged(STL));
    neverThrows((b, c) => parseInChunks((sink) => new StlParser(b.length, sink), b, c),
      fc.record({ bytes: fc.uint8Array({ maxLength: 600 }).map((u) => Buffer.concat([Buffer.from('solid '), u])), chunkBytes: fc.integer({ min: 1, max: 64 }) }));
  });

  it('3MF', () => {
    neverThrows((b, c) => parseInChunks((sink) => new ThreeMfParser(sink), b, c), damaged(ZIP));
  });

  it('OBJ', () => {
    neverThrows((b, c) => parseInChunks((sink) => new ObjParser(sink), b, c),
      fc.record({ bytes: fc.string({ maxLength: 400 }).map((s) => Buffer.from(`v 0 0 0\nv 1 0 0\nv 0 1 0\n${s}`)), chunkBytes: fc.integer({ min: 1, max: 64 }) }));
  });
});
