import type { BuildVolumeMm, MeshFinding, MeshFormat, MeshRefusal, TriangleSink, Vec3 } from './mesh-types.js';
import { newMeshCore } from './mesh-core.js';
import { emitStlTriangle, TRIANGLE_BYTES } from './stl.js';

export interface MeshAnalysis {
  kind: 'mesh';
  format: MeshFormat;
  triangles: number;
  degenerateTriangles: number;
  bbox: { min: Vec3; max: Vec3 };
  sizeMm: Vec3;
  /** Enclosed volume, always ≥ 0; `inverted` tells whether the signed sum was negative. */
  volumeMm3: number;
  areaMm2: number;
  /** Connected components (after welding identical vertices). */
  shells: number;
  /** Edges used by one triangle only (holes). */
  boundaryEdges: number;
  /** Edges shared by more than two triangles. */
  nonManifoldEdges: number;
  /** Edges whose two triangles walk them in the same direction (a flipped face). */
  misorientedEdges: number;
  /** Every edge shared by exactly two triangles. */
  watertight: boolean;
  /** No edge shared by more than two triangles and neighbours agree on orientation. */
  manifold: boolean;
  /** The signed volume is negative: the normals point inwards. */
  inverted: boolean;
  buildVolumeMm: BuildVolumeMm | null;
  fits: boolean | null;
  /** Fits after turning it 90° about Z (only meaningful when `fits` is false). */
  fitsRotated90: boolean | null;
  solidMassGrams: number | null;
  findings: MeshFinding[];
}

export interface MeshContext {
  buildVolumeMm?: BuildVolumeMm;
  densityGPerCm3?: number;
  /** Above this many triangles the file is refused (memory grows with distinct vertices). */
  maxTriangles?: number;
}

export const DEFAULT_MAX_TRIANGLES = 10_000_000;
/** Vertices per tally call: the first calls run unoptimised, the rest after V8 has optimised `tally`. */
const TALLY_VERTICES = 1 << 15;


/**
 * Consumes triangles as a parser produces them. They are gathered into a batch in the wasm core's
 * memory (src/wasm/mesh-core.ts), which keeps the running sums and the welded vertex and edge tables
 * that topology needs. Volume is summed relative to the first vertex, not the origin, so a model placed
 * far from 0,0,0 keeps its precision.
 */
export class MeshAccumulator implements TriangleSink {
  private readonly core = newMeshCore();
  private readonly batchCapacity = this.core.batchTriangles();
  private batch = this.batchView();
  private pending = 0;
  /** Triangles the core has taken. */
  private added = 0;
  private stopped: MeshRefusal | null = null;
  private readonly maxTriangles: number;

  constructor(private readonly context: MeshContext = {}) {
    this.maxTriangles = context.maxTriangles ?? DEFAULT_MAX_TRIANGLES;
  }

  /** The refusal that stopped the analysis. Reading it first adds the pending batch, so a bad triangle is never missed. */
  get refusal(): MeshRefusal | null {
    this.flush();
    return this.stopped;
  }

  expectTriangles(count: number): void {
    // A closed mesh has about half as many vertices as triangles.
    this.core.reserve(Math.ceil(Math.min(count, this.maxTriangles) / 2) + 2);
    this.batch = this.batchView();
  }

  triangle(ax: number, ay: number, az: number, bx: number, by: number, bz: number, cx: number, cy: number, cz: number): void {
    if (this.stopped) return;
    if (this.pending === this.batchCapacity) {
      this.flush();
      if (this.stopped) return;
    }
    if (this.added + this.pending === this.maxTriangles) {
      // Every earlier triangle is checked first, so a NaN among them is still the reason given.
      this.flush();
      if (this.stopped) return;
      this.stopped = [ax, ay, az, bx, by, bz, cx, cy, cz].every(Number.isFinite)
        ? { code: 'mesh_too_large', message: `more than ${this.maxTriangles} triangles`, params: { maxTriangles: this.maxTriangles } }
        : nonFinite(this.added + 1);
      return;
    }
    const b = this.batch;
    const o = this.pending++ * 9;
    b[o] = ax; b[o + 1] = ay; b[o + 2] = az;
    b[o + 3] = bx; b[o + 4] = by; b[o + 5] = bz;
    b[o + 6] = cx; b[o + 7] = cy; b[o + 8] = cz;
  }

  startPart(): void {
    this.flush();
    if (!this.stopped) this.core.startPart();
  }

  stlRecords(records: Uint8Array): void {
    this.flush();
    const capacity = this.core.recordsCapacity();
    let offset = 0;
    while (!this.stopped && offset < records.length) {
      const count = Math.min(capacity, (records.length - offset) / TRIANGLE_BYTES, this.maxTriangles - this.added);
      if (count === 0) {
        // One past the limit: triangle() tells a NaN from one triangle too many.
        emitStlTriangle(this, new DataView(records.buffer, records.byteOffset, records.length), offset);
        return;
      }
      new Uint8Array(this.core.memory.buffer, this.core.recordsPointer(), count * TRIANGLE_BYTES).set(records.subarray(offset, offset + count * TRIANGLE_BYTES));
      this.run(count, () => this.core.addRecords(count));
      offset += count * TRIANGLE_BYTES;
    }
  }

  private flush(): void {
    const count = this.pending;
    if (count === 0 || this.stopped) return;
    this.pending = 0;
    this.run(count, () => this.core.addBatch(count));
  }

  /** One call into the core for `count` triangles. */
  private run(count: number, add: () => number): void {
    let bad: number;
    try {
      bad = add();
    } catch (err) {
      // The core traps only when wasm memory (4 GB) cannot hold the distinct vertices.
      if (!(err instanceof WebAssembly.RuntimeError)) throw err;
      this.stopped = { code: 'mesh_too_large', message: `too many distinct vertices to analyse after ${this.added} triangles`, params: { triangles: this.added } };
      return;
    }
    this.added += bad < 0 ? count : bad;
    if (bad >= 0) this.stopped = nonFinite(this.added + 1);
    // Growing wasm memory detaches the old buffer and every view on it.
    if (this.batch.length === 0) this.batch = this.batchView();
  }

  private batchView(): Float64Array {
    return new Float64Array(this.core.memory.buffer, this.core.batchPointer(), this.batchCapacity * 9);
  }

  /** The analysis, or the refusal that stopped it. `findings` come from the parser (header quirks…). */
  finish(format: MeshFormat, parserFindings: MeshFinding[]): { ok: true; value: MeshAnalysis } | { ok: false; refusal: MeshRefusal } {
    const stopped = this.refusal;
    if (stopped) return { ok: false, refusal: stopped };
    const core = this.core;
    const triangles = core.triangleCount();
    const areaTimes2 = core.areaTimesTwo();
    if (areaTimes2 === 0) {
      return { ok: false, refusal: { code: 'mesh_empty', message: triangles === 0 ? 'the file holds no triangles' : 'every triangle has zero area', params: { triangles } } };
    }
    while (core.tally(TALLY_VERTICES) > 0);
    const boundaryEdges = core.boundaryEdges(), nonManifoldEdges = core.nonManifoldEdges(), misorientedEdges = core.misorientedEdges();
    const signedVolume = core.signedVolumeTimes6() / 6;
    const min: Vec3 = [core.bound(0), core.bound(1), core.bound(2)];
    const max: Vec3 = [core.bound(3), core.bound(4), core.bound(5)];
    const sizeMm: Vec3 = [max[0] - min[0], max[1] - min[1], max[2] - min[2]];
    const buildVolumeMm = this.context.buildVolumeMm ?? null;
    const { fits, fitsRotated90 } = buildVolumeMm ? fitOf(sizeMm, buildVolumeMm) : { fits: null, fitsRotated90: null };
    const volumeMm3 = Math.abs(signedVolume);
    const analysis: MeshAnalysis = {
      kind: 'mesh',
      format,
      triangles,
      degenerateTriangles: core.degenerateCount(),
      bbox: { min, max },
      sizeMm,
      volumeMm3,
      areaMm2: areaTimes2 / 2,
      shells: core.shells(),
      boundaryEdges,
      nonManifoldEdges,
      misorientedEdges,
      watertight: boundaryEdges === 0 && nonManifoldEdges === 0,
      manifold: nonManifoldEdges === 0 && misorientedEdges === 0,
      inverted: signedVolume < 0,
      buildVolumeMm,
      fits,
      fitsRotated90,
      solidMassGrams: this.context.densityGPerCm3 === undefined ? null : (volumeMm3 / 1000) * this.context.densityGPerCm3,
      findings: [...parserFindings],
    };
    analysis.findings.push(...meshFindings(analysis));
    return { ok: true, value: analysis };
  }
}

function nonFinite(triangle: number): MeshRefusal {
  return { code: 'mesh_non_finite', message: `triangle ${triangle} has a NaN or infinite coordinate`, params: { triangle } };
}

function meshFindings(a: MeshAnalysis): MeshFinding[] {
  const findings: MeshFinding[] = [];
  const add = (code: string, message: string, params: Record<string, unknown>) => findings.push({ code, message, params });
  if (a.degenerateTriangles > 0) add('degenerate_triangles', `${a.degenerateTriangles} triangles have zero area`, { count: a.degenerateTriangles });
  if (a.boundaryEdges > 0) add('mesh_open', `${a.boundaryEdges} edges border a hole`, { edges: a.boundaryEdges });
  if (a.nonManifoldEdges > 0) add('mesh_non_manifold', `${a.nonManifoldEdges} edges are shared by more than two triangles`, { edges: a.nonManifoldEdges });
  if (a.misorientedEdges > 0) add('mesh_flipped_faces', `${a.misorientedEdges} edges join triangles facing opposite ways`, { edges: a.misorientedEdges });
  if (a.inverted) add('mesh_inverted', 'the normals point inwards (negative volume)', {});
  if (a.fits === false) {
    add(a.fitsRotated90 ? 'fits_only_rotated' : 'model_too_large',
      a.fitsRotated90 ? 'fits the build volume only when turned 90° about Z' : 'larger than the build volume',
      { sizeMm: a.sizeMm, buildVolumeMm: a.buildVolumeMm });
  }
  return findings;
}

/** Whether a model of `sizeMm` fits `volumeMm` as it is, and turned 90° about Z. */
export function fitOf(sizeMm: Vec3, volumeMm: { x: number; y: number; z: number }): { fits: boolean; fitsRotated90: boolean } {
  return {
    fits: sizeMm[0] <= volumeMm.x && sizeMm[1] <= volumeMm.y && sizeMm[2] <= volumeMm.z,
    fitsRotated90: sizeMm[1] <= volumeMm.x && sizeMm[0] <= volumeMm.y && sizeMm[2] <= volumeMm.z,
  };
}
