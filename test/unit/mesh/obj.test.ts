import { describe, expect, it } from 'vitest';
import { ObjParser } from '../../../src/analysis/mesh/obj.js';
import { cube, obj, parseInChunks } from './mesh-builders.js';

const parseObj = (text: string, chunkBytes = 1024) => parseInChunks((sink) => new ObjParser(sink), Buffer.from(text), chunkBytes);

describe('OBJ', () => {
  it('fans quads into triangles and measures a cube', () => {
    const outcome = parseObj(obj(cube(20)));
    expect(outcome.ok && outcome.value).toMatchObject({ format: 'obj', triangles: 12, watertight: true, inverted: false });
    expect(outcome.ok && outcome.value.volumeMm3).toBeCloseTo(8000, 6);
  });

  it('reads comments at the end of a line and statements continued with a backslash', () => {
    const text = ['\ufeffv 0 0 0 # origin', 'v 1 0 0', 'v 0 1 0', 'v 0 0 1', 'f 1 3 2 # base', 'f 1 2 \\', '  4', 'f 1 4 3', 'f 2 3 4', ''].join('\n');
    const outcome = parseObj(text);
    expect(outcome.ok && outcome.value).toMatchObject({ triangles: 4, watertight: true });
    expect(outcome.ok && outcome.value.volumeMm3).toBeCloseTo(1 / 6, 9);
    expect(parseObj(text, 3)).toEqual(outcome);
  });

  it('fans an n-gon from its first corner', () => {
    const hexagon = Array.from({ length: 6 }, (_, i) => `v ${Math.cos((i * Math.PI) / 3)} ${Math.sin((i * Math.PI) / 3)} 0`);
    const outcome = parseObj([...hexagon, 'f 1 2 3 4 5 6', ''].join('\n'));
    expect(outcome.ok && outcome.value.triangles).toBe(4);
    expect(outcome.ok && outcome.value.areaMm2).toBeCloseTo((3 * Math.sqrt(3)) / 2, 9);
  });

  it('reads v/vt/vn corners, negative indices, comments and other records in any chunking', () => {
    const text = [
      '# a comment', 'mtllib x.mtl', 'o thing', 'v 0 0 0', 'v 1 0 0', 'v 0 1 0', 'v 0 0 1 1.0', 'vt 0 0', 'vn 0 0 1', 'usemtl red',
      'f 1/1/1 3/1/1 2/1/1', 'f 1//1 2//1 4//1', 'f -4 -1 -2', 'f 2/1 3/1 4/1', '',
    ].join('\r\n');
    const whole = parseObj(text);
    expect(whole.ok && whole.value.volumeMm3).toBeCloseTo(1 / 6, 9);
    expect(whole.ok && whole.value.watertight).toBe(true);
    expect(parseObj(text, 5)).toEqual(whole);
  });

  it('refuses a face that points at a vertex not yet defined', () => {
    const outcome = parseObj('v 0 0 0\nv 1 0 0\nf 1 2 3\n');
    expect(outcome.ok ? null : outcome.refusal).toMatchObject({ code: 'obj_bad_index', params: { line: 3 } });
  });

  it('refuses malformed numbers and short faces', () => {
    const bad = parseObj('v 0 0 0\nv 1 x 0\n');
    expect(bad.ok ? null : bad.refusal).toMatchObject({ code: 'obj_malformed', params: { line: 2 } });
    const short = parseObj('v 0 0 0\nv 1 0 0\nf 1 2\n');
    expect(short.ok ? null : short.refusal.code).toBe('obj_malformed');
  });

  it('refuses a non-finite vertex once a face uses it', () => {
    const outcome = parseObj('v 0 0 0\nv 1 0 0\nv nan 1 0\nf 1 2 3\n');
    expect(outcome.ok ? null : outcome.refusal.code).toBe('mesh_non_finite');
  });

  it('refuses a file with no faces as empty', () => {
    const outcome = parseObj('v 0 0 0\nv 1 0 0\n');
    expect(outcome.ok ? null : outcome.refusal.code).toBe('mesh_empty');
  });

  it('refuses a binary blob without newlines instead of buffering it', () => {
    const outcome = parseObj('v'.repeat(200 * 1024), 4096);
    expect(outcome.ok ? null : outcome.refusal.code).toBe('obj_malformed');
  });
});
