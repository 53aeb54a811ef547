import { zipSync, strToU8 } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTag, readMeshTag, ThreeMfParser } from '../../../src/analysis/mesh/threemf.js';
import { cube, parseInChunks, tetrahedron, threeMfXml, threeMfZip } from './mesh-builders.js';

const parse3mf = (bytes: Uint8Array, chunkBytes = 4096, maxInflatedBytes?: number) =>
  parseInChunks((sink) => new ThreeMfParser(sink, maxInflatedBytes), bytes, chunkBytes);

function analysed(bytes: Uint8Array, chunkBytes?: number) {
  const outcome = parse3mf(bytes, chunkBytes);
  if (!outcome.ok) throw new Error(`refused: ${outcome.refusal.code} ${outcome.refusal.message}`);
  return outcome.value;
}

describe('3MF', () => {
  it('measures a cube, whatever the chunking', () => {
    const zip = threeMfZip(threeMfXml([{ id: 1, mesh: cube(20) }], [{ objectId: 1 }]));
    const a = analysed(zip);
    expect(a).toMatchObject({ format: '3mf', triangles: 12, watertight: true, shells: 1 });
    expect(a.volumeMm3).toBeCloseTo(8000, 6);
    expect(analysed(zip, 7)).toEqual(a);
    expect(analysed(zip, 1)).toEqual(a);
  });

  it('applies the model unit', () => {
    const a = analysed(threeMfZip(threeMfXml([{ id: 1, mesh: cube(2) }], [{ objectId: 1 }], 'centimeter')));
    expect(a.volumeMm3).toBeCloseTo(8000, 6);
    expect(a.bbox.max).toEqual([20, 20, 20]);
    const inch = analysed(threeMfZip(threeMfXml([{ id: 1, mesh: cube(1) }], [{ objectId: 1 }], 'inch')));
    expect(inch.volumeMm3).toBeCloseTo(25.4 ** 3, 6);
  });

  it('places every build item with its transform', () => {
    const xml = threeMfXml([{ id: 1, mesh: cube(10) }, { id: 2, mesh: tetrahedron(6) }], [
      { objectId: 1, transform: '1 0 0 0 1 0 0 0 1 100 50 0' },
      // Turned 90° about Z and doubled in size: volume × 8.
      { objectId: 1, transform: '0 2 0 -2 0 0 0 0 2 0 0 0' },
      { objectId: 2, transform: '1 0 0 0 1 0 0 0 1 50 0 0' },
    ]);
    const a = analysed(threeMfZip(xml));
    expect(a.triangles).toBe(28);
    expect(a.shells).toBe(3);
    expect(a.volumeMm3).toBeCloseTo(1000 + 8000 + 36, 6);
    expect(a.bbox.min).toEqual([-20, 0, 0]);
    expect(a.bbox.max).toEqual([110, 60, 20]);
    expect(a.findings.map((f) => f.code)).toContain('multiple_objects');
  });

  it('keeps a mirrored item solid: a negative determinant swaps the winding back', () => {
    const xml = threeMfXml([{ id: 1, mesh: cube(10) }], [
      { objectId: 1 }, { objectId: 1, transform: '-1 0 0 0 1 0 0 0 1 50 0 0' },
    ]);
    const a = analysed(threeMfZip(xml));
    expect(a.volumeMm3).toBeCloseTo(2000, 6);
    expect(a).toMatchObject({ inverted: false, watertight: true, shells: 2 });
    expect(a.bbox.max).toEqual([50, 10, 10]);
  });

  it('leaves out what a PrusaSlicer project does not print solid: modifiers, support blockers', () => {
    // One object: a 10 mm cube (triangles 0–11), then a 250 mm blocker, then a 20 mm modifier cube.
    const parts = [cube(10), cube(250, [-100, -100, 0]), cube(20, [30, 0, 0])];
    const mesh = {
      vertices: parts.flatMap((p) => p.vertices),
      faces: parts.flatMap((p, i) => p.faces.map((f) => f.map((v) => v + 8 * i))),
    };
    const xml = threeMfXml([{ id: 1, mesh }], [{ objectId: 1 }]);
    const config = '<?xml version="1.0" encoding="utf-8"?>\n<config>\n <object id="1" instances_count="1">\n'
      + '  <volume firstid="0" lastid="11">\n   <metadata type="volume" key="volume_type" value="ModelPart"/>\n  </volume>\n'
      + '  <volume firstid="12" lastid="23">\n   <metadata type="volume" key="volume_type" value="SupportBlocker"/>\n  </volume>\n'
      + '  <volume firstid="24" lastid="35">\n   <metadata type="volume" key="modifier" value="1"/>\n  </volume>\n </object>\n</config>\n';
    const a = analysed(threeMfZip(xml, { 'Metadata/Slic3r_PE_model.config': strToU8(config) }));
    expect(a.triangles).toBe(12);
    expect(a.volumeMm3).toBeCloseTo(1000, 6);
    expect(a.bbox.max).toEqual([10, 10, 10]);
    // Without the project config, every volume is the model's.
    expect(analysed(threeMfZip(xml)).triangles).toBe(36);
  });

  it('leaves out what a Bambu Studio or OrcaSlicer project does not print solid: modifiers, negative parts, blockers', () => {
    // Their layout: the root object's components point at meshes in 3D/Objects/object_1.model, one per part.
    const meshes = threeMfXml([{ id: 1, mesh: cube(20) }, { id: 2, mesh: cube(10, [15, 15, 15]) }], []).replace(/<build>.*<\/build>/s, '<build/>');
    const root = threeMfXml([], [{ objectId: 3, transform: '1 0 0 0 1 0 0 0 1 100 100 0' }]).replace('</resources>',
      '<object id="3" type="model"><components><component p:path="/3D/Objects/object_1.model" objectid="1"/>'
      + '<component p:path="/3D/Objects/object_1.model" objectid="2"/></components></object></resources>');
    const settings = (subtype: string) => strToU8('<?xml version="1.0" encoding="UTF-8"?>\n<config>\n  <object id="3">\n'
      + '    <metadata key="name" value="Kuutio"/>\n    <part id="1" subtype="normal_part"><metadata key="name" value="body"/></part>\n'
      + `    <part id="2" subtype="${subtype}"><metadata key="name" value="extra"/></part>\n  </object>\n</config>\n`);
    for (const subtype of ['modifier_part', 'negative_part', 'support_blocker', 'support_enforcer']) {
      const a = analysed(threeMfZip(root, { '3D/Objects/object_1.model': strToU8(meshes), 'Metadata/model_settings.config': settings(subtype) }));
      expect([subtype, a.triangles, a.bbox]).toEqual([subtype, 12, { min: [100, 100, 0], max: [120, 120, 20] }]);
      expect(a.volumeMm3).toBeCloseTo(8000, 6);
    }
    // A normal part is printed.
    expect(analysed(threeMfZip(root, { '3D/Objects/object_1.model': strToU8(meshes), 'Metadata/model_settings.config': settings('normal_part') })).triangles).toBe(24);
  });

  it('measures touching parts each as a solid of its own (a multi-colour Bambu Studio or OrcaSlicer project)', () => {
    // Two 20 mm cubes side by side: the faces where they meet share all four corners.
    const meshes = threeMfXml([{ id: 1, mesh: cube(20) }, { id: 2, mesh: cube(20, [20, 0, 0]) }], []).replace(/<build>.*<\/build>/s, '<build/>');
    const root = threeMfXml([], [{ objectId: 3 }]).replace('</resources>',
      '<object id="3" type="model"><components><component p:path="/3D/Objects/object_1.model" objectid="1"/>'
      + '<component p:path="/3D/Objects/object_1.model" objectid="2"/></components></object></resources>');
    const a = analysed(threeMfZip(root, { '3D/Objects/object_1.model': strToU8(meshes) }));
    expect(a).toMatchObject({ triangles: 24, shells: 2, watertight: true, manifold: true, nonManifoldEdges: 0 });
    expect(a.volumeMm3).toBeCloseTo(16000, 6);
    expect(a.findings).toEqual([]);
  });

  it('measures the touching volumes of a PrusaSlicer object each as a solid of its own', () => {
    const parts = [cube(20), cube(20, [20, 0, 0]), cube(20, [40, 0, 0])];
    const mesh = {
      vertices: parts.flatMap((p) => p.vertices),
      faces: parts.flatMap((p, i) => p.faces.map((f) => f.map((v) => v + 8 * i))),
    };
    const xml = threeMfXml([{ id: 1, mesh }], [{ objectId: 1 }]);
    const volume = (first: number, last: number, type: string) => `  <volume firstid="${first}" lastid="${last}">\n`
      + `   <metadata type="volume" key="volume_type" value="${type}"/>\n  </volume>\n`;
    const config = (third: string) => '<?xml version="1.0" encoding="utf-8"?>\n<config>\n <object id="1" instances_count="1">\n'
      + volume(0, 11, 'ModelPart') + volume(12, 23, 'ModelPart') + volume(24, 35, third) + ' </object>\n</config>\n';
    const a = analysed(threeMfZip(xml, { 'Metadata/Slic3r_PE_model.config': strToU8(config('ModelPart')) }));
    expect(a).toMatchObject({ triangles: 36, shells: 3, watertight: true, nonManifoldEdges: 0, findings: [] });
    // A modifier among them is still left out.
    expect(analysed(threeMfZip(xml, { 'Metadata/Slic3r_PE_model.config': strToU8(config('ParameterModifier')) })))
      .toMatchObject({ triangles: 24, shells: 2, watertight: true });
  });

  it('measures only the first plate of a Bambu Studio or OrcaSlicer project, and says so', () => {
    // Plate 2 sits beside plate 1 (x ≥ 300), as those slicers lay plates out; object 3 is placed twice.
    const xml = threeMfXml([{ id: 3, mesh: cube(20) }, { id: 4, mesh: cube(10) }], [
      { objectId: 3, transform: '1 0 0 0 1 0 0 0 1 300 0 0' },
      { objectId: 4, transform: '1 0 0 0 1 0 0 0 1 100 100 0' },
      { objectId: 3, transform: '1 0 0 0 1 0 0 0 1 50 50 0' },
    ]);
    const instance = (objectId: number, instanceId: number) => `    <model_instance>\n      <metadata key="object_id" value="${objectId}"/>\n`
      + `      <metadata key="instance_id" value="${instanceId}"/>\n      <metadata key="identify_id" value="${objectId * 100 + instanceId}"/>\n    </model_instance>\n`;
    const plate = (id: number, ...instances: string[]) => `  <plate>\n    <metadata key="plater_id" value="${id}"/>\n    <metadata key="plater_name" value=""/>\n`
      + `    <metadata key="thumbnail_file" value="Metadata/plate_${id}.png"/>\n${instances.join('')}  </plate>\n`;
    const settings = (plates: string) => strToU8(`<?xml version="1.0" encoding="UTF-8"?>\n<config>\n  <object id="3">\n    <metadata key="name" value="Kuutio"/>\n  </object>\n${plates}</config>\n`);
    // Plates listed out of order: plate 1 is the one with the second instance of object 3 and object 4.
    const a = analysed(threeMfZip(xml, { 'Metadata/model_settings.config': settings(plate(2, instance(3, 0)) + plate(1, instance(4, 0), instance(3, 1))) }));
    expect(a).toMatchObject({ triangles: 24, shells: 2, bbox: { min: [50, 50, 0], max: [110, 110, 20] } });
    expect(a.volumeMm3).toBeCloseTo(8000 + 1000, 6);
    expect(a.findings).toEqual([
      { code: 'threemf_plates', message: 'the project has 2 plates; only plate 1 is measured and printed', params: { plates: 2, plate: 1 } },
      expect.objectContaining({ code: 'multiple_objects', params: { count: 2 } }),
    ]);
    // An instance not printed still counts in its object's instance_id: plate 1 holds (3, 1), the item after it.
    const hidden = xml.replace('transform="1 0 0 0 1 0 0 0 1 300 0 0"', 'transform="1 0 0 0 1 0 0 0 1 300 0 0" printable="0"');
    expect(analysed(threeMfZip(hidden, { 'Metadata/model_settings.config': settings(plate(2, instance(3, 0)) + plate(1, instance(3, 1))) })))
      .toMatchObject({ triangles: 12, bbox: { min: [50, 50, 0], max: [70, 70, 20] }, findings: [{ code: 'threemf_plates' }] });
    // One plate, or plates that name none of the build's items: everything is measured, nothing said.
    expect(analysed(threeMfZip(xml, { 'Metadata/model_settings.config': settings(plate(1, instance(3, 0), instance(4, 0), instance(3, 1))) })).triangles).toBe(36);
    expect(analysed(threeMfZip(xml, { 'Metadata/model_settings.config': settings(plate(1, instance(9, 0)) + plate(2, instance(8, 0))) })).triangles).toBe(36);
  });

  it('leaves out instances set not to print and objects that are not models', () => {
    const twice = threeMfXml([{ id: 1, mesh: cube(20) }], [{ objectId: 1 }, { objectId: 1, transform: '1 0 0 0 1 0 0 0 1 100 0 0' }])
      .replace('transform="1 0 0 0 1 0 0 0 1 100 0 0"', 'transform="1 0 0 0 1 0 0 0 1 100 0 0" printable="0"');
    expect(analysed(threeMfZip(twice))).toMatchObject({ triangles: 12, bbox: { min: [0, 0, 0], max: [20, 20, 20] }, findings: [] });
    const other = threeMfXml([{ id: 1, mesh: cube(20) }, { id: 2, mesh: cube(20, [100, 0, 0]) }], [{ objectId: 1 }, { objectId: 2 }])
      .replace('<object id="2" type="model"', '<object id="2" type="other"');
    expect(analysed(threeMfZip(other))).toMatchObject({ triangles: 12, bbox: { min: [0, 0, 0], max: [20, 20, 20] } });
  });

  it('refuses components that fan out over empty meshes, at once', () => {
    // 16 levels of 10: 10^16 placements of nothing, which no triangle count would ever stop.
    const levels = Array.from({ length: 16 }, (_, i) => `<object id="${i + 2}" type="model"><components>${
      Array.from({ length: 10 }, () => `<component objectid="${i + 1}"/>`).join('')}</components></object>`).join('');
    const xml = threeMfXml([{ id: 1, mesh: { vertices: [], faces: [] } }], [{ objectId: 17 }]).replace('</resources>', `${levels}</resources>`);
    const started = Date.now();
    expect(parse3mf(threeMfZip(xml))).toMatchObject({ ok: false, refusal: { code: 'mesh_too_large' } });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('finds parts whatever the case of their names (OPC compares them without case)', () => {
    const xml = threeMfXml([{ id: 1, mesh: cube(10) }], [{ objectId: 1 }]);
    const rels = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
      + '<Relationship Target="/3D/3dmodel.model" Id="rel0" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/></Relationships>';
    const zip = zipSync({ '_rels/.rels': strToU8(rels), '3D/3DModel.model': strToU8(xml) });
    expect(analysed(zip).volumeMm3).toBeCloseTo(1000, 6);
  });

  it('follows components and composes their transforms', () => {
    const xml = threeMfXml([{ id: 1, mesh: cube(10) }], [{ objectId: 5, transform: '1 0 0 0 1 0 0 0 1 0 0 5' }])
      .replace('</resources>', '<object id="5" type="model"><components><component objectid="1" transform="1 0 0 0 1 0 0 0 1 30 0 0"/></components></object></resources>');
    const a = analysed(threeMfZip(xml));
    expect(a.bbox).toEqual({ min: [30, 0, 5], max: [40, 10, 15] });
  });

  it('refuses nested components that multiply into too many triangles', () => {
    // Each level places the one below ten times: 10^9 cubes from a few hundred bytes.
    const levels = Array.from({ length: 9 }, (_, i) => `<object id="${i + 2}" type="model"><components>${
      Array.from({ length: 10 }, (_, k) => `<component objectid="${i + 1}" transform="1 0 0 0 1 0 0 0 1 ${k * 20} 0 0"/>`).join('')}</components></object>`).join('');
    const xml = threeMfXml([{ id: 1, mesh: cube(10) }], [{ objectId: 10 }]).replace('</resources>', `${levels}</resources>`);
    const outcome = parseInChunks((sink) => new ThreeMfParser(sink, undefined, 1000), threeMfZip(xml), 4096);
    expect(outcome.ok ? null : outcome.refusal.code).toBe('mesh_too_large');
  });

  it('refuses a build item that names a missing object', () => {
    const outcome = parse3mf(threeMfZip(threeMfXml([{ id: 1, mesh: cube(10) }], [{ objectId: 9 }])));
    expect(outcome.ok ? null : outcome.refusal.code).toBe('threemf_bad_reference');
  });

  it('refuses a triangle that uses a vertex that does not exist', () => {
    const xml = threeMfXml([{ id: 1, mesh: cube(10) }], [{ objectId: 1 }]).replace('v3="3"', 'v3="99"');
    const outcome = parse3mf(threeMfZip(xml));
    expect(outcome.ok ? null : outcome.refusal.code).toBe('threemf_malformed');
  });

  it('refuses a zip that inflates past the cap, even when its header lies', () => {
    const padding = ' '.repeat(1536 * 1024);
    const xml = threeMfXml([{ id: 1, mesh: cube(10) }], [{ objectId: 1 }]).replace('<resources>', `<resources>${padding}`);
    const zip = threeMfZip(xml);
    expect(zip.length).toBeLessThan(64 * 1024);
    expect(parse3mf(zip, 4096, 512 * 1024)).toMatchObject({ ok: false, refusal: { code: 'zip_bomb' } });
    // Zero the declared size in the local and central headers: only counting inflated bytes catches it.
    const lying = Buffer.from(zip);
    const name = Buffer.from('3D/3dmodel.model');
    for (let at = lying.indexOf(name); at !== -1; at = lying.indexOf(name, at + 1)) {
      const local = lying.readUInt32LE(at - 30) === 0x04034b50;
      if (local) lying.writeUInt32LE(0, at - 30 + 22);
      else if (lying.readUInt32LE(at - 46) === 0x02014b50) lying.writeUInt32LE(0, at - 46 + 24);
    }
    expect(parse3mf(lying, 4096, 512 * 1024)).toMatchObject({ ok: false, refusal: { code: 'zip_bomb' } });
    expect(parse3mf(zip).ok).toBe(true);
  });

  it('refuses a zip with no model part', () => {
    const zip = Buffer.from(zipSync({ 'readme.txt': strToU8('hello') }));
    expect(parse3mf(zip)).toMatchObject({ ok: false, refusal: { code: 'threemf_no_model' } });
  });

  it('refuses bytes that only start like a zip', () => {
    const bytes = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 0xab)]);
    const outcome = parse3mf(bytes);
    expect(outcome.ok).toBe(false);
    expect(['zip_invalid', 'threemf_no_model']).toContain(outcome.ok ? '' : outcome.refusal.code);
  });

  it('refuses an unknown unit', () => {
    const outcome = parse3mf(threeMfZip(threeMfXml([{ id: 1, mesh: cube(1) }], [{ objectId: 1 }], 'furlong')));
    expect(outcome.ok ? null : outcome.refusal.code).toBe('threemf_malformed');
  });
});

/** The tag reader as it was, by patterns: the hand-written one must read every tag as this did. */
function parseTagByPattern(body: string) {
  const qualified = /^\/?\s*([\w:.-]*)/.exec(body)![1];
  const attrs: Record<string, string> = {};
  for (const m of body.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[m[1]] = m[2] ?? m[3];
  return { name: qualified.slice(qualified.indexOf(':') + 1), closing: body.startsWith('/'), attrs };
}

describe('parseTag', () => {
  const blank = fc.constantFrom(' ', '  ', '\t', '\r\n', '\n ');
  const name = fc.constantFrom('x', 'y', 'z', 'v1', 'v2', 'v3', 'p:path', 'objectid', 'transform', 'slic3rpe:x', 'a.b', 'a-b', '_1');
  const value = fc.string({ unit: fc.constantFrom('1', '-', '.', 'e', '5', ' ', 'ä', '<', "'", '"', '='), maxLength: 8 });
  const attribute = fc.tuple(blank, name, fc.constantFrom('=', ' = ', '\t='), fc.constantFrom('"', "'"), value)
    .map(([b, n, eq, q, v]) => `${b}${n}${eq}${q}${v.replaceAll(q, '')}${q}`);
  const wellFormed = fc.tuple(fc.constantFrom('', '/'), fc.constantFrom('vertex', 'm:vertex', 'triangle', 'item', 'object', 'build'),
    fc.array(attribute, { maxLength: 5 }), fc.constantFrom('', ' ', '/', ' /'))
    .map(([slash, element, attrs, end]) => `${slash}${element}${attrs.join('')}${end}`);
  // Well-formed bodies with a fragment of junk put in somewhere: these take the pattern's path.
  const damaged = fc.tuple(wellFormed, fc.nat(), fc.constantFrom('"', "'", '=', ' junk', '/', 'x=', ' x="1', '\u00a0'))
    .map(([body, at, junk]) => body.slice(0, at % (body.length + 1)) + junk + body.slice(at % (body.length + 1)));

  it('reads every well-formed tag, and every damaged one, as the patterns did', () => {
    fc.assert(fc.property(fc.oneof(wellFormed, damaged), (body) => {
      expect(parseTag(body)).toEqual(parseTagByPattern(body));
    }), { numRuns: 3000 });
  });
});

describe('readMeshTag', () => {
  /** What the general reader makes of a vertex or triangle tag. */
  function byParseTag(body: string): number[] | null {
    const { name, closing, attrs } = parseTag(body);
    if (closing || (name !== 'vertex' && name !== 'triangle')) return null;
    const keys = name === 'vertex' ? ['x', 'y', 'z'] : ['v1', 'v2', 'v3'];
    return [name === 'vertex' ? 1 : 2, ...keys.map((k) => Number(attrs[k]))];
  }

  const number = fc.oneof(
    fc.double({ noNaN: true, min: -1e6, max: 1e6 }).chain((v) => fc.integer({ min: 0, max: 9 }).map((d) => v.toFixed(d))),
    fc.nat().map(String),
    fc.constantFrom('', '-', '.', '-.', '+5', '-0', '0.', '.5', '1e3', '1.5E-2', ' 2 ', '0x10', '00012.50', '1.00000000000000000000001',
      '123456789012345678', '0.1234567890123456789', 'NaN', 'Infinity', '-12.0000001', '4294967296', '1 2'),
  );
  const attribute = fc.tuple(fc.constantFrom(' ', '\n  ', '\t'), fc.constantFrom('x', 'y', 'z', 'v1', 'v2', 'v3', 'v4', 'p1', 'pid', 'm:x', 'w', 'xx'),
    fc.constantFrom('=', ' = '), fc.constantFrom('"', "'"), number).map(([b, n, eq, q, v]) => `${b}${n}${eq}${q}${v}${q}`);
  const body = fc.tuple(fc.constantFrom('vertex', 'm:vertex', 'triangle', 'p:triangle', 'vertices', 'triangles', 'object', '/vertex', 'vertexx'),
    fc.array(attribute, { maxLength: 5 }), fc.constantFrom('', '/', ' /', ' x="1', '\u00a0y="2"'))
    .map(([element, attrs, end]) => `${element}${attrs.join('')}${end}`);

  it('reads every vertex and triangle tag it takes as parseTag and Number do', () => {
    const out = new Float64Array(4);
    let taken = 0;
    fc.assert(fc.property(body, (text) => {
      if (!readMeshTag(text, out)) return;
      taken++;
      expect([...out]).toEqual(byParseTag(text));
    }), { numRuns: 5000 });
    // Well-formed vertex and triangle tags are most of the cases: the fast path was exercised.
    expect(taken).toBeGreaterThan(1000);
  });

  it('takes the tags slicers write', () => {
    const out = new Float64Array(4);
    expect(readMeshTag('vertex x="-12.345678" y="0" z="1.5e-3"', out)).toBe(true);
    expect([...out]).toEqual([1, -12.345678, 0, 0.0015]);
    expect(readMeshTag('triangle v1="0" v2="12" v3="4294967295" pid="1" p1="0"/', out)).toBe(true);
    expect([...out]).toEqual([2, 0, 12, 4294967295]);
  });
});
