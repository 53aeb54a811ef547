import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SNIFF_HEAD_BYTES, SNIFF_TAIL_BYTES, sniffFileKind } from '../../../src/uploads/file-kind.js';
import { checkOriginalFilename } from '../../../src/uploads/file-name.js';
import { generateJoinCode, normaliseJoinCode } from '../../../src/jobs/join-code.js';

const FIXTURES = '../shared/fixtures';

function sniff(bytes: Buffer, fileName: string) {
  return sniffFileKind({ fileName, head: bytes.subarray(0, SNIFF_HEAD_BYTES), tail: bytes.subarray(Math.max(0, bytes.length - SNIFF_TAIL_BYTES)), sizeBytes: bytes.length });
}

const wheelStl = readFileSync(`${FIXTURES}/models/benchy-wheel.stl`);
const benchy3mf = readFileSync(`${FIXTURES}/models/3DBenchy.3mf`);
const wheelGcode = readFileSync(`${FIXTURES}/gcode/benchy-wheel-prusaslicer-2.5.gcode`);
const asciiStl = Buffer.from('solid cube\n facet normal 0 0 1\n  outer loop\n   vertex 0 0 0\n   vertex 1 0 0\n   vertex 0 1 0\n  endloop\n endfacet\nendsolid cube\n');
const obj = Buffer.from('# cube\nmtllib a.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nvn 0 0 1\nf 1 2 3\n');

describe('sniffFileKind on real files', () => {
  it.each([
    [wheelStl, 'wheel.stl', 'stl'], [benchy3mf, 'Benchy.3MF', '3mf'], [wheelGcode, 'kääntö osa.gcode', 'gcode'],
    [wheelGcode, 'x.gco', 'gcode'], [wheelGcode, 'x.g', 'gcode'], [asciiStl, 'cube.stl', 'stl'], [obj, 'cube.obj', 'obj'],
  ] as const)('recognises %#: %s', (bytes, name, kind) => {
    expect(sniff(bytes, name)).toEqual({ ok: true, kind });
  });

  it('tells PrusaSlicer\'s binary G-code apart, by name or by its magic, so the patron can be told how to export plain G-code', () => {
    const bgcode = Buffer.concat([Buffer.from('GCDE', 'latin1'), Buffer.from([1, 0, 0, 0, 1, 0]), Buffer.alloc(200, 7)]);
    expect(sniff(bgcode, 'boat.bgcode')).toMatchObject({ ok: false, code: 'gcode_binary', httpStatus: 415 });
    expect(sniff(bgcode, 'boat.gcode')).toMatchObject({ ok: false, code: 'gcode_binary' });
    expect(sniff(wheelGcode, 'boat.bgcode')).toMatchObject({ ok: false, code: 'gcode_binary' });
  });

  it('refuses a text file whose lines end in CR alone, saying so, where it would have read as one line', () => {
    const crOnly = Buffer.from(wheelGcode.toString('latin1').replaceAll('\r\n', '\n').replaceAll('\n', '\r'), 'latin1');
    expect(sniff(crOnly, 'wheel.gcode')).toEqual({ ok: false, code: 'upload_cr_line_endings', httpStatus: 422, params: { kind: 'gcode' } });
    expect(sniff(Buffer.from(asciiStl.toString().replaceAll('\n', '\r')), 'cube.stl')).toMatchObject({ ok: false, code: 'upload_cr_line_endings' });
    // A binary STL's floats may hold 0x0D and no 0x0A (35.25 is 0x420D0000): it is no text at all.
    const box = Buffer.alloc(84 + 12 * 50);
    box.writeUInt32LE(12, 80);
    for (let t = 0; t < 12; t++) for (let k = 0; k < 9; k++) box.writeFloatLE([35.25, 20, 10][k % 3] * (t % 2), 84 + t * 50 + 12 + k * 4);
    expect(box.includes(0x0d) && !box.includes(0x0a)).toBe(true);
    expect(sniff(box, 'box.stl')).toEqual({ ok: true, kind: 'stl' });
    // CRLF (Windows) and LF files are read as they always were.
    expect(sniff(Buffer.from(wheelGcode.toString('latin1').replaceAll('\n', '\r\n'), 'latin1'), 'wheel.gcode')).toEqual({ ok: true, kind: 'gcode' });
  });

  it('refuses names outside the accepted set, whatever the content', () => {
    expect(sniff(wheelGcode, 'wheel.txt')).toMatchObject({ ok: false, code: 'upload_type_not_accepted', httpStatus: 415 });
    expect(sniff(wheelGcode, 'gcode')).toMatchObject({ ok: false, code: 'upload_type_not_accepted' });
  });

  it('refuses content that does not match the name', () => {
    expect(sniff(wheelStl, 'wheel.gcode')).toMatchObject({ ok: false, code: 'upload_type_mismatch', params: { claimed: 'gcode', found: 'stl' } });
    expect(sniff(benchy3mf, 'benchy.stl')).toMatchObject({ ok: false, code: 'upload_type_mismatch', params: { found: '3mf' } });
  });

  it('refuses unrecognisable, empty and truncated files with their own codes', () => {
    expect(sniff(Buffer.from('<html><body>hello</body></html>\n<p>x</p>\n'), 'a.gcode')).toMatchObject({ code: 'upload_content_unrecognised', httpStatus: 415 });
    expect(sniff(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1]), 'a.stl')).toMatchObject({ code: 'upload_content_unrecognised' });
    expect(sniff(Buffer.alloc(0), 'a.stl')).toMatchObject({ code: 'upload_empty', httpStatus: 422 });
    expect(sniff(wheelStl.subarray(0, wheelStl.length - 50), 'a.stl')).toMatchObject({ code: 'upload_truncated', httpStatus: 422 });
    expect(sniff(benchy3mf.subarray(0, benchy3mf.length - 100_000), 'a.3mf')).toMatchObject({ code: 'upload_truncated' });
    expect(sniff(asciiStl.subarray(0, 60), 'a.stl')).toMatchObject({ code: 'upload_truncated' });
    // Cut inside a facet is truncated; whole facets without `endsolid` (PrusaSlicer reads those) are not.
    const noEnd = asciiStl.subarray(0, asciiStl.indexOf('endsolid'));
    expect(sniff(noEnd, 'a.stl')).toEqual({ ok: true, kind: 'stl' });
    expect(sniff(noEnd.subarray(0, noEnd.length - 12), 'a.stl')).toMatchObject({ code: 'upload_truncated' });
  });

  it('calls random bytes unrecognised unless the name claims the kind they would be a cut-off copy of', () => {
    // Bytes 80–83 of any binary file read as a triangle count; here one far larger than the file.
    const noise = Buffer.alloc(4096).fill(0xa7, 0, 100);
    expect(sniff(noise, 'malli.gcode')).toMatchObject({ code: 'upload_content_unrecognised', params: { claimed: 'gcode' } });
    expect(sniff(noise, 'malli.obj')).toMatchObject({ code: 'upload_content_unrecognised' });
    expect(sniff(noise, 'malli.stl')).toMatchObject({ code: 'upload_truncated', params: { kind: 'stl' } });
    const cutZip = benchy3mf.subarray(0, benchy3mf.length - 100_000);
    expect(sniff(cutZip, 'malli.gcode')).toMatchObject({ code: 'upload_type_mismatch', params: { claimed: 'gcode', found: '3mf' } });
  });

  it('lets a binary STL whose count disagrees with its size through to the parser, which reports it', () => {
    const countZero = Buffer.from(wheelStl);
    countZero.writeUInt32LE(0, 80);
    const padded = Buffer.concat([wheelStl, Buffer.alloc(50)]);
    const trailing = Buffer.concat([wheelStl, Buffer.alloc(7)]);
    const noTriangles = Buffer.alloc(84);
    for (const bytes of [countZero, padded, trailing, noTriangles]) expect(sniff(bytes, 'malli.stl')).toEqual({ ok: true, kind: 'stl' });
    // Named as something else, such bytes are still not that.
    expect(sniff(padded, 'malli.gcode')).toMatchObject({ code: 'upload_content_unrecognised' });
  });

  it('recognises G-code whose head is Klipper object definitions', () => {
    const define = (i: number) => `EXCLUDE_OBJECT_DEFINE NAME=pyorea_kappale_${i}.stl_id_${i}_copy_0 CENTER=${50 + i},50 POLYGON=[[${40 + i},40],[${60 + i},40],[${60 + i},60],[${40 + i},60]]`;
    const head = ['; generated by PrusaSlicer 2.7.1', ...Array.from({ length: 40 }, (_, i) => define(i)), 'M190 S60', 'G28', 'G1 X1 Y1'].join('\n');
    expect(sniff(Buffer.from(`${head}\n`), 'tarrat.gcode')).toEqual({ ok: true, kind: 'gcode' });
    // A text file of words is still not G-code.
    expect(sniff(Buffer.from('Hello there\nthis is a letter\nnot G-code\n'), 'a.gcode')).toMatchObject({ code: 'upload_content_unrecognised' });
  });

  it('recognises text models as their exporters write them', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expect(sniff(Buffer.concat([bom, asciiStl]), 'a.stl')).toEqual({ ok: true, kind: 'stl' });
    expect(sniff(Buffer.from(`   ${asciiStl.toString().toUpperCase()}\x1a`), 'a.stl')).toEqual({ ok: true, kind: 'stl' });
    const objs = [
      Buffer.concat([bom, obj]),
      Buffer.from('v\t0 0 0\nv\t1 0 0\nv\t0 1 0\nf\t1 2 3\n'),
      Buffer.from('g\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n'),
      Buffer.from('vn 0 0 1\nvt 0 0\nv 0 0 0\n'),
      Buffer.from(`${'# exported by a tool with a long header\n'.repeat(200)}v 0 0 0\n`),
      Buffer.from('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 \\\n3\n'),
    ];
    for (const bytes of objs) expect(sniff(bytes, 'a.obj'), JSON.stringify(bytes.subarray(0, 30).toString())).toEqual({ ok: true, kind: 'obj' });
  });
});

describe('checkOriginalFilename', () => {
  it('keeps Unicode names as given (NFC)', () => {
    expect(checkOriginalFilename('ka\u0308a\u0308nto\u0308 osa.gcode')).toEqual({ ok: true, name: 'kääntö osa.gcode' });
  });

  it.each([
    ['../../etc/passwd.gcode', 'path'], ['..\\boot.ini.gcode', 'path'], ['dir/a.stl', 'path'], ['', 'empty'], ['..', 'empty'],
    ['a\u0000.stl', 'control_chars'], ['evil\u202egcode.exe', 'control_chars'], [`${'ä'.repeat(130)}.stl`, 'too_long'],
  ])('refuses %j (%s)', (name, reason) => {
    expect(checkOriginalFilename(name)).toEqual({ ok: false, code: 'upload_bad_filename', params: { reason } });
  });
});

describe('join codes', () => {
  it('draws every character from the unambiguous alphabet and normalises what people type', () => {
    let i = 0;
    const code = generateJoinCode((n) => (i++ * 7) % n);
    expect(code).toMatch(/^[34679ACDEFGHJKMNPQRTUVWXY]{6}$/);
    expect(normaliseJoinCode(` ${code.slice(0, 3).toLowerCase()}-${code.slice(3)} `)).toBe(code);
  });
});
