/**
 * Open-addressing hash tables over typed arrays. A Map keyed by strings costs ~100 bytes per vertex and
 * would blow the 200 MB budget on a million-triangle STL; these cost ~40 bytes per vertex and ~12 per edge.
 */

import { grow } from './triples.js';

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

function mixDouble(h: number, value: number): number {
  // -0 and 0 are the same point; `+ 0` turns -0 into 0.
  bits[0] = value + 0;
  h = Math.imul(h ^ words[0], 0x85ebca6b);
  h = Math.imul(h ^ words[1], 0xc2b2ae35);
  return h ^ (h >>> 15);
}

/** Welds identical vertices to one index, and tracks connected components with union-find. */
export class VertexTable {
  private coords = new Float64Array(3 * 1024);
  private parent = new Int32Array(1024);
  private slots = new Int32Array(2048).fill(-1);
  private size = 0;

  index(x: number, y: number, z: number): number {
    const mask = this.slots.length - 1;
    let slot = (mixDouble(mixDouble(mixDouble(0x9e3779b9, x), y), z) >>> 0) & mask;
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
    if (this.size * 2 > this.slots.length) this.rehash();
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

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      const o = id * 3;
      let slot = (mixDouble(mixDouble(mixDouble(0x9e3779b9, this.coords[o]), this.coords[o + 1]), this.coords[o + 2]) >>> 0) & mask;
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

/** Counts how often each undirected edge is used and in which direction. */
export class EdgeTable {
  private low = new Int32Array(4096).fill(-1);
  private high = new Int32Array(4096);
  /** Uses, saturating at 255. */
  private uses = new Uint8Array(4096);
  /** Uses walking low → high, saturating at 255. */
  private forward = new Uint8Array(4096);
  private size = 0;

  use(a: number, b: number): void {
    const lo = a < b ? a : b, hi = a < b ? b : a;
    const slot = this.find(lo, hi);
    if (this.low[slot] === -1) {
      this.low[slot] = lo;
      this.high[slot] = hi;
      this.size++;
    }
    if (this.uses[slot] < 255) this.uses[slot]++;
    if (a === lo && this.forward[slot] < 255) this.forward[slot]++;
    if (this.size * 2 > this.low.length) this.rehash();
  }

  summary(): EdgeSummary {
    let boundary = 0, nonManifold = 0, misoriented = 0;
    for (let s = 0; s < this.low.length; s++) {
      if (this.low[s] === -1) continue;
      const n = this.uses[s];
      if (n === 1) boundary++;
      else if (n > 2) nonManifold++;
      else if (this.forward[s] !== 1) misoriented++;
    }
    return { boundary, nonManifold, misoriented };
  }

  private find(lo: number, hi: number): number {
    const mask = this.low.length - 1;
    let slot = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77)) >>> 0;
    slot = (slot ^ (slot >>> 16)) & mask;
    while (this.low[slot] !== -1 && (this.low[slot] !== lo || this.high[slot] !== hi)) slot = (slot + 1) & mask;
    return slot;
  }

  private rehash(): void {
    const { low, high, uses, forward } = this;
    this.low = new Int32Array(low.length * 2).fill(-1);
    this.high = new Int32Array(low.length * 2);
    this.uses = new Uint8Array(low.length * 2);
    this.forward = new Uint8Array(low.length * 2);
    for (let s = 0; s < low.length; s++) {
      if (low[s] === -1) continue;
      const slot = this.find(low[s], high[s]);
      this.low[slot] = low[s];
      this.high[slot] = high[s];
      this.uses[slot] = uses[s];
      this.forward[slot] = forward[s];
    }
  }
}
