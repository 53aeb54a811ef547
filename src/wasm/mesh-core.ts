/**
 * Mesh topology and sums in WebAssembly (AssemblyScript, runtime stub: raw memory, no GC). The JS
 * MeshAccumulator writes triangles as 9 f64 into the batch and calls `addBatch`, or copies binary STL
 * records in and calls `addRecords`. V8 tiers a function up only between calls, so many small calls
 * reach optimised code where one giant call would not.
 *
 * Why it is laid out like this: on a big mesh the tables do not fit in the cache, and every random
 * lookup costs a trip to memory. Files are written face after face, so a vertex is nearly always seen
 * again soon after it first appears. Hence:
 *   - new vertices go into a small "young" hash table that stays in the cache; two generations, so a
 *     vertex stays findable for at least one whole generation after it was added. An old generation is
 *     moved into the big table in one loop, whose independent writes the CPU overlaps;
 *   - a Bloom filter (cache-resident) answers "never seen" without touching the big table;
 *   - vertex ids are handed out in order of first appearance, and every per-vertex record (union-find
 *     parent, the edges to higher ids) lives at an address ordered by id: recent vertices, recent memory.
 *     Edges are stored with their lower vertex, 3 inline; a vertex with more spills into a hash table.
 * Coordinates are keyed by their bits after `+ 0` (so -0 and 0 weld; NaN never gets here).
 */

// ---- memory: a bump allocator; memory.grow gives zeroed pages, nothing is ever freed (one instance per analysis).

let top: usize = (__heap_base + 63) & ~(63 as usize);

function alloc(bytes: usize): usize {
  const ptr = (top + 63) & ~(63 as usize);
  const end = ptr + bytes;
  const pages = i32((end + 0xffff) >>> 16);
  const have = memory.size();
  // Out of wasm memory: trap; the JS side turns the trap into a mesh_too_large refusal.
  if (pages > have && memory.grow(pages - have) < 0) unreachable();
  top = end;
  return ptr;
}

function nextPow2(n: u64): u64 {
  let c: u64 = 1024;
  while (c < n) c <<= 1;
  return c;
}

// ---- the batch JS fills

const BATCH_TRIANGLES: u32 = 1024;
const batch = alloc(<usize>BATCH_TRIANGLES * 72);

// ---- per-vertex records, in pages of 16,384 vertices so they grow without being moved

const PAGE_SHIFT: u32 = 14;
const PAGE_MASK: u32 = (1 << PAGE_SHIFT) - 1;
/** Vertex ids share a 32-bit word with two 3-bit counts (see useEdge). */
const HI_BITS: u32 = 26;
const HI_MASK: u32 = (1 << HI_BITS) - 1;
const MAX_VERTICES: u32 = 1 << HI_BITS;
/** A record: union-find parent, then INLINE_EDGES edge words (a closed mesh averages three per vertex). */
const INLINE_EDGES: u32 = 3;
const RECORD_BYTES: u32 = 16;
const PAGE_BYTES: usize = (<usize>RECORD_BYTES + 24) << PAGE_SHIFT;
const pageTable = alloc(<usize>(MAX_VERTICES >> PAGE_SHIFT) * 4);
let vertexCount: u32 = 0;

// @ts-ignore: decorator
@inline function recordAt(id: u32): usize {
  return <usize>load<u32>(pageTable + (<usize>(id >> PAGE_SHIFT) << 2)) + (<usize>(id & PAGE_MASK) << 4);
}

// @ts-ignore: decorator
@inline function coordsAt(id: u32): usize {
  return <usize>load<u32>(pageTable + (<usize>(id >> PAGE_SHIFT) << 2)) + (<usize>RECORD_BYTES << PAGE_SHIFT) + <usize>(id & PAGE_MASK) * 24;
}

function newVertex(bx: u64, by: u64, bz: u64): u32 {
  const id = vertexCount;
  if (id == MAX_VERTICES) unreachable();
  if ((id & PAGE_MASK) == 0) store<u32>(pageTable + (<usize>(id >> PAGE_SHIFT) << 2), <u32>alloc(PAGE_BYTES));
  vertexCount = id + 1;
  store<u32>(recordAt(id), id);
  const c = coordsAt(id);
  store<u64>(c, bx);
  store<u64>(c, by, 8);
  store<u64>(c, bz, 16);
  return id;
}

// ---- hashing

// @ts-ignore: decorator
@inline function fold(v: u64, k: u64): u64 {
  // Float32 coordinates have the low 29 bits zero as doubles; folding brings sign and exponent down first.
  return (v ^ (v >> 32)) * k;
}

// @ts-ignore: decorator
@inline function hash3(bx: u64, by: u64, bz: u64): u64 {
  // Summed, not XORed: with XOR, (x, y, z) and (-x, -y, z) collided, half the vertices of a sphere.
  let h = fold(bx, 0x9e3779b97f4a7c15) + fold(by, 0xc2b2ae3d27d4eb4f) + fold(bz, 0x165667b19e3779f9);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccd;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53;
  return h ^ (h >> 33);
}

// ---- young generations: slots of 32 bytes (x, y, z bits; hash; id + 1, 0 = empty)

const YOUNG_SLOTS: u32 = 1 << 13;
const YOUNG_LIMIT: u32 = YOUNG_SLOTS / 2;
let young = alloc(<usize>YOUNG_SLOTS * 32);
let older = alloc(<usize>YOUNG_SLOTS * 32);
let youngCount: u32 = 0;
let olderCount: u32 = 0;

function youngFind(table: usize, h: u64, bx: u64, by: u64, bz: u64): u32 {
  let slot = <u32>h & (YOUNG_SLOTS - 1);
  while (true) {
    const p = table + (<usize>slot << 5);
    const id1 = load<u32>(p, 28);
    if (id1 == 0) return 0;
    if (load<u64>(p) == bx && load<u64>(p, 8) == by && load<u64>(p, 16) == bz) return id1;
    slot = (slot + 1) & (YOUNG_SLOTS - 1);
  }
}

function youngInsert(h: u64, bx: u64, by: u64, bz: u64, id: u32): void {
  if (youngCount == YOUNG_LIMIT) retireOlder();
  let slot = <u32>h & (YOUNG_SLOTS - 1);
  while (load<u32>(young + (<usize>slot << 5), 28) != 0) slot = (slot + 1) & (YOUNG_SLOTS - 1);
  const p = young + (<usize>slot << 5);
  store<u64>(p, bx);
  store<u64>(p, by, 8);
  store<u64>(p, bz, 16);
  store<u32>(p, <u32>(h >> 32), 24);
  store<u32>(p, id + 1, 28);
  youngCount++;
}

/** The older generation moves into the big table; the young one becomes the older. */
function retireOlder(): void {
  mainReserve(mainCount + olderCount);
  for (let slot: u32 = 0; slot < YOUNG_SLOTS; slot++) {
    const p = older + (<usize>slot << 5);
    const id1 = load<u32>(p, 28);
    if (id1 != 0) mainInsert(load<u32>(p, 24), id1 - 1);
  }
  memory.fill(older, 0, <usize>YOUNG_SLOTS * 32);
  const t = older;
  older = young;
  young = t;
  olderCount = youngCount;
  youngCount = 0;
}

// ---- the big table: slots of 8 bytes (high half of the hash; id + 1, 0 = empty); coordinates stay in the records

let mainSlots: u32 = 0;
let main: usize = 0;
let mainCount: u32 = 0;

function mainReserve(vertices: u32): void {
  if (<u64>vertices * 2 <= <u64>mainSlots) return;
  const old = main, oldSlots = mainSlots;
  mainSlots = <u32>nextPow2(<u64>vertices * 2);
  main = alloc(<usize>mainSlots * 8);
  for (let slot: u32 = 0; slot < oldSlots; slot++) {
    const p = old + (<usize>slot << 3);
    const id1 = load<u32>(p, 4);
    if (id1 != 0) mainPlace(load<u32>(p), id1);
  }
}

// @ts-ignore: decorator
@inline function mainPlace(hHigh: u32, id1: u32): void {
  const mask = mainSlots - 1;
  let slot = hHigh & mask;
  while (load<u32>(main + (<usize>slot << 3), 4) != 0) slot = (slot + 1) & mask;
  const p = main + (<usize>slot << 3);
  store<u32>(p, hHigh);
  store<u32>(p, id1, 4);
}

function mainInsert(hHigh: u32, id: u32): void {
  mainPlace(hHigh, id + 1);
  mainCount++;
}

function mainFind(hHigh: u32, bx: u64, by: u64, bz: u64): u32 {
  const mask = mainSlots - 1;
  let slot = hHigh & mask;
  while (true) {
    const p = main + (<usize>slot << 3);
    const id1 = load<u32>(p, 4);
    if (id1 == 0) return 0;
    if (load<u32>(p) == hHigh) {
      const c = coordsAt(id1 - 1);
      if (load<u64>(c) == bx && load<u64>(c, 8) == by && load<u64>(c, 16) == bz) return id1;
    }
    slot = (slot + 1) & mask;
  }
}

// ---- Bloom filter over every vertex: one 64-bit word per key, two bits, about 16 bits per vertex

let filter: usize = 0;
let filterWords: u32 = 0;

// @ts-ignore: decorator
@inline function filterBits(h: u64): u64 {
  return (<u64>1 << ((h >> 52) & 63)) | (<u64>1 << (h >> 58));
}

// @ts-ignore: decorator
@inline function filterWord(h: u64): usize {
  return filter + (<usize>(<u32>h & (filterWords - 1)) << 3);
}

function filterReserve(vertices: u32): void {
  if (<u64>vertices * 16 <= <u64>filterWords * 64) return;
  filterWords = <u32>nextPow2(<u64>vertices / 4 + 1);
  filter = alloc(<usize>filterWords * 8);
  for (let id: u32 = 0; id < vertexCount; id++) {
    const c = coordsAt(id);
    const h = hash3(load<u64>(c), load<u64>(c, 8), load<u64>(c, 16));
    const w = filterWord(h);
    store<u64>(w, load<u64>(w) | filterBits(h));
  }
}

function vertex(x: f64, y: f64, z: f64): u32 {
  const bx = reinterpret<u64>(x + 0.0), by = reinterpret<u64>(y + 0.0), bz = reinterpret<u64>(z + 0.0);
  const h = hash3(bx, by, bz);
  let id1 = youngFind(young, h, bx, by, bz);
  if (id1 != 0) return id1 - 1;
  id1 = youngFind(older, h, bx, by, bz);
  if (id1 != 0) return id1 - 1;
  const bits = filterBits(h);
  const w = filterWord(h);
  const word = load<u64>(w);
  if ((word & bits) == bits) {
    id1 = mainFind(<u32>(h >> 32), bx, by, bz);
    if (id1 != 0) return id1 - 1;
  }
  if (vertexCount == 0 || (vertexCount & 0xffff) == 0) filterReserve(vertexCount + 0x10000);
  const id = newVertex(bx, by, bz);
  const fw = filterWord(h);
  store<u64>(fw, load<u64>(fw) | bits);
  youngInsert(h, bx, by, bz, id);
  return id;
}

// ---- union-find over record word 0

function root(i: u32): u32 {
  while (true) {
    const r = recordAt(i);
    const parent = load<u32>(r);
    if (parent == i) return i;
    const grand = load<u32>(recordAt(parent));
    store<u32>(r, grand);
    if (grand == parent) return parent;
    i = grand;
  }
}

/** Joins the shells of a triangle's three corners. */
// @ts-ignore: decorator
@inline function union3(a: u32, b: u32, c: u32): void {
  const ra = root(a), rb = root(b), rc = root(c);
  // Every root goes under the oldest: a new vertex then hangs right below its shell's root.
  const r = min(ra, min(rb, rc));
  if (ra != r) store<u32>(recordAt(ra), r);
  if (rb != r) store<u32>(recordAt(rb), r);
  if (rc != r) store<u32>(recordAt(rc), r);
}

// ---- edges: one word each, hi | uses << 26 | uses walking low → high << 29; counts saturate at 7

const COUNT_MAX: u32 = 7;

// @ts-ignore: decorator
@inline function bump(word: u32, hi: u32, forward: u32): u32 {
  const uses = min(COUNT_MAX, ((word >> HI_BITS) & 7) + 1);
  const fwd = min(COUNT_MAX, (word >> (HI_BITS + 3)) + forward);
  return hi | (uses << HI_BITS) | (fwd << (HI_BITS + 3));
}

function useEdge(a: u32, b: u32): void {
  const forward: u32 = a < b ? 1 : 0;
  const lo = a < b ? a : b, hi = a < b ? b : a;
  // hi > lo ≥ 0, so an edge word is never 0, and 0 marks a free inline slot.
  const r = recordAt(lo);
  const w1 = load<u32>(r, 4), w2 = load<u32>(r, 8), w3 = load<u32>(r, 12);
  // The first of the INLINE_EDGES (3) slots that is free or holds this edge, picked without branches: which one it is varies
  // from edge to edge and would be mispredicted half of the time.
  const k: usize = (w1 == 0 || (w1 & HI_MASK) == hi) ? 4 : (w2 == 0 || (w2 & HI_MASK) == hi) ? 8 : (w3 == 0 || (w3 & HI_MASK) == hi) ? 12 : 0;
  if (k == 0) {
    spillUse(lo, hi, forward);
    return;
  }
  store<u32>(r + k, bump(load<u32>(r + k), hi, forward));
}

// Spilled edges: slots of 8 bytes (lo + 1, 0 = empty; edge word).
let spill: usize = 0;
let spillSlots: u32 = 0;
let spillCount: u32 = 0;

function spillHash(lo: u32, hi: u32): u32 {
  let h = (lo * 0x9e3779b1) ^ hi;
  h = (h ^ (h >> 16)) * 0x85ebca6b;
  h = (h ^ (h >> 13)) * 0xc2b2ae35;
  return h ^ (h >> 16);
}

function spillUse(lo: u32, hi: u32, forward: u32): void {
  if (spillCount * 2 >= spillSlots) spillGrow();
  const mask = spillSlots - 1;
  let slot = spillHash(lo, hi) & mask;
  while (true) {
    const p = spill + (<usize>slot << 3);
    const lo1 = load<u32>(p);
    if (lo1 == 0) {
      store<u32>(p, lo + 1);
      store<u32>(p, bump(0, hi, forward), 4);
      spillCount++;
      return;
    }
    if (lo1 == lo + 1 && (load<u32>(p, 4) & HI_MASK) == hi) {
      store<u32>(p, bump(load<u32>(p, 4), hi, forward), 4);
      return;
    }
    slot = (slot + 1) & mask;
  }
}

function spillGrow(): void {
  const old = spill, oldSlots = spillSlots;
  spillSlots = spillSlots == 0 ? 4096 : spillSlots * 2;
  spill = alloc(<usize>spillSlots * 8);
  const mask = spillSlots - 1;
  for (let s: u32 = 0; s < oldSlots; s++) {
    const p = old + (<usize>s << 3);
    const lo1 = load<u32>(p);
    if (lo1 == 0) continue;
    const word = load<u32>(p, 4);
    let slot = spillHash(lo1 - 1, word & HI_MASK) & mask;
    while (load<u32>(spill + (<usize>slot << 3)) != 0) slot = (slot + 1) & mask;
    store<u32>(spill + (<usize>slot << 3), lo1);
    store<u32>(spill + (<usize>slot << 3), word, 4);
  }
}

// ---- running sums

let triangles: u32 = 0;
let degenerate: u32 = 0;
let signedVolume6: f64 = 0;
let areaTimes2: f64 = 0;
let refX: f64 = 0, refY: f64 = 0, refZ: f64 = 0;
let minX: f64 = Infinity, minY: f64 = Infinity, minZ: f64 = Infinity;
let maxX: f64 = -Infinity, maxY: f64 = -Infinity, maxZ: f64 = -Infinity;

// @ts-ignore: decorator
@inline function extend(x: f64, y: f64, z: f64): void {
  if (x < minX) minX = x;
  if (y < minY) minY = y;
  if (z < minZ) minZ = z;
  if (x > maxX) maxX = x;
  if (y > maxY) maxY = y;
  if (z > maxZ) maxZ = z;
}

// ---- exports

export function batchPointer(): usize { return batch; }
export function batchTriangles(): u32 { return BATCH_TRIANGLES; }

/** Sizes the tables once for an expected vertex count. */
export function reserve(vertices: u32): void {
  mainReserve(vertices);
  filterReserve(vertices);
}

/** False, without adding anything, when a coordinate is NaN or infinite. */
// @ts-ignore: decorator
@inline function addTriangle(ax: f64, ay: f64, az: f64, bx: f64, by: f64, bz: f64, cx: f64, cy: f64, cz: f64): bool {
  // Each difference is 0 for a finite value and NaN otherwise; one NaN makes the sum NaN.
  const finite = (ax - ax) + (ay - ay) + (az - az) + (bx - bx) + (by - by) + (bz - bz) + (cx - cx) + (cy - cy) + (cz - cz);
  if (finite != 0) return false;
  if (triangles == 0) {
    refX = ax; refY = ay; refZ = az;
  }
  triangles++;
  extend(ax, ay, az);
  extend(bx, by, bz);
  extend(cx, cy, cz);

  const ux = bx - ax, uy = by - ay, uz = bz - az;
  const vx = cx - ax, vy = cy - ay, vz = cz - az;
  const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
  const doubleArea = Math.sqrt(nx * nx + ny * ny + nz * nz);
  const ia = vertex(ax, ay, az);
  const ib = vertex(bx, by, bz);
  const ic = vertex(cx, cy, cz);
  if (ia == ib || ib == ic || ia == ic) {
    degenerate++;
    return true;
  }
  // A zero-area sliver with three distinct corners still closes a T-junction, so it keeps its edges.
  if (doubleArea == 0) degenerate++;
  areaTimes2 += doubleArea;
  // (a-r)·((b-a)×(c-a)) equals (a-r)·((b-r)×(c-r)) and reuses the normal already computed.
  signedVolume6 += (ax - refX) * nx + (ay - refY) * ny + (az - refZ) * nz;
  useEdge(ia, ib);
  useEdge(ib, ic);
  useEdge(ic, ia);
  union3(ia, ib, ic);
  return true;
}

/**
 * Adds the first `count` triangles of the batch. Returns -1, or the index in the batch of the first
 * triangle with a NaN or infinite coordinate (it and the rest of the batch are not added).
 */
export function addBatch(count: u32): i32 {
  if (mainSlots == 0) reserve(1024);
  for (let i: u32 = 0; i < count; i++) {
    const p = batch + <usize>i * 72;
    if (!addTriangle(load<f64>(p), load<f64>(p, 8), load<f64>(p, 16), load<f64>(p, 24), load<f64>(p, 32), load<f64>(p, 40),
      load<f64>(p, 48), load<f64>(p, 56), load<f64>(p, 64))) return <i32>i;
  }
  return -1;
}

/** Binary STL records (50 bytes: normal, three corners as little-endian f32, attribute) copied in by JS. */
const RECORDS: u32 = 1024;
const records = alloc(<usize>RECORDS * 50);

export function recordsPointer(): usize { return records; }
export function recordsCapacity(): u32 { return RECORDS; }

/** addBatch for the first `count` records: the stored normal is ignored, the winding order is what slicers trust. */
export function addRecords(count: u32): i32 {
  if (mainSlots == 0) reserve(1024);
  for (let i: u32 = 0; i < count; i++) {
    const p = records + <usize>i * 50;
    if (!addTriangle(<f64>load<f32>(p, 12), <f64>load<f32>(p, 16), <f64>load<f32>(p, 20), <f64>load<f32>(p, 24), <f64>load<f32>(p, 28),
      <f64>load<f32>(p, 32), <f64>load<f32>(p, 36), <f64>load<f32>(p, 40), <f64>load<f32>(p, 44))) return <i32>i;
  }
  return -1;
}

export function triangleCount(): u32 { return triangles; }
export function degenerateCount(): u32 { return degenerate; }
export function signedVolumeTimes6(): f64 { return signedVolume6; }
export function areaTimesTwo(): f64 { return areaTimes2; }

/** 0–2: min x, y, z; 3–5: max x, y, z. */
export function bound(axis: u32): f64 {
  switch (axis) {
    case 0: return minX;
    case 1: return minY;
    case 2: return minZ;
    case 3: return maxX;
    case 4: return maxY;
    default: return maxZ;
  }
}

/** Connected components among vertices of at least one non-degenerate triangle. */
export function shells(): u32 {
  // A vertex only ever touched by degenerate triangles is its own root and would count as a shell.
  const used = alloc(<usize>vertexCount);
  for (let i: u32 = 0; i < vertexCount; i++) {
    if (load<u32>(recordAt(i)) != i) {
      store<u8>(used + i, 1);
      store<u8>(used + root(i), 1);
    }
  }
  let roots: u32 = 0;
  for (let i: u32 = 0; i < vertexCount; i++) if (load<u32>(recordAt(i)) == i && load<u8>(used + i) != 0) roots++;
  return roots;
}

let boundary: u32 = 0, nonManifold: u32 = 0, misoriented: u32 = 0;

// @ts-ignore: decorator
@inline function countEdge(word: u32): void {
  const n = (word >> HI_BITS) & 7;
  if (n == 1) boundary++;
  else if (n > 2) nonManifold++;
  else if ((word >> (HI_BITS + 3)) != 1) misoriented++;
}

/** Counts the edges once; then read boundaryEdges, nonManifoldEdges and misorientedEdges. */
export function countEdges(): void {
  boundary = nonManifold = misoriented = 0;
  for (let i: u32 = 0; i < vertexCount; i++) {
    const r = recordAt(i) + 4;
    for (let k: u32 = 0; k < INLINE_EDGES; k++) {
      const word = load<u32>(r + (<usize>k << 2));
      if (word == 0) break;
      countEdge(word);
    }
  }
  for (let s: u32 = 0; s < spillSlots; s++) if (load<u32>(spill + (<usize>s << 3)) != 0) countEdge(load<u32>(spill + (<usize>s << 3), 4));
}

export function boundaryEdges(): u32 { return boundary; }
export function nonManifoldEdges(): u32 { return nonManifold; }
export function misorientedEdges(): u32 { return misoriented; }
