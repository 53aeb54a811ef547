/**
 * Splits a flat polygon into triangles that keep its winding. A convex polygon, nearly every face an
 * exporter writes, is fanned from its first corner. A concave one (Blender and other modellers write
 * concave n-gons, and an ASCII STL loop may be one) is cut off ear by ear: a fan would cover area
 * outside it, and the surface area would come out too large.
 */

/** Ear clipping is quadratic: a face with more corners than this (no real exporter writes one) is fanned. */
const MAX_EAR_CLIPPED_CORNERS = 1024;

/**
 * Corner tests one file may spend on concave faces: ear clipping is cubic at worst (a comb of a thousand
 * teeth), and a file of such faces must not hold the one analysis queue for minutes. Past this the rest
 * are fanned: their area comes out too large, nothing else changes. About a second of work.
 */
export const EAR_CLIPPING_BUDGET = 50_000_000;

/** What a file has left to spend on ear clipping; one per parser. */
export interface ClippingBudget { checks: number }

/**
 * `corners` are offsets into `xyz` (x, y, z at offset, offset + 1, offset + 2), in the polygon's order;
 * `emit` gets each triangle's three offsets in that winding.
 */
export function triangulatePolygon(xyz: ArrayLike<number>, corners: readonly number[], emit: (a: number, b: number, c: number) => void,
  budget: ClippingBudget = { checks: EAR_CLIPPING_BUDGET }): void {
  const n = corners.length;
  const plane = n > 3 ? projection(xyz, corners) : null;
  if (!plane || n > MAX_EAR_CLIPPED_CORNERS || budget.checks <= 0 || isConvex(plane)) {
    for (let i = 2; i < n; i++) emit(corners[0], corners[i - 1], corners[i]);
    return;
  }
  clipEars(plane, corners, emit, budget);
}

/** The polygon seen along its normal: 2-D points whose winding is counter-clockwise where the polygon's is. */
interface Projected { u: Float64Array; v: Float64Array; n: number }

/** Reused from face to face: a quad-mesh OBJ asks for a projection on every line. */
const scratch: Projected = { u: new Float64Array(64), v: new Float64Array(64), n: 0 };

function projection(xyz: ArrayLike<number>, corners: readonly number[]): Projected | null {
  // Newell's normal: the polygon's area vector, right even for a concave polygon.
  let nx = 0; let ny = 0; let nz = 0;
  for (let i = 0; i < corners.length; i++) {
    const a = corners[i]; const b = corners[(i + 1) % corners.length];
    nx += (xyz[a + 1] - xyz[b + 1]) * (xyz[a + 2] + xyz[b + 2]);
    ny += (xyz[a + 2] - xyz[b + 2]) * (xyz[a] + xyz[b]);
    nz += (xyz[a] - xyz[b]) * (xyz[a + 1] + xyz[b + 1]);
  }
  const ax = Math.abs(nx); const ay = Math.abs(ny); const az = Math.abs(nz);
  if (!(ax + ay + az > 0)) return null;
  // Drop the axis the normal leans on most; flip one axis when the normal points down it.
  const [ui, vi, flip] = az >= ax && az >= ay ? [0, 1, nz < 0] : ax >= ay ? [1, 2, nx < 0] : [2, 0, ny < 0];
  if (scratch.u.length < corners.length) { scratch.u = new Float64Array(corners.length * 2); scratch.v = new Float64Array(corners.length * 2); }
  const { u, v } = scratch;
  corners.forEach((c, i) => { u[i] = xyz[c + ui]; v[i] = flip ? -xyz[c + vi] : xyz[c + vi]; });
  scratch.n = corners.length;
  return scratch;
}

/** Twice the signed area of a, b, c: positive when they turn counter-clockwise. */
function turn(p: Projected, a: number, b: number, c: number): number {
  return (p.u[b] - p.u[a]) * (p.v[c] - p.v[a]) - (p.v[b] - p.v[a]) * (p.u[c] - p.u[a]);
}

function isConvex(p: Projected): boolean {
  const n = p.n;
  for (let i = 0; i < n; i++) if (turn(p, (i + n - 1) % n, i, (i + 1) % n) < 0) return false;
  return true;
}

function clipEars(p: Projected, corners: readonly number[], emit: (a: number, b: number, c: number) => void, budget: ClippingBudget): void {
  const ring = corners.map((_, i) => i);
  let misses = 0;
  for (let i = 0; ring.length > 3;) {
    const m = ring.length;
    budget.checks -= m;
    const prev = ring[(i + m - 1) % m]; const at = ring[i % m]; const next = ring[(i + 1) % m];
    if (isEar(p, ring, prev, at, next)) {
      emit(corners[prev], corners[at], corners[next]);
      ring.splice(i % m, 1);
      misses = 0;
      i = (i % m) === 0 ? 0 : (i % m) - 1;
    } else if (++misses > m || budget.checks <= 0) {
      // No ear left (the polygon crosses itself), or no time left: fan what remains rather than lose faces.
      for (let k = 2; k < ring.length; k++) emit(corners[ring[0]], corners[ring[k - 1]], corners[ring[k]]);
      return;
    } else {
      i = (i + 1) % m;
    }
  }
  emit(corners[ring[0]], corners[ring[1]], corners[ring[2]]);
}

/** A convex corner whose triangle holds no other corner of the polygon. */
function isEar(p: Projected, ring: readonly number[], a: number, b: number, c: number): boolean {
  if (turn(p, a, b, c) <= 0) return false;
  for (const k of ring) {
    if (k === a || k === b || k === c) continue;
    const onVertex = (p.u[k] === p.u[a] && p.v[k] === p.v[a]) || (p.u[k] === p.u[b] && p.v[k] === p.v[b]) || (p.u[k] === p.u[c] && p.v[k] === p.v[c]);
    if (!onVertex && turn(p, a, b, k) >= 0 && turn(p, b, c, k) >= 0 && turn(p, c, a, k) >= 0) return false;
  }
  return true;
}
