/**
 * Mesh topology and sums in WebAssembly (AssemblyScript, runtime stub: raw memory, no GC). The JS
 * MeshAccumulator writes triangles as 9 f64 into the batch and calls `addBatch`, or copies binary STL
 * records in and calls `addRecords`. V8 tiers a function up only between calls, so many small calls
 * reach optimised code where one giant call would not; the same goes for `tally` at the end.
 *
 * Why it is laid out like this: on a big mesh the tables do not fit in the cache, and every random
 * lookup costs a trip to memory. Files are written face after face, so a vertex is nearly always seen
 * again soon after it first appears. Hence:
 *   - a corner equal to one of the previous triangle's takes that corner's vertex (two of three, in a
 *     file written strip by strip);
 *   - other corners look in a small "young" hash table that stays in the cache; two generations, so a
 *     vertex stays findable for at least one whole generation after it was added, and a generation that
 *     retires is simply forgotten;
 *   - a corner in neither generation is only pending while its batch is welded: the pending vertices are
 *     then looked up in, or added to, the big table in a loop of their own, which first only reads
 *     their slots, so that the CPU has many of those trips to memory under way at once;
 *   - vertex ids are handed out in order of first appearance, and every per-vertex record (union-find
 *     parent, the edges to higher ids) lives at an address ordered by id: recent vertices, recent memory.
 *     Edges are stored with their lower vertex, 3 inline; a vertex with more spills into a hash table.
 *     Shells are joined once at the end, walking the edges in id order.
 * Keys are the coordinates' bits: binary STL's float32 bits (12-byte keys) through `addRecords`, float64
 * bits through `addBatch`; the first call fixes which, as MeshAccumulator never mixes them in one
 * analysis. Either way -0 is keyed as 0, so -0 and 0 weld (NaN never gets here).
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

// ---- what JS fills: a batch of doubles, or binary STL records (50 bytes: normal, three corners as little-endian f32, attribute)

const BATCH_TRIANGLES: u32 = 1024;
const batch = alloc(<usize>BATCH_TRIANGLES * 72);
const records = alloc(<usize>BATCH_TRIANGLES * 50);

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
/** Room for 3 float64 keys per vertex; float32 keys use the first half, whose untouched rest costs nothing. */
const PAGE_BYTES: usize = (<usize>RECORD_BYTES + 24) << PAGE_SHIFT;
const pageTable = alloc(<usize>(MAX_VERTICES >> PAGE_SHIFT) * 4);
let vertexCount: u32 = 0;

// @ts-ignore: decorator
@inline function pageOf(id: u32): usize {
  return <usize>load<u32>(pageTable + (<usize>(id >> PAGE_SHIFT) << 2));
}

// @ts-ignore: decorator
@inline function recordAt(id: u32): usize {
  return pageOf(id) + (<usize>(id & PAGE_MASK) << 4);
}

// @ts-ignore: decorator
@inline function keyAt<K>(id: u32): usize {
  return pageOf(id) + (<usize>RECORD_BYTES << PAGE_SHIFT) + <usize>(id & PAGE_MASK) * (3 * sizeof<K>());
}

function newVertex<K>(key: usize): u32 {
  const id = vertexCount;
  if (id == MAX_VERTICES) unreachable();
  if ((id & PAGE_MASK) == 0) store<u32>(pageTable + (<usize>(id >> PAGE_SHIFT) << 2), <u32>alloc(PAGE_BYTES));
  vertexCount = id + 1;
  store<u32>(recordAt(id), id);
  const to = keyAt<K>(id);
  store<K>(to, load<K>(key));
  store<K>(to + sizeof<K>(), load<K>(key + sizeof<K>()));
  store<K>(to + 2 * sizeof<K>(), load<K>(key + 2 * sizeof<K>()));
  return id;
}

// ---- hashing

// @ts-ignore: decorator
@inline function widen<K>(v: K): u64 {
  // Float64 keys of float32 values have the low 29 bits zero; folding brings sign and exponent down first.
  if (sizeof<K>() == 8) return <u64>v ^ (<u64>v >> 32);
  return <u64>v;
}

// @ts-ignore: decorator
@inline function hash3<K>(x: K, y: K, z: K): u64 {
  // Summed, not XORed: with XOR, (x, y, z) and (-x, -y, z) collided, half the vertices of a sphere.
  let h = widen<K>(x) * 0x9e3779b97f4a7c15 + widen<K>(y) * 0xc2b2ae3d27d4eb4f + widen<K>(z) * 0x165667b19e3779f9;
  h ^= h >> 32;
  h *= 0xff51afd7ed558ccd;
  return h ^ (h >> 29);
}

// @ts-ignore: decorator
@inline function hashKey<K>(key: usize): u64 {
  return hash3<K>(load<K>(key), load<K>(key + sizeof<K>()), load<K>(key + 2 * sizeof<K>()));
}

// @ts-ignore: decorator
@inline function sameKey<K>(key: usize, x: K, y: K, z: K): bool {
  return load<K>(key) == x && load<K>(key + sizeof<K>()) == y && load<K>(key + 2 * sizeof<K>()) == z;
}

// ---- young generations: slots of x, y, z (K each), then a word: id + 1 (0 = empty), or a pending corner

const YOUNG_SLOTS: u32 = 1 << 13;
const YOUNG_LIMIT: u32 = YOUNG_SLOTS / 2;
/** Bit of a slot word: the vertex is pending; the low bits index `pending`. */
const PENDING: u32 = 1 << 31;
/**
 * The first vertex id of the current part. A 3MF's parts are meshes of their own, welded apart even where
 * they touch; ids are handed out in order, so a vertex found with a lower id belongs to a finished part and
 * is replaced where it was found (a part ends for good, and its entries would only lengthen the probes).
 */
let partFirstVertex: u32 = 0;

/** Whether a young slot word is a vertex of the current part (or pending in this batch). */
// @ts-ignore: decorator
@inline function inPart(word: u32): bool {
  return (word & PENDING) != 0 || word - 1 >= partFirstVertex;
}

let young = alloc(<usize>YOUNG_SLOTS * 32);
let older = alloc(<usize>YOUNG_SLOTS * 32);
let youngCount: u32 = 0;

// @ts-ignore: decorator
@inline function slotAt<K>(table: usize, slot: u32): usize {
  return table + <usize>slot * (4 * sizeof<K>());
}

/** The slot holding the key, or the empty slot where it would go. */
function youngSlot<K>(table: usize, h: u64, x: K, y: K, z: K): usize {
  let slot = <u32>h & (YOUNG_SLOTS - 1);
  while (true) {
    const p = slotAt<K>(table, slot);
    if (load<u32>(p + 3 * sizeof<K>()) == 0 || sameKey<K>(p, x, y, z)) return p;
    slot = (slot + 1) & (YOUNG_SLOTS - 1);
  }
}

/** Every vertex is in the big table already: retiring the older generation only forgets it. */
function retireOlder<K>(): void {
  memory.fill(older, 0, <usize>YOUNG_SLOTS * (4 * sizeof<K>()));
  const t = older;
  older = young;
  young = t;
  youngCount = 0;
}

// ---- the big table: slots of 8 bytes (high half of the hash; id + 1, 0 = empty); keys stay in the records

let mainSlots: u32 = 0;
let main: usize = 0;

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

/** The id of the vertex whose key is at `key`: found in the big table, or new and added to it. */
function mainFindOrAdd<K>(h: u64, key: usize): u32 {
  const hHigh = <u32>(h >> 32);
  const mask = mainSlots - 1;
  const x = load<K>(key), y = load<K>(key + sizeof<K>()), z = load<K>(key + 2 * sizeof<K>());
  let slot = hHigh & mask;
  while (true) {
    const p = main + (<usize>slot << 3);
    const id1 = load<u32>(p, 4);
    if (id1 == 0) {
      const id = newVertex<K>(key);
      store<u32>(p, hHigh);
      store<u32>(p, id + 1, 4);
      return id;
    }
    if (load<u32>(p) == hHigh && sameKey<K>(keyAt<K>(id1 - 1), x, y, z)) {
      if (id1 - 1 >= partFirstVertex) return id1 - 1;
      const id = newVertex<K>(key);
      store<u32>(p, id + 1, 4);
      return id;
    }
    slot = (slot + 1) & mask;
  }
}

// ---- welding one batch: corners first, then the pending ones, then the triangles

/** 4 or 8 once the first batch came in: the width of a key's coordinates. */
let keyBytes: u32 = 0;
/** Per corner of the batch: a vertex id, or PENDING | index into `pending`. */
const corners = alloc(<usize>BATCH_TRIANGLES * 12);
/** Per pending vertex (new in this batch, or last seen before both generations): its young slot, id, hash. */
const pending = alloc(<usize>BATCH_TRIANGLES * 48);
let pendingCount: u32 = 0;
/** Written so that the warming reads are not optimised away. */
let warmed: u32 = 0;
// A pending vertex's young slot stays put until it is resolved because one batch (3 × BATCH_TRIANGLES
// corners) cannot fill a generation (YOUNG_LIMIT) twice, so a generation never retires with one inside.

/** The corner's vertex id, or PENDING | index when the vertex must still be looked up further. */
function weldCorner<K>(x: K, y: K, z: K): u32 {
  const h = hash3<K>(x, y, z);
  let p = youngSlot<K>(young, h, x, y, z);
  let word = load<u32>(p + 3 * sizeof<K>());
  if (word != 0 && inPart(word)) return (word & PENDING) != 0 ? word : word - 1;
  // A vertex of a finished part is replaced in its slot; an empty slot takes a new one.
  if (word == 0) {
    const q = youngSlot<K>(older, h, x, y, z);
    word = load<u32>(q + 3 * sizeof<K>());
    if (word != 0 && inPart(word)) return (word & PENDING) != 0 ? word : word - 1;
    if (youngCount == YOUNG_LIMIT) {
      retireOlder<K>();
      p = youngSlot<K>(young, h, x, y, z);
    }
    youngCount++;
  }
  store<K>(p, x);
  store<K>(p + sizeof<K>(), y);
  store<K>(p + 2 * sizeof<K>(), z);
  word = PENDING | pendingCount;
  store<u32>(p + 3 * sizeof<K>(), word);
  const e = pending + (<usize>pendingCount << 4);
  store<u32>(e, <u32>p);
  store<u64>(e, h, 8);
  pendingCount++;
  return word;
}

/** The corner word of (x, y, z): one of the previous triangle's, or welded. */
// @ts-ignore: decorator
@inline function recent<K>(x: K, y: K, z: K, ax: K, ay: K, az: K, wa: u32, bx: K, by: K, bz: K, wb: u32, cx: K, cy: K, cz: K, wc: u32): u32 {
  if (x == ax && y == ay && z == az) return wa;
  if (x == bx && y == by && z == bz) return wb;
  if (x == cx && y == cy && z == cz) return wc;
  return weldCorner<K>(x, y, z);
}

/** Gives each pending vertex its id: an old one from the big table, or a new one. */
function resolvePending<K>(): void {
  mainReserve(vertexCount + pendingCount);
  // First only read each one's first big-table slot: nothing waits on these reads, so the CPU has many
  // trips to memory under way at once, and the lookups below find the slots in the cache.
  const mask = mainSlots - 1;
  let any: u32 = 0;
  for (let i: u32 = 0; i < pendingCount; i++) {
    any |= load<u32>(main + (<usize>(<u32>(load<u64>(pending + (<usize>i << 4), 8) >> 32) & mask) << 3));
  }
  warmed = any;
  for (let i: u32 = 0; i < pendingCount; i++) {
    const e = pending + (<usize>i << 4);
    const p = <usize>load<u32>(e);
    const id = mainFindOrAdd<K>(load<u64>(e, 8), p);
    store<u32>(p + 3 * sizeof<K>(), id + 1);
    store<u32>(e, id, 4);
  }
  pendingCount = 0;
}

// @ts-ignore: decorator
@inline function cornerId(i: u32): u32 {
  const word = load<u32>(corners + (<usize>i << 2));
  return (word & PENDING) != 0 ? load<u32>(pending + (<usize>(word & ~PENDING) << 4), 4) : word;
}

// @ts-ignore: decorator
@inline function keyOf<K>(t: u32, axis: u32): K {
  if (sizeof<K>() == 8) return reinterpret<u64>(load<f64>(batch + <usize>t * 72 + (<usize>axis << 3)) + 0.0);
  const bits = load<u32>(records + <usize>t * 50 + 12 + (<usize>axis << 2));
  return <K>(bits == 0x80000000 ? 0 : bits);
}

// @ts-ignore: decorator
@inline function coordinate<K>(t: u32, axis: u32): f64 {
  if (sizeof<K>() == 8) return load<f64>(batch + <usize>t * 72 + (<usize>axis << 3));
  return <f64>load<f32>(records + <usize>t * 50 + 12 + (<usize>axis << 2));
}

/** Number of leading triangles of the batch whose nine coordinates are all finite. */
function finitePrefix<K>(count: u32): u32 {
  for (let t: u32 = 0; t < count; t++) {
    // Each difference is 0 for a finite value and NaN otherwise; one NaN makes the sum NaN.
    let sum: f64 = 0;
    for (let axis: u32 = 0; axis < 9; axis++) {
      const v = coordinate<K>(t, axis);
      sum += v - v;
    }
    if (sum != 0) return t;
  }
  return count;
}

function addTriangles<K>(count: u32): i32 {
  if (keyBytes == 0) keyBytes = sizeof<K>();
  if (keyBytes != sizeof<K>()) unreachable();
  if (mainSlots == 0) reserve(1024);
  const n = finitePrefix<K>(count);
  // The previous triangle's corners: a file's consecutive faces share two corners more often than not.
  // They start as NaN bits, which no key has.
  const none: K = sizeof<K>() == 8 ? <K>0x7ff8000000000000 : <K>0x7fc00000;
  let ax = none, ay = none, az = none, bx = none, by = none, bz = none, cx = none, cy = none, cz = none;
  let wa: u32 = 0, wb: u32 = 0, wc: u32 = 0;
  for (let t: u32 = 0; t < n; t++) {
    const x0 = keyOf<K>(t, 0), y0 = keyOf<K>(t, 1), z0 = keyOf<K>(t, 2);
    const x1 = keyOf<K>(t, 3), y1 = keyOf<K>(t, 4), z1 = keyOf<K>(t, 5);
    const x2 = keyOf<K>(t, 6), y2 = keyOf<K>(t, 7), z2 = keyOf<K>(t, 8);
    const w0 = recent<K>(x0, y0, z0, ax, ay, az, wa, bx, by, bz, wb, cx, cy, cz, wc);
    const w1 = recent<K>(x1, y1, z1, ax, ay, az, wa, bx, by, bz, wb, cx, cy, cz, wc);
    const w2 = recent<K>(x2, y2, z2, ax, ay, az, wa, bx, by, bz, wb, cx, cy, cz, wc);
    const c = corners + <usize>t * 12;
    store<u32>(c, wa = w0);
    store<u32>(c, wb = w1, 4);
    store<u32>(c, wc = w2, 8);
    ax = x0; ay = y0; az = z0; bx = x1; by = y1; bz = z1; cx = x2; cy = y2; cz = z2;
  }
  resolvePending<K>();
  for (let t: u32 = 0; t < n; t++) {
    addTriangle(coordinate<K>(t, 0), coordinate<K>(t, 1), coordinate<K>(t, 2), coordinate<K>(t, 3), coordinate<K>(t, 4), coordinate<K>(t, 5),
      coordinate<K>(t, 6), coordinate<K>(t, 7), coordinate<K>(t, 8), cornerId(t * 3), cornerId(t * 3 + 1), cornerId(t * 3 + 2));
  }
  return n == count ? -1 : <i32>n;
}

// ---- union-find over record word 0, run once over the edges at the end

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

/** A finite triangle whose corners are welded to ia, ib, ic. */
// @ts-ignore: decorator
@inline function addTriangle(ax: f64, ay: f64, az: f64, bx: f64, by: f64, bz: f64, cx: f64, cy: f64, cz: f64, ia: u32, ib: u32, ic: u32): void {
  if (triangles == 0) {
    refX = ax; refY = ay; refZ = az;
  }
  triangles++;
  extend(ax, ay, az);
  extend(bx, by, bz);
  extend(cx, cy, cz);
  if (ia == ib || ib == ic || ia == ic) {
    degenerate++;
    return;
  }
  const ux = bx - ax, uy = by - ay, uz = bz - az;
  const vx = cx - ax, vy = cy - ay, vz = cz - az;
  const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
  const squared = nx * nx + ny * ny + nz * nz;
  // A zero-area sliver with three distinct corners still closes a T-junction, so it keeps its edges.
  // (Tested before the root, which is 0 exactly when its argument is, so nothing waits on the root.)
  if (squared == 0) degenerate++;
  areaTimes2 += Math.sqrt(squared);
  // (a-r)·((b-a)×(c-a)) equals (a-r)·((b-r)×(c-r)) and reuses the normal already computed.
  signedVolume6 += (ax - refX) * nx + (ay - refY) * ny + (az - refZ) * nz;
  useEdge(ia, ib);
  useEdge(ib, ic);
  useEdge(ic, ia);
}

// ---- exports

export function batchPointer(): usize { return batch; }
export function batchTriangles(): u32 { return BATCH_TRIANGLES; }
export function recordsPointer(): usize { return records; }
export function recordsCapacity(): u32 { return BATCH_TRIANGLES; }

/** Sizes the tables once for an expected vertex count. */
export function reserve(vertices: u32): void {
  mainReserve(vertices);
}

/**
 * Adds the first `count` triangles of the batch. Returns -1, or the index in the batch of the first
 * triangle with a NaN or infinite coordinate (it and the rest of the batch are not added).
 */
export function addBatch(count: u32): i32 {
  return addTriangles<u64>(count);
}

/** addBatch for the first `count` records: the stored normal is ignored, the winding order is what slicers trust. */
export function addRecords(count: u32): i32 {
  return addTriangles<u32>(count);
}

/** Vertices from here on weld only with each other (call between batches: none may be pending). */
export function startPart(): void { partFirstVertex = vertexCount; }

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

let tallied: u32 = 0;
let shellCount: u32 = 0;
let boundary: u32 = 0, nonManifold: u32 = 0, misoriented: u32 = 0;

/** Counts the edge by its uses and joins its ends' shells; `r` is the root of `lo`'s shell so far. Returns the root after. */
// @ts-ignore: decorator
@inline function tallyEdge(r: u32, word: u32): u32 {
  const n = (word >> HI_BITS) & 7;
  if (n == 1) boundary++;
  else if (n > 2) nonManifold++;
  else if ((word >> (HI_BITS + 3)) != 1) misoriented++;
  const rh = root(word & HI_MASK);
  // The younger root goes under the older one, so roots stay near the front of the records.
  if (rh > r) store<u32>(recordAt(rh), r);
  else if (rh < r) {
    store<u32>(recordAt(r), rh);
    return rh;
  }
  return r;
}

/**
 * Counts the edges of the next `vertices` vertices and joins their shells; returns how many are left,
 * so JS calls it until 0 (V8 optimises a function between calls, never during one), then reads the counts.
 */
export function tally(vertices: u32): u32 {
  const end = min(vertexCount, tallied + vertices);
  for (let i = tallied; i < end; i++) {
    const p = recordAt(i) + 4;
    let r = root(i);
    for (let k: u32 = 0; k < INLINE_EDGES; k++) {
      const word = load<u32>(p + (<usize>k << 2));
      if (word == 0) break;
      r = tallyEdge(r, word);
    }
  }
  tallied = end;
  if (end < vertexCount) return vertexCount - end;
  for (let s: u32 = 0; s < spillSlots; s++) {
    const p = spill + (<usize>s << 3);
    const lo1 = load<u32>(p);
    if (lo1 != 0) tallyEdge(root(lo1 - 1), load<u32>(p, 4));
  }
  // A root with an edge has one to a higher id, in its first inline slot: a joined vertex hangs under
  // the lower root, so a vertex whose edges all lead to lower ids is no root. A vertex without edges
  // was only ever in degenerate triangles and is no shell.
  for (let i: u32 = 0; i < vertexCount; i++) {
    const r = recordAt(i);
    if (load<u32>(r) == i && load<u32>(r, 4) != 0) shellCount++;
  }
  return 0;
}

/** Connected components among vertices of at least one non-degenerate triangle. */
export function shells(): u32 { return shellCount; }
export function boundaryEdges(): u32 { return boundary; }
export function nonManifoldEdges(): u32 { return nonManifold; }
export function misorientedEdges(): u32 { return misoriented; }
