/**
 * Test oracle: the mesh analysis written the plain way (Maps keyed by strings, union-find over an
 * array), slow and obviously right. Sums use the same arithmetic in the same order as the core, so
 * results must match to the bit.
 */
import type { MeshRefusal, TriangleSink } from '../../../src/analysis/mesh/mesh-types.js';

export interface ReferenceResult {
  triangles: number;
  degenerateTriangles: number;
  bbox: { min: number[]; max: number[] };
  volumeMm3: number;
  areaMm2: number;
  inverted: boolean;
  shells: number;
  boundaryEdges: number;
  nonManifoldEdges: number;
  misorientedEdges: number;
}

export class ReferenceMesh implements TriangleSink {
  refusal: MeshRefusal | null = null;
  private readonly ids = new Map<string, number>();
  private readonly parent: number[] = [];
  private readonly touched = new Set<number>();
  /** `lo,hi` → [uses, uses walking lo → hi]. */
  private readonly edges = new Map<string, [number, number]>();
  private count = 0;
  private degenerate = 0;
  private volume6 = 0;
  private area2 = 0;
  private ref = [0, 0, 0];
  private readonly min = [Infinity, Infinity, Infinity];
  private readonly max = [-Infinity, -Infinity, -Infinity];

  constructor(private readonly maxTriangles = Infinity) {}

  triangle(ax: number, ay: number, az: number, bx: number, by: number, bz: number, cx: number, cy: number, cz: number): void {
    if (this.refusal) return;
    const coords = [ax, ay, az, bx, by, bz, cx, cy, cz];
    if (!coords.every(Number.isFinite)) {
      this.refusal = { code: 'mesh_non_finite', message: `triangle ${this.count + 1} has a NaN or infinite coordinate`, params: { triangle: this.count + 1 } };
      return;
    }
    if (this.count === this.maxTriangles) {
      this.refusal = { code: 'mesh_too_large', message: `more than ${this.maxTriangles} triangles`, params: { maxTriangles: this.maxTriangles } };
      return;
    }
    if (this.count === 0) this.ref = [ax, ay, az];
    this.count++;
    for (let i = 0; i < 9; i++) {
      if (coords[i] < this.min[i % 3]) this.min[i % 3] = coords[i];
      if (coords[i] > this.max[i % 3]) this.max[i % 3] = coords[i];
    }
    const ux = bx - ax, uy = by - ay, uz = bz - az;
    const vx = cx - ax, vy = cy - ay, vz = cz - az;
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    const doubleArea = Math.sqrt(nx * nx + ny * ny + nz * nz);
    const [a, b, c] = [this.id(ax, ay, az), this.id(bx, by, bz), this.id(cx, cy, cz)];
    if (a === b || b === c || a === c) {
      this.degenerate++;
      return;
    }
    if (doubleArea === 0) this.degenerate++;
    this.area2 += doubleArea;
    this.volume6 += (ax - this.ref[0]) * nx + (ay - this.ref[1]) * ny + (az - this.ref[2]) * nz;
    for (const [from, to] of [[a, b], [b, c], [c, a]]) {
      const key = `${Math.min(from, to)},${Math.max(from, to)}`;
      const counts = this.edges.get(key) ?? [0, 0];
      counts[0]++;
      if (from < to) counts[1]++;
      this.edges.set(key, counts);
    }
    for (const v of [a, b, c]) this.touched.add(v);
    this.parent[this.root(a)] = this.root(b);
    this.parent[this.root(b)] = this.root(c);
  }

  /** A new part: no vertex of the earlier ones is found again. */
  startPart(): void {
    this.ids.clear();
  }

  private id(x: number, y: number, z: number): number {
    // String(-0) is "0", so -0 and 0 weld, as they must.
    const key = `${x},${y},${z}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.parent.length;
      this.ids.set(key, id);
      this.parent.push(id);
    }
    return id;
  }

  private root(i: number): number {
    while (this.parent[i] !== i) i = this.parent[i] = this.parent[this.parent[i]];
    return i;
  }

  result(): ReferenceResult {
    const edges = [...this.edges.values()];
    return {
      triangles: this.count,
      degenerateTriangles: this.degenerate,
      bbox: { min: [...this.min], max: [...this.max] },
      volumeMm3: Math.abs(this.volume6 / 6),
      areaMm2: this.area2 / 2,
      inverted: this.volume6 / 6 < 0,
      shells: new Set([...this.touched].map((v) => this.root(v))).size,
      boundaryEdges: edges.filter(([uses]) => uses === 1).length,
      nonManifoldEdges: edges.filter(([uses]) => uses > 2).length,
      misorientedEdges: edges.filter(([uses, forward]) => uses === 2 && forward !== 1).length,
    };
  }
}
