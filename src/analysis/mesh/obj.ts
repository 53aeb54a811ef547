import { LineSplitter } from './line-splitter.js';
import { EAR_CLIPPING_BUDGET, triangulatePolygon, type ClippingBudget } from './polygon.js';
import { Triples } from './triples.js';
import { refusal, type MeshFinding, type MeshRefusal, type Outcome, type ParseResult, type StreamingModelParser, type TriangleSink } from './mesh-types.js';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

/**
 * Wavefront OBJ: `v` and `f` lines; polygons are split into triangles (polygon.ts: the format asks for
 * convex faces, but modellers write concave n-gons too). Vertices must be held because faces index
 * them, so memory grows with the vertex count; everything else (normals, texture coordinates,
 * materials) is skipped.
 */
export class ObjParser implements StreamingModelParser {
  private readonly lines = new LineSplitter();
  private readonly vertices = new Triples(new Float64Array(3 * 4096));
  private vertexCount = 0;
  private readonly findings: MeshFinding[] = [];
  private stopped: MeshRefusal | null = null;
  private readonly corners: number[] = [];
  /** A statement continued onto the next line with a trailing backslash, so far. */
  private continued = '';

  private readonly clipping: ClippingBudget = { checks: EAR_CLIPPING_BUDGET };
  private readonly emitTriangle = (a: number, b: number, d: number): void => {
    const c = this.vertices.data;
    this.sink.triangle(c[a], c[a + 1], c[a + 2], c[b], c[b + 1], c[b + 2], c[d], c[d + 1], c[d + 2]);
  };

  constructor(private readonly sink: TriangleSink) {}

  push(chunk: Uint8Array): MeshRefusal | null {
    if (this.stopped) return this.stopped;
    this.lines.push(chunk, (line, lineNo) => this.line(line, lineNo));
    if (this.lines.overflowed && !this.stopped) this.stopped = refusal('obj_malformed', `a line after line ${this.lines.lineCount} is too long`, { line: this.lines.lineCount + 1 });
    return this.stopped;
  }

  end(): Outcome<ParseResult> {
    if (!this.stopped) this.lines.end((line, lineNo) => this.line(line, lineNo));
    if (this.stopped) return { ok: false, refusal: this.stopped };
    return { ok: true, value: { format: 'obj', findings: this.findings } };
  }

  private line(raw: string, lineNo: number): void {
    if (this.stopped) return;
    const hash = raw.indexOf('#');
    const text = (hash === -1 ? raw : raw.slice(0, hash)).trimEnd();
    if (text.endsWith('\\')) {
      this.continued += text.slice(0, -1) + ' ';
      return;
    }
    const line = (this.continued + text).replace(/^\xef\xbb\xbf/, '').trim();
    this.continued = '';
    if (line.startsWith('v ') || line.startsWith('v\t')) this.vertex(line, lineNo);
    else if (line.startsWith('f ') || line.startsWith('f\t')) this.face(line, lineNo);
  }

  private vertex(line: string, lineNo: number): void {
    const words = line.split(/\s+/);
    if (words.length < 4) return this.bad('obj_malformed', lineNo, 'a vertex needs three coordinates');
    const xyz = [0, 0, 0];
    for (let i = 1; i <= 3; i++) {
      if (NON_FINITE.test(words[i])) xyz[i - 1] = NaN;
      else if (NUMBER.test(words[i])) xyz[i - 1] = Number(words[i]);
      else return this.bad('obj_malformed', lineNo, `'${words[i].slice(0, 40)}' is not a number`);
    }
    this.vertices.push(xyz[0], xyz[1], xyz[2]);
    this.vertexCount++;
  }

  private face(line: string, lineNo: number): void {
    const words = line.split(/\s+/);
    const corners = this.corners;
    corners.length = 0;
    for (let i = 1; i < words.length; i++) {
      // `v`, `v/vt`, `v//vn` or `v/vt/vn`: only the position index matters here.
      const slash = words[i].indexOf('/');
      const text = slash === -1 ? words[i] : words[i].slice(0, slash);
      const index = Number(text);
      if (!Number.isInteger(index) || index === 0) return this.bad('obj_malformed', lineNo, `'${words[i].slice(0, 40)}' is not a vertex index`);
      // Negative indices count back from the latest vertex.
      const resolved = index > 0 ? index - 1 : this.vertexCount + index;
      if (resolved < 0 || resolved >= this.vertexCount) return this.bad('obj_bad_index', lineNo, `vertex ${index} does not exist (${this.vertexCount} so far)`);
      corners.push(resolved * 3);
    }
    if (corners.length < 3) return this.bad('obj_malformed', lineNo, 'a face needs at least three corners');
    triangulatePolygon(this.vertices.data, corners, this.emitTriangle, this.clipping);
  }

  private bad(code: 'obj_malformed' | 'obj_bad_index', lineNo: number, why: string): void {
    this.stopped = refusal(code, `line ${lineNo}: ${why}`, { line: lineNo });
  }
}
