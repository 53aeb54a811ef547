import { Unzip, UnzipInflate, UnzipPassThrough, type UnzipFile } from 'fflate';
import { DEFAULT_MAX_TRIANGLES } from './mesh-analysis.js';
import { Triples } from './triples.js';
import { refusal, type MeshFinding, type MeshRefusal, type Outcome, type ParseResult, type StreamingModelParser, type TriangleSink } from './mesh-types.js';

/** Inflated bytes we accept in total; a 3MF of a printable model is far below this. */
const DEFAULT_MAX_INFLATED_BYTES = 512 * 1024 * 1024;
const MAX_COMPONENT_DEPTH = 16;
/**
 * Objects placed, counting every component at every depth: a kilobyte of components that fan out over
 * empty meshes would otherwise be walked 10^16 times without placing a triangle. No real build comes near.
 */
const MAX_PLACEMENTS = 100_000;
/** Zip input is fed in slices this long, so a bomb's inflated bytes are counted before they pile up. */
const UNZIP_SLICE_BYTES = 16 * 1024;
const DEFAULT_ROOT = partName('3D/3dmodel.model');

/**
 * A part's name as a key: with one leading slash, and in lower case, because OPC (ECMA-376 part 2)
 * compares part names without regard to case: a relationship to `/3D/3dmodel.model` finds `3D/3DModel.model`.
 */
function partName(path: string): string {
  return '/' + path.replace(/^\/+/, '').toLowerCase();
}
const MODEL_REL_TYPE = /\/3dmodel$/;

const UNIT_MM: Record<string, number> = { micron: 0.001, millimeter: 1, centimeter: 10, inch: 25.4, foot: 304.8, meter: 1000 };

/** Row-vector affine transform as 3MF writes it: m00 m01 m02 m10 m11 m12 m20 m21 m22 m30 m31 m32. */
type Transform = number[];
const IDENTITY: Transform = [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0];

interface Component {
  objectKey: string;
  transform: Transform;
}

/** A build item, and which of its object's items it is (counting those not printed): Bambu's `instance_id`. */
interface BuildItem extends Component {
  instance: number;
}

/** The object id in a `part#id` key. */
const objectIdOf = (objectKey: string): string => objectKey.slice(objectKey.lastIndexOf('#') + 1);

interface MeshObject {
  vertices: Triples<Float64Array>;
  triangles: Triples<Uint32Array>;
  components: Component[];
  /** `type="model"` (the default); support, surface and `other` objects are not printed (3MF core spec). */
  printed: boolean;
}

/**
 * 3MF: a zip holding XML model parts. The zip is inflated as it streams in, only `.model` and the root
 * relationships are inflated at all, and every inflated byte counts against a cap, because a zip's
 * declared sizes can lie. XML tags are scanned as text arrives, so the model XML is never held whole;
 * the meshes themselves are kept (build items may place one object several times).
 */
export class ThreeMfParser implements StreamingModelParser {
  private readonly unzip = new Unzip();
  private readonly objects = new Map<string, MeshObject>();
  private readonly builds = new Map<string, BuildItem[]>();
  private readonly findings: MeshFinding[] = [];
  private rootPath: string | null = null;
  /**
   * PrusaSlicer's project config (Metadata/Slic3r_PE_model.config): per object id of the root model
   * part, the triangle ranges of its volumes, in order. A volume not printed as solid (a modifier, a
   * support blocker or enforcer, a negative volume) is left out: the slicer applies it, and the model's
   * facts must not count it. Each printed volume is a part of its own.
   */
  private readonly volumes = new Map<string, PrusaVolume[]>();
  /**
   * Bambu Studio's and OrcaSlicer's project config (Metadata/model_settings.config): per object id of the
   * root model part, the ids of its parts (the objects its components point at) that are not printed:
   * modifiers, negative parts, support blockers and enforcers.
   */
  private readonly unprintedParts = new Map<string, Set<string>>();
  /** The same config's plates: which build items (object id, and which of that object's items) each holds. */
  private readonly plates: Plate[] = [];
  private inflated = 0;
  private placements = 0;
  private stopped: MeshRefusal | null = null;
  private sawModel = false;
  private sawBytes = false;
  private emitted = 0;

  constructor(private readonly sink: TriangleSink, private readonly maxInflatedBytes = DEFAULT_MAX_INFLATED_BYTES,
    private readonly maxTriangles = DEFAULT_MAX_TRIANGLES) {
    this.unzip.register(UnzipInflate);
    this.unzip.register(UnzipPassThrough);
    this.unzip.onfile = (file) => this.entry(file);
  }

  push(chunk: Uint8Array): MeshRefusal | null {
    if (this.stopped) return this.stopped;
    // A zip starts with a local file header; other bytes would only read as a zip with no parts.
    if (!this.sawBytes && chunk.length > 0) {
      this.sawBytes = true;
      // Only the first byte: a chunk may be a single byte.
      if (chunk[0] !== 0x50) return (this.stopped = refusal('zip_invalid', 'not a zip: a 3MF is a zip archive'));
    }
    try {
      for (let at = 0; at < chunk.length && !this.stopped; at += UNZIP_SLICE_BYTES) this.unzip.push(chunk.subarray(at, at + UNZIP_SLICE_BYTES), false);
    } catch (err) {
      this.stopped ??= refusal('zip_invalid', `not a readable zip: ${(err as Error).message}`);
    }
    return this.stopped;
  }

  end(): Outcome<ParseResult> {
    if (!this.stopped) {
      try {
        this.unzip.push(new Uint8Array(0), true);
      } catch (err) {
        this.stopped ??= refusal('zip_invalid', `not a readable zip: ${(err as Error).message}`);
      }
    }
    if (this.stopped) return { ok: false, refusal: this.stopped };
    if (!this.sawModel) return { ok: false, refusal: refusal('threemf_no_model', 'the zip holds no 3D model part') };
    const root = this.rootPath ?? DEFAULT_ROOT;
    const built = this.builds.get(root) ?? [];
    if (built.length === 0) return { ok: false, refusal: refusal('threemf_malformed', `the model part ${root} has no build items`, { part: root }) };
    const items = this.onFirstPlate(built);
    if (items.length > 1) this.findings.push({ code: 'multiple_objects', message: `${items.length} objects are placed on the plate`, params: { count: items.length } });
    for (const item of items) {
      const problem = this.emit(item, item.transform, 0);
      if (problem) return { ok: false, refusal: problem };
    }
    return { ok: true, value: { format: '3mf', findings: this.findings } };
  }

  /**
   * A Bambu Studio or OrcaSlicer project lays several plates side by side, each a print of its own: the
   * first plate is what is measured and printed (as those slicers print it), and a finding says so.
   */
  private onFirstPlate(items: BuildItem[]): BuildItem[] {
    const plates = this.plates.filter((p) => p.instances.length > 0);
    if (plates.length < 2) return items;
    const first = plates.reduce((a, b) => (b.id < a.id ? b : a));
    const chosen = items.filter((item) => first.instances.some((i) => i.objectId === objectIdOf(item.objectKey) && i.instanceId === item.instance));
    // A config that names no item of the build does not describe this model: measure everything.
    if (chosen.length === 0) return items;
    this.findings.push({ code: 'threemf_plates', message: `the project has ${plates.length} plates; only plate ${first.id} is measured and printed`, params: { plates: plates.length, plate: first.id } });
    return chosen;
  }

  private entry(file: UnzipFile): void {
    const path = partName(file.name);
    const isModel = path.endsWith('.model');
    const isRootRels = path === '/_rels/.rels';
    const isPrusaConfig = path === PRUSA_CONFIG;
    const isBambuConfig = path === BAMBU_CONFIG;
    if (!isModel && !isRootRels && !isPrusaConfig && !isBambuConfig) return;
    if (file.originalSize !== undefined && this.inflated + file.originalSize > this.maxInflatedBytes) {
      this.stopped ??= this.bomb();
      return;
    }
    const reader = isModel ? new ModelPartReader(path, this.objects, this.builds)
      : isPrusaConfig ? new PrusaVolumesReader(this.volumes)
        : isBambuConfig ? new BambuPartsReader(this.unprintedParts, this.plates) : new RelsReader((target) => { this.rootPath = target; });
    if (isModel) this.sawModel = true;
    const decoder = new TextDecoder('utf-8');
    file.ondata = (err, data, final) => {
      if (this.stopped) return;
      if (err) {
        this.stopped = refusal('zip_invalid', `cannot inflate ${file.name}: ${err.message}`);
        return;
      }
      this.inflated += data.length;
      if (this.inflated > this.maxInflatedBytes) {
        this.stopped = this.bomb();
        file.terminate();
        return;
      }
      const problem = reader.text(decoder.decode(data, { stream: !final }), final);
      if (problem) this.stopped = problem;
    };
    file.start();
  }

  private bomb(): MeshRefusal {
    return refusal('zip_bomb', `the 3MF inflates to more than ${this.maxInflatedBytes} bytes`, { maxInflatedBytes: this.maxInflatedBytes });
  }

  private emit(component: Component, transform: Transform, depth: number): MeshRefusal | null {
    const object = this.objects.get(component.objectKey);
    if (!object) return refusal('threemf_bad_reference', `object ${component.objectKey} does not exist`, { object: component.objectKey });
    if (depth > MAX_COMPONENT_DEPTH) return refusal('threemf_bad_reference', `components nest deeper than ${MAX_COMPONENT_DEPTH} (a cycle?)`, { object: component.objectKey });
    if (++this.placements > MAX_PLACEMENTS) return refusal('mesh_too_large', `the build places objects more than ${MAX_PLACEMENTS} times`, { maxPlacements: MAX_PLACEMENTS });
    if (!object.printed) return null;
    // Components multiply: a few kilobytes of nested references can stand for billions of triangles.
    this.emitted += object.triangles.length / 3;
    if (this.emitted > this.maxTriangles) {
      return refusal('mesh_too_large', `the build places more than ${this.maxTriangles} triangles`, { maxTriangles: this.maxTriangles });
    }
    const v = object.vertices.data, t = object.triangles.data;
    const hash = component.objectKey.lastIndexOf('#');
    const inRoot = component.objectKey.slice(0, hash) === (this.rootPath ?? DEFAULT_ROOT);
    const volumes = inRoot ? this.volumes.get(objectIdOf(component.objectKey)) : undefined;
    const unprintedParts = inRoot ? this.unprintedParts.get(objectIdOf(component.objectKey)) : undefined;
    const vertexCount = object.vertices.length / 3;
    const m = transform;
    const point = (i: number, axis: number) => v[i] * m[axis] + v[i + 1] * m[3 + axis] + v[i + 2] * m[6 + axis] + m[9 + axis];
    // A mirroring transform (negative determinant) turns the surface inside out: two corners swap back.
    const mirrored = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]) < 0;
    this.sink.startPart?.();
    let volume = 0;
    for (let k = 0; k < object.triangles.length; k += 3) {
      const a = t[k], b = t[k + 1], c = t[k + 2];
      if (a >= vertexCount || b >= vertexCount || c >= vertexCount) {
        return refusal('threemf_malformed', `object ${component.objectKey}: triangle ${k / 3 + 1} uses a vertex that does not exist`, { object: component.objectKey });
      }
      if (volumes) {
        const index = k / 3;
        while (volume < volumes.length && volumes[volume]!.last < index) volume++;
        const range = volumes[volume];
        if (range && index >= range.first) {
          if (!range.printed) continue;
          if (index === range.first && index > 0) this.sink.startPart?.();
        }
      }
      const ia = a * 3, ib = (mirrored ? c : b) * 3, ic = (mirrored ? b : c) * 3;
      this.sink.triangle(point(ia, 0), point(ia, 1), point(ia, 2), point(ib, 0), point(ib, 1), point(ib, 2), point(ic, 0), point(ic, 1), point(ic, 2));
    }
    for (const child of object.components) {
      if (unprintedParts?.has(objectIdOf(child.objectKey))) continue;
      const problem = this.emit(child, compose(child.transform, transform), depth + 1);
      if (problem) return problem;
    }
    return null;
  }
}

/** `inner` applied first, then `outer` (row vectors: p · inner · outer). */
function compose(inner: Transform, outer: Transform): Transform {
  const r: Transform = new Array(12).fill(0);
  for (let row = 0; row < 4; row++) {
    for (let col = 0; col < 3; col++) {
      let sum = row === 3 ? outer[9 + col] : 0;
      for (let k = 0; k < 3; k++) sum += inner[row * 3 + k] * outer[k * 3 + col];
      r[row * 3 + col] = sum;
    }
  }
  return r;
}

/** Splits streamed XML text into tags; text between tags is irrelevant to 3MF geometry. */
abstract class TagScanner {
  private carry = '';

  text(chunk: string, final: boolean): MeshRefusal | null {
    const text = this.carry + chunk;
    let start = 0;
    for (;;) {
      const open = text.indexOf('<', start);
      if (open === -1) { start = text.length; break; }
      const close = text.indexOf('>', open);
      if (close === -1) { start = open; break; }
      const problem = this.tag(text.slice(open + 1, close));
      if (problem) return problem;
      start = close + 1;
    }
    this.carry = text.slice(start);
    if (this.carry.length > 1 << 20) return refusal('threemf_malformed', 'an XML tag longer than 1 MiB');
    return final ? this.done() : null;
  }

  protected abstract tag(body: string): MeshRefusal | null;
  protected done(): MeshRefusal | null { return null; }
}

const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** A tag's element name (local: prefixes vary between writers, `m:vertex`), whether it closes, its attributes. */
export function parseTag(body: string): { name: string; closing: boolean; attrs: Record<string, string> } {
  const closing = body.charCodeAt(0) === SLASH;
  let at = closing ? 1 : 0;
  while (isSpace(body.charCodeAt(at))) at++;
  const nameStart = at;
  while (isNameChar(body.charCodeAt(at))) at++;
  const qualified = body.slice(nameStart, at);
  return { name: qualified.slice(qualified.indexOf(':') + 1), closing, attrs: wellFormedAttributes(body, at) ?? matchedAttributes(body) };
}

/**
 * Walks the attributes of a well-formed tag body (blanks, `name="value"` or `name='value'`, maybe a
 * closing `/`) by hand: a big model has millions of vertex and triangle tags, and a pattern took most of
 * the parse. `next()` answers ATTRIBUTE (the four positions are set), END, or MALFORMED, for the pattern
 * to read the tag as before. One serves every call: nothing is allocated per tag.
 */
class AttributeCursor {
  body = '';
  at = 0;
  nameStart = 0;
  nameEnd = 0;
  valueStart = 0;
  valueEnd = 0;

  start(body: string, at: number): this {
    this.body = body;
    this.at = at;
    return this;
  }

  next(): typeof ATTRIBUTE_FOUND | typeof END | typeof MALFORMED {
    const body = this.body;
    let at = this.at;
    const before = at;
    while (isBlank(body.charCodeAt(at))) at++;
    if (at === body.length || (at === body.length - 1 && body.charCodeAt(at) === SLASH)) return END;
    if (at === before) return MALFORMED;
    this.nameStart = at;
    while (isNameChar(body.charCodeAt(at))) at++;
    if (at === this.nameStart) return MALFORMED;
    this.nameEnd = at;
    while (isBlank(body.charCodeAt(at))) at++;
    if (body.charCodeAt(at++) !== EQUALS) return MALFORMED;
    while (isBlank(body.charCodeAt(at))) at++;
    const quote = body.charCodeAt(at);
    if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) return MALFORMED;
    const end = body.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", at + 1);
    if (end === -1) return MALFORMED;
    this.valueStart = at + 1;
    this.valueEnd = end;
    this.at = end + 1;
    return ATTRIBUTE_FOUND;
  }
}

const ATTRIBUTE_FOUND = 1, END = 0, MALFORMED = -1;
const cursor = new AttributeCursor();

function wellFormedAttributes(body: string, at: number): Record<string, string> | null {
  const attrs: Record<string, string> = {};
  const c = cursor.start(body, at);
  let step;
  while ((step = c.next()) === ATTRIBUTE_FOUND) attrs[body.slice(c.nameStart, c.nameEnd)] = body.slice(c.valueStart, c.valueEnd);
  return step === END ? attrs : null;
}

function matchedAttributes(body: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of body.matchAll(ATTRIBUTE)) attrs[m[1]] = m[2] ?? m[3];
  return attrs;
}

const VERTEX = 1;
const TRIANGLE = 2;
/** Exact powers of ten: a plain decimal of up to 15 digits divided by one is correctly rounded, as Number's. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * A well-formed `vertex` or `triangle` tag (any prefix) read in place into `out`: [VERTEX, x, y, z] or
 * [TRIANGLE, v1, v2, v3], each as Number() reads the attribute (NaN when missing; the last of a repeated
 * one). False for any other tag, and for anything not well-formed, which parseTag then reads as before.
 */
export function readMeshTag(body: string, out: Float64Array): boolean {
  let at = 0;
  let localStart = 0;
  for (let c = body.charCodeAt(0); isNameChar(c); c = body.charCodeAt(++at)) if (c === COLON) localStart = at + 1;
  const kind = at - localStart === 6 && body.startsWith('vertex', localStart) ? VERTEX
    : at - localStart === 8 && body.startsWith('triangle', localStart) ? TRIANGLE : 0;
  if (kind === 0) return false;
  out[0] = kind; out[1] = NaN; out[2] = NaN; out[3] = NaN;
  const c = cursor.start(body, at);
  let step;
  while ((step = c.next()) === ATTRIBUTE_FOUND) {
    const nameLength = c.nameEnd - c.nameStart;
    const slot = kind === VERTEX
      ? (nameLength === 1 ? body.charCodeAt(c.nameStart) - 119 : 0) // x y z → 1 2 3
      : (nameLength === 2 && body.charCodeAt(c.nameStart) === 118 ? body.charCodeAt(c.nameStart + 1) - 48 : 0); // v1 v2 v3
    if (slot >= 1 && slot <= 3) out[slot] = decimalAt(body, c.valueStart, c.valueEnd);
  }
  return step === END;
}

/** Number(s.slice(from, to)), without the slice for a plain decimal: a sign, digits, maybe one point. */
function decimalAt(s: string, from: number, to: number): number {
  let at = from;
  const negative = s.charCodeAt(at) === 45;
  if (negative) at++;
  let mantissa = 0, digits = 0, fraction = -1;
  for (; at < to; at++) {
    const c = s.charCodeAt(at);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      if (mantissa !== 0) digits++;
      if (fraction >= 0) fraction++;
    } else if (c === 46 && fraction < 0) fraction = 0;
    else return Number(s.slice(from, to));
  }
  // No digit at all ("", "-", "."), or too many to be exact: Number decides.
  const noDigit = to - from - (negative ? 1 : 0) - (fraction >= 0 ? 1 : 0) === 0;
  if (noDigit || digits > 15 || fraction > 22) return Number(s.slice(from, to));
  const value = fraction > 0 ? mantissa / POW10[fraction]! : mantissa;
  return negative ? -value : value;
}

const isIndex = (n: number): boolean => Number.isInteger(n) && n >= 0 && n < 2 ** 32;

const SLASH = 47, EQUALS = 61, DOUBLE_QUOTE = 34, SINGLE_QUOTE = 39, COLON = 58;

/** XML's blanks (space, tab, CR, LF). */
const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/** The pattern `\s`: XML's blanks and what else JavaScript counts as space (looked up only past ASCII). */
const isSpace = (c: number): boolean => isBlank(c) || c === 11 || c === 12 || (c > 127 && /\s/.test(String.fromCharCode(c)));

/** `[\w:.-]`. */
const isNameChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 58) || c === 95 || c === 46 || c === 45;

const PRUSA_CONFIG = partName('Metadata/Slic3r_PE_model.config');

/** Reads which volumes of each object PrusaSlicer prints as solid (`volume_type` ModelPart; old files: no `modifier` = 1). */
interface PrusaVolume { first: number; last: number; printed: boolean }

class PrusaVolumesReader extends TagScanner {
  private objectId: string | null = null;
  private volume: PrusaVolume | null = null;

  constructor(private readonly volumes: Map<string, PrusaVolume[]>) { super(); }

  protected tag(body: string): null {
    if (body.startsWith('?') || body.startsWith('!')) return null;
    const { name, closing, attrs } = parseTag(body);
    if (name === 'object') this.objectId = closing ? null : attrs.id ?? null;
    else if (name === 'volume' && !closing) this.volume = { first: Number(attrs.firstid), last: Number(attrs.lastid), printed: true };
    else if (name === 'volume' && closing) this.endVolume();
    else if (name === 'metadata' && this.volume && attrs.type === 'volume') {
      if ((attrs.key === 'volume_type' && attrs.value !== 'ModelPart') || (attrs.key === 'modifier' && attrs.value === '1')) this.volume.printed = false;
    }
    return null;
  }

  private endVolume(): void {
    const v = this.volume;
    this.volume = null;
    if (!v || this.objectId === null || !Number.isInteger(v.first) || !Number.isInteger(v.last)) return;
    const list = this.volumes.get(this.objectId) ?? [];
    // PrusaSlicer writes them in order; the parser walks them in order.
    let at = list.length;
    while (at > 0 && list[at - 1]!.first > v.first) at--;
    list.splice(at, 0, v);
    this.volumes.set(this.objectId, list);
  }
}

const BAMBU_CONFIG = partName('Metadata/model_settings.config');

/** Reads which parts of each object Bambu Studio and OrcaSlicer print as solid (`subtype` normal_part). */
interface Plate { id: number; instances: Array<{ objectId: string; instanceId: number }> }

class BambuPartsReader extends TagScanner {
  private objectId: string | null = null;
  private plate: Plate | null = null;
  private instance: { objectId: string | null; instanceId: number } | null = null;

  constructor(private readonly unprinted: Map<string, Set<string>>, private readonly plates: Plate[]) { super(); }

  protected tag(body: string): null {
    if (body.startsWith('?') || body.startsWith('!')) return null;
    const { name, closing, attrs } = parseTag(body);
    if (name === 'plate') this.plateTag(closing);
    else if (name === 'model_instance' && this.plate) this.instanceTag(closing);
    else if (name === 'metadata' && this.plate) this.plateMetadata(attrs.key, attrs.value);
    else if (name === 'object') this.objectId = closing || body.trimEnd().endsWith('/') ? null : attrs.id ?? null;
    else if (name === 'part' && !closing && this.objectId !== null && attrs.id !== undefined && (attrs.subtype ?? 'normal_part') !== 'normal_part') {
      const parts = this.unprinted.get(this.objectId) ?? new Set<string>();
      parts.add(attrs.id);
      this.unprinted.set(this.objectId, parts);
    }
    return null;
  }

  private plateTag(closing: boolean): void {
    if (!closing) { this.plate = { id: Number.POSITIVE_INFINITY, instances: [] }; return; }
    if (this.plate) this.plates.push(this.plate);
    this.plate = null;
  }

  private instanceTag(closing: boolean): void {
    if (!closing) { this.instance = { objectId: null, instanceId: 0 }; return; }
    const i = this.instance;
    if (i?.objectId != null && Number.isInteger(i.instanceId)) this.plate!.instances.push({ objectId: i.objectId, instanceId: i.instanceId });
    this.instance = null;
  }

  private plateMetadata(key: string | undefined, value: string | undefined): void {
    if (value === undefined) return;
    if (this.instance) {
      if (key === 'object_id') this.instance.objectId = value;
      else if (key === 'instance_id') this.instance.instanceId = Number(value);
    } else if (key === 'plater_id' && Number.isFinite(Number(value))) {
      this.plate!.id = Number(value);
    }
  }
}

class RelsReader extends TagScanner {
  constructor(private readonly onRoot: (target: string) => void) { super(); }

  protected tag(body: string): null {
    const { name, attrs } = parseTag(body);
    if (name === 'Relationship' && MODEL_REL_TYPE.test(attrs.Type ?? '') && attrs.Target) {
      this.onRoot(partName(attrs.Target));
    }
    return null;
  }
}

class ModelPartReader extends TagScanner {
  private scaleMm = 1;
  private current: MeshObject | null = null;
  private inBuild = false;
  /** Build items read so far per object id, printed or not. */
  private readonly itemsOf = new Map<string, number>();
  /** readMeshTag's answer: the element, then x y z or v1 v2 v3. */
  private readonly numbers = new Float64Array(4);

  constructor(private readonly path: string, private readonly objects: Map<string, MeshObject>, private readonly builds: Map<string, BuildItem[]>) { super(); }

  protected tag(body: string): MeshRefusal | null {
    // A big model is millions of vertex and triangle tags: their numbers are read in place.
    if (this.current && readMeshTag(body, this.numbers)) {
      const n = this.numbers;
      return n[0] === VERTEX ? this.vertex(this.current, n[1], n[2], n[3]) : this.triangle(this.current, n[1], n[2], n[3]);
    }
    if (body.startsWith('?') || body.startsWith('!')) return null;
    const { name, closing, attrs } = parseTag(body);
    if (closing) {
      if (name === 'object') this.current = null;
      else if (name === 'build') this.inBuild = false;
      return null;
    }
    switch (name) {
      // Tags readMeshTag could not read (not well-formed); the same numbers as it would give.
      case 'vertex': return this.current ? this.vertex(this.current, Number(attrs.x), Number(attrs.y), Number(attrs.z)) : null;
      case 'triangle': return this.current ? this.triangle(this.current, Number(attrs.v1), Number(attrs.v2), Number(attrs.v3)) : null;
      case 'model': {
        const unit = attrs.unit ?? 'millimeter';
        const scale = UNIT_MM[unit];
        if (scale === undefined) return refusal('threemf_malformed', `unknown unit '${unit}'`, { unit });
        this.scaleMm = scale;
        return null;
      }
      case 'object': {
        const object: MeshObject = {
          vertices: new Triples(new Float64Array(3 * 1024)), triangles: new Triples(new Uint32Array(3 * 1024)), components: [],
          printed: (attrs.type ?? 'model') === 'model',
        };
        this.objects.set(`${this.path}#${attrs.id}`, object);
        this.current = body.trimEnd().endsWith('/') ? null : object;
        return null;
      }
      case 'component': {
        if (!this.current) return null;
        const parsed = this.placement(attrs);
        if ('code' in parsed) return parsed;
        this.current.components.push(parsed);
        return null;
      }
      case 'build': this.inBuild = !body.trimEnd().endsWith('/'); return null;
      case 'item': {
        if (!this.inBuild) return null;
        const objectId = attrs.objectid ?? '';
        const instance = this.itemsOf.get(objectId) ?? 0;
        this.itemsOf.set(objectId, instance + 1);
        // PrusaSlicer, Bambu Studio and OrcaSlicer mark an instance set not to print with printable="0".
        if (attrs.printable === '0') return null;
        const parsed = this.placement(attrs);
        if ('code' in parsed) return parsed;
        const list = this.builds.get(this.path) ?? [];
        list.push({ ...parsed, instance });
        this.builds.set(this.path, list);
        return null;
      }
      default: return null;
    }
  }

  /** A missing coordinate is NaN here, and refused downstream as mesh_non_finite. */
  private vertex(object: MeshObject, x: number, y: number, z: number): null {
    object.vertices.push(x * this.scaleMm, y * this.scaleMm, z * this.scaleMm);
    return null;
  }

  private triangle(object: MeshObject, a: number, b: number, c: number): MeshRefusal | null {
    if (!isIndex(a) || !isIndex(b) || !isIndex(c)) return refusal('threemf_malformed', `a triangle with bad vertex indices in ${this.path}`, { part: this.path });
    object.triangles.push(a, b, c);
    return null;
  }

  /** The object a component or build item points at, and where it puts it. */
  private placement(attrs: Record<string, string>): Component | MeshRefusal {
    const part = attrs['p:path'] ? partName(attrs['p:path']) : this.path;
    if (!attrs.transform) return { objectKey: `${part}#${attrs.objectid}`, transform: IDENTITY };
    const transform = attrs.transform.trim().split(/\s+/).map(Number);
    if (transform.length !== 12 || !transform.every(Number.isFinite)) return refusal('threemf_malformed', `bad transform '${attrs.transform.slice(0, 80)}'`, { part: this.path });
    // Translation is in the part's unit; the 3×3 part is unitless.
    for (let i = 9; i < 12; i++) transform[i] *= this.scaleMm;
    return { objectKey: `${part}#${attrs.objectid}`, transform };
  }
}
