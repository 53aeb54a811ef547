import { inflateSync } from 'node:zlib';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng, PreviewRasteriser, renderPreviewPng } from '../../../src/analysis/mesh/preview-png.js';
import { cube, triangles } from './mesh-builders.js';

/** Reads back our own PNG: checks every chunk's CRC and returns the RGBA pixels. */
function decodePng(png: Buffer): { width: number; height: number; rgba: Buffer } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let offset = 8;
  let width = 0, height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length)).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)));
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([...data.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    raw.copy(rgba, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, rgba };
}

describe('preview PNG', () => {
  it('encodes a valid PNG of the given pixels', () => {
    const pixels = new Uint8Array(3 * 2 * 4).map((_, i) => i * 7);
    const { width, height, rgba } = decodePng(encodePng(3, 2, pixels));
    expect([width, height]).toEqual([3, 2]);
    expect([...rgba]).toEqual([...pixels]);
  });

  it('draws a cube centred, with three differently lit faces and a transparent background', () => {
    const sizePx = 64;
    const rasteriser = new PreviewRasteriser({ min: [0, 0, 0], max: [20, 20, 20] }, sizePx);
    for (const [a, b, c] of triangles(cube(20))) rasteriser.triangle(...a, ...b, ...c);
    const { rgba } = decodePng(renderPreviewPng(rasteriser));
    const pixel = (x: number, y: number) => [...rgba.subarray((y * sizePx + x) * 4, (y * sizePx + x) * 4 + 4)];
    expect(pixel(sizePx / 2, sizePx / 2)[3]).toBe(255);
    expect(pixel(0, 0)[3]).toBe(0);
    expect(pixel(sizePx - 1, sizePx - 1)[3]).toBe(0);
    const shades = new Set<string>();
    for (let i = 0; i < sizePx * sizePx; i++) if (rgba[i * 4 + 3] === 255) shades.add(rgba.subarray(i * 4, i * 4 + 3).join(','));
    expect(shades.size).toBe(3);
  });

  it('lets nearer faces hide farther ones whatever the drawing order', () => {
    const draw = (order: number[][][]) => {
      const r = new PreviewRasteriser({ min: [0, 0, 0], max: [20, 20, 20] }, 48);
      for (const [a, b, c] of order) r.triangle(...(a as [number, number, number]), ...(b as [number, number, number]), ...(c as [number, number, number]));
      return Buffer.from(r.rgba);
    };
    const tris = triangles(cube(20));
    expect(draw(tris).equals(draw([...tris].reverse()))).toBe(true);
  });
});
