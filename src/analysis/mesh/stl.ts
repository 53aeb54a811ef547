import { Buffer } from 'node:buffer';
import { refusal, type MeshFinding, type MeshRefusal, type Outcome, type ParseResult, type StreamingModelParser, type TriangleSink } from './mesh-types.js';
import { LineSplitter } from './line-splitter.js';
import { EAR_CLIPPING_BUDGET, triangulatePolygon, type ClippingBudget } from './polygon.js';

const HEADER_BYTES = 84;
/** Bytes of one binary STL triangle record: a normal and three corners (float32, little-endian), an attribute word. */
export const TRIANGLE_BYTES = 50;

/** The triangle of the record at `o` into `sink`. Bytes 0–11, the stored normal, are ignored: the winding order is what slicers trust. */
export function emitStlTriangle(sink: Pick<TriangleSink, 'triangle'>, view: DataView, o: number): void {
  sink.triangle(
    view.getFloat32(o + 12, true), view.getFloat32(o + 16, true), view.getFloat32(o + 20, true),
    view.getFloat32(o + 24, true), view.getFloat32(o + 28, true), view.getFloat32(o + 32, true),
    view.getFloat32(o + 36, true), view.getFloat32(o + 40, true), view.getFloat32(o + 44, true));
}
/** Enough of the file to tell ASCII from a binary file whose header happens to start with `solid`. */
export const SNIFF_BYTES = 1024;

/**
 * Binary or ASCII STL, fed in chunks of any size. The file size is an argument because it is the only
 * reliable way to tell a binary STL from ASCII: netfabb and SolidWorks write binary files whose 80-byte
 * header starts with `solid`, and some exporters leave the triangle count at 0.
 */
export class StlParser implements StreamingModelParser {
  private head: Uint8Array[] = [];
  private headBytes = 0;
  private body: BinaryBody | AsciiBody | null = null;
  private stopped: MeshRefusal | null = null;

  constructor(private readonly totalBytes: number, private readonly sink: TriangleSink) {}

  push(chunk: Uint8Array): MeshRefusal | null {
    if (this.stopped) return this.stopped;
    if (this.body) return (this.stopped = this.body.push(chunk));
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes >= Math.min(SNIFF_BYTES, this.totalBytes)) return (this.stopped = this.start());
    return null;
  }

  end(): Outcome<ParseResult> {
    if (!this.stopped && !this.body) this.stopped = this.start();
    if (this.stopped) return { ok: false, refusal: this.stopped };
    return this.body!.end();
  }

  private start(): MeshRefusal | null {
    const head = Buffer.concat(this.head);
    this.head = [];
    if (head.length === 0) return refusal('mesh_empty', 'the file is empty');
    const body = looksLikeAsciiStl(head) ? new AsciiBody(this.sink) : BinaryBody.open(head, this.totalBytes, this.sink);
    if ('refusal' in body) return body.refusal;
    this.body = body;
    return body.push(head);
  }
}

/** What may come before `solid` in an ASCII STL: a UTF-8 byte-order mark (as latin1), blank space. */
const ASCII_LEAD = /^(?:\xef\xbb\xbf)?\s*/;
/** DOS editors end a text file with Ctrl-Z. */
const DOS_EOF = 26;
/** What C exporters and DOS editors leave at a text file's end: NUL terminators, Ctrl-Z. */
const END_OF_TEXT = /[\x00\x1a]/g;

/**
 * Whether an STL starting with `head` (at least SNIFF_BYTES of it, or all of a shorter file) is ASCII.
 * Only the first SNIFF_BYTES are looked at, and a shorter file's trailing NULs (C exporters write the
 * string's terminator) do not count.
 */
export function looksLikeAsciiStl(head: Uint8Array): boolean {
  let window = head.subarray(0, SNIFF_BYTES);
  if (head.length < SNIFF_BYTES) {
    let end = window.length;
    while (end > 0 && window[end - 1] === 0) end--;
    window = window.subarray(0, end);
  }
  const text = Buffer.from(window.buffer, window.byteOffset, window.length).toString('latin1');
  if (!/^solid/i.test(text.replace(ASCII_LEAD, ''))) return false;
  // Binary floats almost always hold a control byte within a few triangles; text never does (UTF-8 may).
  for (const byte of window) if (byte < 9 || (byte > 13 && byte < 32 && byte !== DOS_EOF) || byte === 127) return false;
  return head.length < SNIFF_BYTES || /facet/i.test(text);
}

class BinaryBody {
  private readonly carry = new Uint8Array(TRIANGLE_BYTES);
  private carryBytes = 0;
  /** Bytes of the file still to skip before triangles start (the header). */
  private skip = HEADER_BYTES;
  private done = 0;
  /** Records past the header's count that hold a triangle, and those that are all zero bytes (padding). */
  private extraTriangles = 0;
  private extraPadding = 0;

  /** `declared`: records past this many are checked for padding (the header's count, when whole records follow it). */
  private constructor(private readonly triangles: number, private readonly findings: MeshFinding[], private readonly sink: TriangleSink,
    private readonly declared = triangles) {
    sink.expectTriangles?.(triangles);
  }

  static open(head: Uint8Array, totalBytes: number, sink: TriangleSink): BinaryBody | { refusal: MeshRefusal } {
    if (totalBytes < HEADER_BYTES) {
      return { refusal: refusal('stl_truncated', `${totalBytes} bytes is shorter than the 84-byte binary STL header`, { bytes: totalBytes }) };
    }
    const declared = new DataView(head.buffer, head.byteOffset, head.length).getUint32(80, true);
    const bodyBytes = totalBytes - HEADER_BYTES;
    const fitting = Math.floor(bodyBytes / TRIANGLE_BYTES);
    if (declared === fitting && bodyBytes % TRIANGLE_BYTES === 0) return new BinaryBody(declared, [], sink);
    if (declared > fitting) {
      return { refusal: refusal('stl_truncated', `the header promises ${declared} triangles but the file holds ${fitting}`, { declared, available: fitting }) };
    }
    // Longer than promised. A count left at 0 is the exporter's omission: the size counts the triangles.
    if (declared === 0) {
      const finding = { code: 'stl_count_mismatch', message: `the header says 0 triangles; the file size says ${fitting}, which was used`, params: { declared, used: fitting } };
      return new BinaryBody(fitting, [finding], sink);
    }
    // Whole records after the count are read, as PrusaSlicer reads them (its loader goes by the size and
    // only logs the header's count), so the model checked is the model sliced; all-zero records among
    // them are padding, not a triangle at the origin. Bytes that are not whole records are ignored.
    if (bodyBytes % TRIANGLE_BYTES === 0) return new BinaryBody(fitting, [], sink, declared);
    const bytes = bodyBytes - declared * TRIANGLE_BYTES;
    return new BinaryBody(declared, [{ code: 'stl_trailing_bytes', message: `${bytes} bytes after the last triangle were ignored`, params: { bytes } }], sink);
  }

  push(chunk: Uint8Array): null {
    let offset = Math.min(this.skip, chunk.length);
    this.skip -= offset;
    if (this.carryBytes > 0 && offset < chunk.length) {
      const take = Math.min(TRIANGLE_BYTES - this.carryBytes, chunk.length - offset);
      this.carry.set(chunk.subarray(offset, offset + take), this.carryBytes);
      this.carryBytes += take;
      offset += take;
      if (this.carryBytes === TRIANGLE_BYTES) {
        this.emit(this.carry, 0, 1);
        this.carryBytes = 0;
      }
    }
    const whole = Math.min(Math.floor((chunk.length - offset) / TRIANGLE_BYTES), this.triangles - this.done);
    this.emit(chunk, offset, whole);
    offset += whole * TRIANGLE_BYTES;
    if (offset < chunk.length && this.done < this.triangles) {
      this.carry.set(chunk.subarray(offset), 0);
      this.carryBytes = chunk.length - offset;
    }
    return null;
  }

  /** `count` records from `offset`, never past the promised count. */
  private emit(bytes: Uint8Array, offset: number, count: number): void {
    count = Math.min(count, this.triangles - this.done);
    if (count <= 0) return;
    const counted = Math.max(0, Math.min(count, this.declared - this.done));
    if (counted < count) {
      // Past the header's count (rare): record by record, leaving padding out.
      this.emitCounted(bytes, offset, counted);
      for (let k = counted; k < count; k++) {
        const o = offset + k * TRIANGLE_BYTES;
        if (bytes.subarray(o + 12, o + 48).every((b) => b === 0)) {
          this.done++;
          this.extraPadding++;
        } else {
          this.extraTriangles++;
          this.emitCounted(bytes, o, 1);
        }
      }
      return;
    }
    this.emitCounted(bytes, offset, count);
  }

  private emitCounted(bytes: Uint8Array, offset: number, count: number): void {
    if (count <= 0) return;
    this.done += count;
    const sink = this.sink;
    if (sink.stlRecords) {
      sink.stlRecords(bytes.subarray(offset, offset + count * TRIANGLE_BYTES));
      return;
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    for (let o = offset, end = offset + count * TRIANGLE_BYTES; o < end; o += TRIANGLE_BYTES) emitStlTriangle(sink, view, o);
  }

  end(): Outcome<ParseResult> {
    if (this.done < this.triangles) {
      return { ok: false, refusal: refusal('stl_truncated', `the file ended after ${this.done} of ${this.triangles} triangles`, { declared: this.triangles, available: this.done }) };
    }
    if (this.extraTriangles > 0) {
      const used = this.declared + this.extraTriangles;
      this.findings.push({ code: 'stl_count_mismatch', message: `the header says ${this.declared} triangles; the file holds ${used}, which were used, as slicers do`, params: { declared: this.declared, used } });
    } else if (this.extraPadding > 0) {
      const bytes = this.extraPadding * TRIANGLE_BYTES;
      this.findings.push({ code: 'stl_trailing_bytes', message: `${bytes} bytes after the last triangle were ignored`, params: { bytes } });
    }
    return { ok: true, value: { format: 'stl_binary', findings: this.findings } };
  }
}

const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

class AsciiBody {
  private readonly lines = new LineSplitter();
  private readonly loop: number[] = [];
  private readonly clipping: ClippingBudget = { checks: EAR_CLIPPING_BUDGET };
  private inLoop = false;
  private inFacet = false;
  private stopped: MeshRefusal | null = null;

  constructor(private readonly sink: TriangleSink) {}

  push(chunk: Uint8Array): MeshRefusal | null {
    this.lines.push(chunk, (line, lineNo) => this.line(line, lineNo));
    if (this.lines.overflowed && !this.stopped) this.stopped = refusal('stl_ascii_malformed', `a line after line ${this.lines.lineCount} is too long`, { line: this.lines.lineCount + 1 });
    return this.stopped;
  }

  end(): Outcome<ParseResult> {
    this.lines.end((line, lineNo) => this.line(line, lineNo));
    if (this.stopped) return { ok: false, refusal: this.stopped };
    if (this.inFacet) return { ok: false, refusal: refusal('stl_truncated', 'the file ends inside a facet', { line: this.lines.lineCount }) };
    return { ok: true, value: { format: 'stl_ascii', findings: [] } };
  }

  private line(line: string, lineNo: number): void {
    if (this.stopped) return;
    // A byte-order mark can only open the file, and NUL or Ctrl-Z only end it: most lines are used as read.
    let text = lineNo === 1 ? line.replace(ASCII_LEAD, '') : line;
    if (text.includes('\x00') || text.includes('\x1a')) text = text.replace(END_OF_TEXT, ' ');
    const words = text.trim().split(/\s+/);
    const keyword = words[0].toLowerCase();
    const bad = (why: string) => { this.stopped = refusal('stl_ascii_malformed', `line ${lineNo}: ${why}`, { line: lineNo }); };
    switch (keyword) {
      case '': case 'solid': case 'endsolid': return;
      case 'facet': this.inFacet = true; return;
      case 'outer': this.inLoop = true; this.loop.length = 0; return;
      case 'vertex': {
        if (!this.inLoop || words.length < 4) return bad('a vertex outside a loop or with fewer than three numbers');
        for (let i = 1; i <= 3; i++) {
          const value = Number(words[i]);
          if (Number.isNaN(value) && !NON_FINITE.test(words[i])) return bad(`'${words[i]}' is not a number`);
          this.loop.push(NON_FINITE.test(words[i]) ? NaN : value);
        }
        return;
      }
      case 'endloop': {
        this.inLoop = false;
        const l = this.loop;
        if (l.length < 9) return bad('a loop with fewer than three vertices');
        if (l.length === 9) this.sink.triangle(l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7], l[8]);
        // A loop of more than three vertices is a flat polygon.
        else triangulatePolygon(l, Array.from({ length: l.length / 3 }, (_, v) => v * 3),
          (a, b, c) => this.sink.triangle(l[a], l[a + 1], l[a + 2], l[b], l[b + 1], l[b + 2], l[c], l[c + 1], l[c + 2]), this.clipping);
        return;
      }
      case 'endfacet': this.inFacet = false; return;
      default: return bad(`unexpected '${words[0].slice(0, 40)}'`);
    }
  }
}
