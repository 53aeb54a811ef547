/**
 * Open-addressing hash tables over typed arrays. A Map keyed by strings costs ~100 bytes per vertex and
 * would blow the 200 MB budget on a million-triangle STL; these cost ~40 bytes per vertex and ~16 per
 * edge. A big mesh's tables do not fit in the CPU cache, so a lookup costs about one trip to memory:
 * that, not hashing, is what the analysis of a million triangles spends its time on.
 */

import { grow } from './triples.js';

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

function mixDouble(h: number, value: number): number {
  // -0 and 0 are the same point; `+ 0` turns -0 into 0.
  bits[0] = value + 0;
  return Math.imul(Math.imul(h ^ words[0], 0x85ebca6b) ^ words[1], 0xc2b2ae35);
}

/**
 * Murmur3's finaliser. The table keeps the low bits of the hash, and without this step they depend
 * only on the low bits of the inputs (neighbouring vertex ids; float32 coordinates, whose low mantissa
 * bits are all zero as doubles): on a 1 M-triangle sphere edges needed 0.59 extra probes per use, now 0.28.
 */
function finalise(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function vertexHash(x: number, y: number, z: number): number {
  return finalise(mixDouble(mixDouble(mixDouble(0x9e3779b9, x), y), z));
}

function edgeHash(lo: number, hi: number): number {
  return finalise(Math.imul(lo, 0x9e3779b1) ^ hi);
}

/** Welds identical vertices to one index, and tracks connected components with union-find. */
export class VertexTable {
  private coords = new Float64Array(3 * 1024);
  private parent = new Int32Array(1024);
  private slots = new Int32Array(2048).fill(-1);
  private size = 0;

  /** Sizes the table once for an expected vertex count (see EdgeTable.reserve). */
  reserve(vertices: number): void {
    let capacity = this.slots.length;
    while (capacity < vertices * 2) capacity *= 2;
    if (capacity > this.slots.length) {
      this.coords = grow(this.coords, Math.max(this.coords.length, vertices * 3));
      this.parent = grow(this.parent, Math.max(this.parent.length, vertices));
      this.rehash(capacity);
    }
  }

  index(x: number, y: number, z: number): number {
    const mask = this.slots.length - 1;
    let slot = vertexHash(x, y, z) & mask;
    for (;;) {
      const found = this.slots[slot];
      if (found === -1) break;
      const o = found * 3;
      if (this.coords[o] === x && this.coords[o + 1] === y && this.coords[o + 2] === z) return found;
      slot = (slot + 1) & mask;
    }
    const id = this.size++;
    if (id * 3 + 3 > this.coords.length) {
      this.coords = grow(this.coords, this.coords.length * 2);
      this.parent = grow(this.parent, this.parent.length * 2);
    }
    this.coords[id * 3] = x + 0;
    this.coords[id * 3 + 1] = y + 0;
    this.coords[id * 3 + 2] = z + 0;
    this.parent[id] = id;
    this.slots[slot] = id;
    if (this.size * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    return id;
  }

  union(a: number, b: number): void {
    const ra = this.root(a), rb = this.root(b);
    if (ra !== rb) this.parent[ra] = rb;
  }

  /** Components among vertices that belong to at least one non-degenerate triangle. */
  components(): number {
    let roots = 0;
    // A vertex only ever touched by degenerate triangles is its own root and would count as a shell.
    const used = new Uint8Array(this.size);
    for (let i = 0; i < this.size; i++) if (this.parent[i] !== i) used[i] = used[this.root(i)] = 1;
    for (let i = 0; i < this.size; i++) if (this.parent[i] === i && used[i]) roots++;
    return roots;
  }

  private root(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]];
      i = this.parent[i];
    }
    return i;
  }

  private rehash(capacity: number): void {
    const slots = new Int32Array(capacity).fill(-1);
    const mask = slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      const o = id * 3;
      let slot = vertexHash(this.coords[o], this.coords[o + 1], this.coords[o + 2]) & mask;
      while (slots[slot] !== -1) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.slots = slots;
  }
}

export interface EdgeSummary {
  boundary: number;
  nonManifold: number;
  misoriented: number;
}

/** Vertex ids below 2^26 (67 million) fit beside the counts in one 32-bit word. */
const HI_BITS = 26;
const HI_MASK = (1 << HI_BITS) - 1;
/** Uses and forward uses saturate at 7: plenty to tell 1, 2 and more. */
const COUNT_MAX = 7;

/**
 * Counts how often each undirected edge is used and in which direction. Slot layout, two words:
 * lo + 1 (0 marks an empty slot); hi | uses << 26 | uses walking low → high << 29.
 */
export class EdgeTable {
  private slots = new Uint32Array(4096 * 2);
  private size = 0;

  /** Sizes the table once for an expected edge count, so a big mesh is not rehashed again and again. */
  reserve(edges: number): void {
    let capacity = this.slots.length / 2;
    while (capacity < edges * 2) capacity *= 2;
    if (capacity > this.slots.length / 2) this.resize(capacity);
  }

  use(a: number, b: number): void {
    const lo = a < b ? a : b, hi = a < b ? b : a;
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let o = (edgeHash(lo, hi) & mask) << 1;
    for (;;) {
      const stored = slots[o];
      if (stored === 0) {
        slots[o] = lo + 1;
        slots[o + 1] = hi;
        this.size++;
        break;
      }
      if (stored === lo + 1 && (slots[o + 1] & HI_MASK) === hi) break;
      o = (o + 2) & (mask << 1 | 1);
    }
    const word = slots[o + 1];
    const uses = Math.min(COUNT_MAX, ((word >>> HI_BITS) & 7) + 1);
    const forward = Math.min(COUNT_MAX, (word >>> (HI_BITS + 3)) + (a === lo ? 1 : 0));
    slots[o + 1] = (hi | (uses << HI_BITS) | (forward << (HI_BITS + 3))) >>> 0;
    if (this.size * 2 > mask + 1) this.resize((mask + 1) * 2);
  }

  summary(): EdgeSummary {
    let boundary = 0, nonManifold = 0, misoriented = 0;
    const slots = this.slots;
    for (let o = 0; o < slots.length; o += 2) {
      if (slots[o] === 0) continue;
      const n = (slots[o + 1] >>> HI_BITS) & 7;
      if (n === 1) boundary++;
      else if (n > 2) nonManifold++;
      else if (slots[o + 1] >>> (HI_BITS + 3) !== 1) misoriented++;
    }
    return { boundary, nonManifold, misoriented };
  }

  private resize(capacity: number): void {
    const old = this.slots;
    const slots = new Uint32Array(capacity * 2);
    const mask = capacity - 1;
    for (let o = 0; o < old.length; o += 2) {
      if (old[o] === 0) continue;
      let slot = edgeHash(old[o] - 1, old[o + 1] & HI_MASK) & mask;
      while (slots[slot << 1] !== 0) slot = (slot + 1) & mask;
      slots[slot << 1] = old[o];
      slots[(slot << 1) + 1] = old[o + 1];
    }
    this.slots = slots;
  }
}
