/**
 * What an upload is, decided from its bytes and checked against its name. Pure: the upload store
 * feeds it the first and last bytes it streamed and the total size.
 *
 *   sniffFileKind({ fileName, head, tail, sizeBytes }) → { ok: true, kind } | { ok: false, code, httpStatus }
 */
import { UTF8_BOM } from '../printer/protocol/gcode-line.js';

export const FILE_KINDS = ['gcode', 'stl', '3mf', 'obj'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

const KIND_BY_EXTENSION: Record<string, FileKind> = {
  '.gcode': 'gcode', '.gco': 'gcode', '.g': 'gcode', '.stl': 'stl', '.3mf': '3mf', '.obj': 'obj',
};
export const ACCEPTED_EXTENSIONS = Object.keys(KIND_BY_EXTENSION);

/** Bytes the sniffer needs from each end; a ZIP's end record sits within the last 64 KiB + 22 bytes. */
export const SNIFF_HEAD_BYTES = 4096;
export const SNIFF_TAIL_BYTES = 65_557;

export type SniffResult =
  | { ok: true; kind: FileKind }
  | { ok: false; code: SniffRefusal; httpStatus: 415 | 422; params: Record<string, unknown> };
export type SniffRefusal =
  | 'upload_empty' | 'upload_type_not_accepted' | 'upload_content_unrecognised' | 'upload_type_mismatch'
  | 'upload_truncated' | 'gcode_binary' | 'upload_cr_line_endings';

export interface SniffInput { fileName: string; head: Buffer; tail: Buffer; sizeBytes: number }

/** The kind a file's name claims, or null for a name outside the accepted set. */
export function extensionKind(fileName: string): FileKind | null {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? null : KIND_BY_EXTENSION[fileName.slice(dot).toLowerCase()] ?? null;
}

/**
 * PrusaSlicer's binary G-code (`.bgcode`, the default for the MK4, MINI and XL) starts with this magic.
 * No firmware here reads it; the patron is told how to export plain G-code instead.
 */
const BINARY_GCODE_MAGIC = Buffer.from('GCDE', 'latin1');
const BINARY_GCODE_EXTENSION = /\.bgcode?$/i;

const CR = 0x0d;
const LF = 0x0a;
const ZIP_LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ZIP_END_RECORD = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const BINARY_STL_HEADER_BYTES = 84;
const BINARY_STL_TRIANGLE_BYTES = 50;

/** The header's triangle count accounts for the size exactly. */
function isBinaryStlBySize({ head, sizeBytes }: SniffInput): boolean {
  if (sizeBytes < BINARY_STL_HEADER_BYTES) return false;
  const triangles = head.readUInt32LE(80);
  return triangles > 0 && sizeBytes === BINARY_STL_HEADER_BYTES + triangles * BINARY_STL_TRIANGLE_BYTES;
}

function looksLikeText(head: Buffer): boolean {
  return !head.includes(0);
}

function headText(head: Buffer): string {
  const text = head.toString('latin1');
  return text.startsWith(UTF8_BOM) ? text.slice(UTF8_BOM.length) : text;
}

function meaningfulLines(head: Buffer): string[] {
  // The last line of the head may be cut mid-way; leave it out unless it is the only one. A line that
  // ends in a backslash goes on in the next (OBJ's continuation).
  const lines = headText(head).replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  if (lines.length > 1) lines.pop();
  return lines.map((l) => l.trim()).filter((l) => l.length > 0);
}

// G-code: commands are a letter (G, M, T) and a number; slicers open with `;` comments. Klipper's
// extended commands are words with underscores: PrusaSlicer's labelled objects for Klipper fill the
// first kilobytes with `EXCLUDE_OBJECT_DEFINE NAME=… POLYGON=…`.
const GCODE_LINE = /^(;|N\d+\s+)?([GMT]\d+|;|[A-Z][A-Z0-9]*(_[A-Z0-9]+)+(\s|$))/i;
// OBJ: every statement starts with one of a few keywords, then blank space or the line's end (a bare `g`).
const OBJ_LINE = /^(#|(v|vn|vt|vp|f|o|g|s|l|p|mtllib|usemtl)(\s|$))/;
/** Geometry, as opposed to the comments and names an exporter may open with for kilobytes. */
const OBJ_GEOMETRY = /^(v|vn|vt|f)\s/;

/**
 * `binary_stl_unsure`: binary, with a header and a triangle count that does not match the size (a count
 * left at 0, padding after the triangles): an STL if the name says so, for the parser to report.
 */
function contentKind(input: SniffInput): FileKind | 'truncated_stl' | 'truncated_zip' | 'binary_stl_unsure' | null {
  const { head, tail, sizeBytes } = input;
  if (head.subarray(0, 4).equals(ZIP_LOCAL_HEADER)) return tail.includes(ZIP_END_RECORD) ? '3mf' : 'truncated_zip';
  if (isBinaryStlBySize(input)) return 'stl';
  if (!looksLikeText(head)) {
    if (sizeBytes < BINARY_STL_HEADER_BYTES) return null;
    // A binary STL whose triangle count promises more than arrived: cut off in transfer.
    if (sizeBytes < BINARY_STL_HEADER_BYTES + head.readUInt32LE(80) * BINARY_STL_TRIANGLE_BYTES) return 'truncated_stl';
    return 'binary_stl_unsure';
  }
  const text = headText(head).trimStart();
  if (/^solid\b/i.test(text)) {
    // Some exporters leave out `endsolid` (PrusaSlicer reads such a file): a last whole facet is an end too.
    const end = tail.toString('latin1').replace(/[\s\x00\x1a]+$/, '');
    return /endsolid/i.test(end) || /endfacet$/i.test(end) ? 'stl' : 'truncated_stl';
  }
  const lines = meaningfulLines(head);
  if (lines.length === 0) return null;
  // Only comments so far is an OBJ too: exporters open with long headers, and the parser checks the rest.
  if (lines.every((l) => OBJ_LINE.test(l)) && (lines.some((l) => OBJ_GEOMETRY.test(l)) || lines.every((l) => l.startsWith('#')))) return 'obj';
  const gcodeLines = lines.filter((l) => GCODE_LINE.test(l)).length;
  if (gcodeLines / lines.length >= 0.9) return 'gcode';
  return null;
}

export function sniffFileKind(input: SniffInput): SniffResult {
  if (BINARY_GCODE_EXTENSION.test(input.fileName) || input.head.subarray(0, 4).equals(BINARY_GCODE_MAGIC)) {
    return { ok: false, code: 'gcode_binary', httpStatus: 415, params: {} };
  }
  const claimed = extensionKind(input.fileName);
  if (claimed === null) {
    return { ok: false, code: 'upload_type_not_accepted', httpStatus: 415, params: { accepted: ACCEPTED_EXTENSIONS } };
  }
  if (input.sizeBytes === 0) return { ok: false, code: 'upload_empty', httpStatus: 422, params: {} };
  const found = contentKind(input);
  if (found === 'truncated_stl' || found === 'truncated_zip') {
    const cutKind: FileKind = found === 'truncated_stl' ? 'stl' : '3mf';
    if (claimed === cutKind) return { ok: false, code: 'upload_truncated', httpStatus: 422, params: { kind: claimed } };
    // Any binary file "promises" some triangle count in bytes 80–83: random bytes named .gcode are not
    // a cut-off STL, they are simply not what the name says.
    if (found === 'truncated_stl') return { ok: false, code: 'upload_content_unrecognised', httpStatus: 415, params: { claimed } };
    return { ok: false, code: 'upload_type_mismatch', httpStatus: 415, params: { claimed, found: cutKind } };
  }
  if (found === 'binary_stl_unsure') {
    if (claimed === 'stl') return { ok: true, kind: 'stl' };
    return { ok: false, code: 'upload_content_unrecognised', httpStatus: 415, params: { claimed } };
  }
  if (found === null) return { ok: false, code: 'upload_content_unrecognised', httpStatus: 415, params: { claimed } };
  if (found !== claimed) return { ok: false, code: 'upload_type_mismatch', httpStatus: 415, params: { claimed, found } };
  // Lines ended by CR alone (classic Mac OS): the readers here, and the line stream to the printer, split
  // at LF, so the whole file would read as one line (a G-code "never extrudes"). Said plainly instead.
  const text = found !== '3mf' && !isBinaryStlBySize(input) && looksLikeText(input.head);
  if (text && input.head.includes(CR) && !input.head.includes(LF)) {
    return { ok: false, code: 'upload_cr_line_endings', httpStatus: 422, params: { kind: found } };
  }
  return { ok: true, kind: found };
}
