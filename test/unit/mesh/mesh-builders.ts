/** Test helper: meshes with exactly known geometry, written in each format the parsers read. */
import { zipSync, strToU8 } from 'fflate';
import { MeshAccumulator } from '../../../src/analysis/mesh/mesh-analysis.js';
import type { MeshContext } from '../../../src/analysis/mesh/mesh-analysis.js';
import type { StreamingModelParser, TriangleSink, Vec3 } from '../../../src/analysis/mesh/mesh-types.js';

export interface Mesh {
  vertices: Vec3[];
  /** Counter-clockwise seen from outside. */
  faces: number[][];
}

/** An axis-aligned cube; faces are quads, so `triangles()` gives 12 triangles. */
export function cube(sideMm: number, at: Vec3 = [0, 0, 0]): Mesh {
  const vertices: Vec3[] = [];
  for (let i = 0; i < 8; i++) vertices.push([at[0] + (i & 4 ? sideMm : 0), at[1] + (i & 2 ? sideMm : 0), at[2] + (i & 1 ? sideMm : 0)]);
  // Index = 4x + 2y + z; each quad is counter-clockwise seen from outside.
  const faces = [[0, 1, 3, 2], [4, 6, 7, 5], [0, 4, 5, 1], [2, 3, 7, 6], [0, 2, 6, 4], [1, 5, 7, 3]];
  return { vertices, faces };
}

/** Corner tetrahedron: volume a³/6, area 3·a²/2 + (√3/2)·a². */
export function tetrahedron(a: number): Mesh {
  return { vertices: [[0, 0, 0], [a, 0, 0], [0, a, 0], [0, 0, a]], faces: [[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]] };
}

/** A box of any size (quads like cube()). */
export function box(size: Vec3): Mesh {
  const c = cube(1);
  return { vertices: c.vertices.map(([x, y, z]) => [x * size[0], y * size[1], z * size[2]] as Vec3), faces: c.faces };
}

export function triangles(mesh: Mesh): Vec3[][] {
  const out: Vec3[][] = [];
  for (const f of mesh.faces) for (let i = 2; i < f.length; i++) out.push([mesh.vertices[f[0]], mesh.vertices[f[i - 1]], mesh.vertices[f[i]]]);
  return out;
}

export function binaryStl(tris: Vec3[][], options: { header?: string; declaredCount?: number; trailing?: number } = {}): Buffer {
  const out = Buffer.alloc(84 + tris.length * 50 + (options.trailing ?? 0));
  out.write((options.header ?? 'binary test mesh').padEnd(80, ' '), 0, 'latin1');
  out.writeUInt32LE(options.declaredCount ?? tris.length, 80);
  tris.forEach((t, i) => {
    const o = 84 + i * 50;
    t.forEach((v, k) => v.forEach((c, axis) => out.writeFloatLE(c, o + 12 + k * 12 + axis * 4)));
  });
  return out;
}

export function asciiStl(tris: Vec3[][], eol = '\n'): string {
  const lines = ['solid test'];
  for (const t of tris) {
    lines.push('  facet normal 0 0 0', '    outer loop', ...t.map((v) => `      vertex ${v.join(' ')}`), '    endloop', '  endfacet');
  }
  lines.push('endsolid test', '');
  return lines.join(eol);
}

export function obj(mesh: Mesh): string {
  return [...mesh.vertices.map((v) => `v ${v.join(' ')}`), ...mesh.faces.map((f) => `f ${f.map((i) => i + 1).join(' ')}`), ''].join('\n');
}

export interface ThreeMfObject {
  id: number;
  mesh: Mesh;
}

export function threeMfXml(objects: ThreeMfObject[], items: Array<{ objectId: number; transform?: string }>, unit = 'millimeter'): string {
  const objectXml = objects.map((o) => [
    `<object id="${o.id}" type="model"><mesh><vertices>`,
    ...o.mesh.vertices.map((v) => `<vertex x="${v[0]}" y="${v[1]}" z="${v[2]}" />`),
    '</vertices><triangles>',
    ...o.mesh.faces.flatMap((f) => f.slice(2).map((_, i) => `<triangle v1="${f[0]}" v2="${f[i + 1]}" v3="${f[i + 2]}" />`)),
    '</triangles></mesh></object>',
  ].join('\n')).join('\n');
  const build = items.map((i) => `<item objectid="${i.objectId}"${i.transform ? ` transform="${i.transform}"` : ''} />`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<model unit="${unit}" xml:lang="en-US" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02">\n<resources>${objectXml}</resources>\n<build>${build}</build>\n</model>\n`;
}

export function threeMfZip(modelXml: string, extra: Record<string, Uint8Array> = {}): Buffer {
  return Buffer.from(zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="model" ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/></Types>'),
    '_rels/.rels': strToU8('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Target="/3D/3dmodel.model" Id="rel0" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/></Relationships>'),
    '3D/3dmodel.model': strToU8(modelXml),
    ...extra,
  }));
}

/** Runs bytes through a parser in chunks of `chunkBytes` and into a fresh accumulator. */
export function parseInChunks(makeParser: (sink: TriangleSink) => StreamingModelParser, bytes: Uint8Array, chunkBytes: number, context: MeshContext = {}) {
  const accumulator = new MeshAccumulator(context);
  const parser = makeParser(accumulator);
  for (let i = 0; i < bytes.length; i += chunkBytes) {
    const stop = parser.push(bytes.subarray(i, i + chunkBytes));
    if (stop) return { ok: false as const, refusal: stop };
  }
  const parsed = parser.end();
  if (accumulator.refusal) return { ok: false as const, refusal: accumulator.refusal };
  if (!parsed.ok) return parsed;
  return accumulator.finish(parsed.value.format, parsed.value.findings);
}
