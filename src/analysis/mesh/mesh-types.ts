/** Shapes shared by the mesh parsers, the analyser and their callers (see index.ts for the entry points). */

export type Vec3 = [number, number, number];

export interface BuildVolumeMm {
  x: number;
  y: number;
  z: number;
}

export type MeshFormat = 'stl_binary' | 'stl_ascii' | '3mf' | 'obj';

/** Parsers push triangles here one at a time, so no parser ever holds a whole STL in memory. */
export interface TriangleSink {
  /** A hint from a header (binary STL) so tables can be sized once; never more than the file can hold. */
  expectTriangles?(count: number): void;
  triangle(ax: number, ay: number, az: number, bx: number, by: number, bz: number, cx: number, cy: number, cz: number): void;
  /**
   * Whole 50-byte binary STL records, in file order. A sink that has this takes binary STL in bulk
   * (one call per chunk, not one per triangle); the bytes are only valid during the call.
   */
  stlRecords?(records: Uint8Array): void;
  /**
   * The triangles that follow are a mesh part of their own (a 3MF object or volume): slicers take each
   * part as a separate solid, so where parts touch their corners are not shared.
   */
  startPart?(): void;
}

/** A refusal: the file cannot be analysed. `code` is stable snake_case for the UI; `message` is for staff. */
export interface MeshRefusal {
  code: MeshRefusalCode;
  message: string;
  params: Record<string, unknown>;
}

export type MeshRefusalCode =
  | 'mesh_empty'
  | 'mesh_non_finite'
  | 'mesh_too_large'
  | 'mesh_format_unknown'
  | 'file_unreadable'
  | 'stl_truncated'
  | 'stl_ascii_malformed'
  | 'obj_malformed'
  | 'obj_bad_index'
  | 'zip_invalid'
  | 'zip_bomb'
  | 'threemf_no_model'
  | 'threemf_malformed'
  | 'threemf_bad_reference';

/** Something worth telling the instructor that does not stop the file (a `finding`, not a refusal). */
export interface MeshFinding {
  code: string;
  message: string;
  params: Record<string, unknown>;
}

export interface ParseResult {
  format: MeshFormat;
  findings: MeshFinding[];
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; refusal: MeshRefusal };

/** A pure, push-fed parser: the caller owns the file and feeds it chunk by chunk. */
export interface StreamingModelParser {
  /** Feed the next bytes. Returns the refusal once the file cannot be read further; later pushes are ignored. */
  push(chunk: Uint8Array): MeshRefusal | null;
  /** No more bytes: the parse result, or why the file was refused (a truncated body, say). */
  end(): Outcome<ParseResult>;
}

export function refusal(code: MeshRefusalCode, message: string, params: Record<string, unknown> = {}): MeshRefusal {
  return { code, message, params };
}
