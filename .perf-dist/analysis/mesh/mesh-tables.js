/**
 * Open-addressing hash tables over typed arrays. A Map keyed by strings costs ~100 bytes per vertex and
 * would blow the 200 MB budget on a million-triangle STL; these cost ~40 bytes per vertex and ~20 per edge.
 */
import { grow } from './triples.js';
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
function mixDouble(h, value) {
    // -0 and 0 are the same point; `+ 0` turns -0 into 0.
    bits[0] = value + 0;
    h = Math.imul(h ^ words[0], 0x85ebca6b);
    h = Math.imul(h ^ words[1], 0xc2b2ae35);
    return h ^ (h >>> 15);
}
/** Welds identical vertices to one index, and tracks connected components with union-find. */
export class VertexTable {
    coords = new Float64Array(3 * 1024);
    parent = new Int32Array(1024);
    slots = new Int32Array(2048).fill(-1);
    size = 0;
    /** Sizes the table once for an expected vertex count (see EdgeTable.reserve). */
    reserve(vertices) {
        let capacity = this.slots.length;
        while (capacity < vertices * 2)
            capacity *= 2;
        if (capacity > this.slots.length) {
            this.coords = grow(this.coords, Math.max(this.coords.length, vertices * 3));
            this.parent = grow(this.parent, Math.max(this.parent.length, vertices));
            this.rehash(capacity);
        }
    }
    index(x, y, z) {
        const mask = this.slots.length - 1;
        let slot = (mixDouble(mixDouble(mixDouble(0x9e3779b9, x), y), z) >>> 0) & mask;
        for (;;) {
            const found = this.slots[slot];
            if (found === -1)
                break;
            const o = found * 3;
            if (this.coords[o] === x && this.coords[o + 1] === y && this.coords[o + 2] === z)
                return found;
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
        if (this.size * 2 > this.slots.length)
            this.rehash(this.slots.length * 2);
        return id;
    }
    union(a, b) {
        const ra = this.root(a), rb = this.root(b);
        if (ra !== rb)
            this.parent[ra] = rb;
    }
    /** Components among vertices that belong to at least one non-degenerate triangle. */
    components() {
        let roots = 0;
        // A vertex only ever touched by degenerate triangles is its own root and would count as a shell.
        const used = new Uint8Array(this.size);
        for (let i = 0; i < this.size; i++)
            if (this.parent[i] !== i)
                used[i] = used[this.root(i)] = 1;
        for (let i = 0; i < this.size; i++)
            if (this.parent[i] === i && used[i])
                roots++;
        return roots;
    }
    root(i) {
        while (this.parent[i] !== i) {
            this.parent[i] = this.parent[this.parent[i]];
            i = this.parent[i];
        }
        return i;
    }
    rehash(capacity) {
        const slots = new Int32Array(capacity).fill(-1);
        const mask = slots.length - 1;
        for (let id = 0; id < this.size; id++) {
            const o = id * 3;
            let slot = (mixDouble(mixDouble(mixDouble(0x9e3779b9, this.coords[o]), this.coords[o + 1]), this.coords[o + 2]) >>> 0) & mask;
            while (slots[slot] !== -1)
                slot = (slot + 1) & mask;
            slots[slot] = id;
        }
        this.slots = slots;
    }
}
/** 2^26: room for 67 million vertex ids on each side of a packed edge key, exact in a double. */
const KEY_SPAN = 67108864;
/** Counts how often each undirected edge is used and in which direction. */
export class EdgeTable {
    /** lo · 2^26 + hi + 1 (0 marks an empty slot): one comparison per probe instead of two. */
    keys = new Float64Array(4096);
    /** Low nibble: uses; high nibble: uses walking low → high. Both saturate at 15, plenty to tell 1, 2 and more. */
    counts = new Uint8Array(4096);
    size = 0;
    /** Sizes the table once for an expected edge count, so a big mesh is not rehashed again and again. */
    reserve(edges) {
        let capacity = this.keys.length;
        while (capacity < edges * 2)
            capacity *= 2;
        if (capacity > this.keys.length)
            this.resize(capacity);
    }
    use(a, b) {
        const lo = a < b ? a : b, hi = a < b ? b : a;
        const key = lo * KEY_SPAN + hi + 1;
        const keys = this.keys;
        const mask = keys.length - 1;
        let slot = ((Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77)) >>> 0);
        slot = (slot ^ (slot >>> 16)) & mask;
        while (keys[slot] !== 0 && keys[slot] !== key)
            slot = (slot + 1) & mask;
        if (keys[slot] === 0) {
            keys[slot] = key;
            this.size++;
        }
        const c = this.counts[slot];
        const uses = Math.min(15, (c & 15) + 1);
        const forward = Math.min(15, (c >> 4) + (a === lo ? 1 : 0));
        this.counts[slot] = uses | (forward << 4);
        if (this.size * 2 > keys.length)
            this.resize(keys.length * 2);
    }
    summary() {
        let boundary = 0, nonManifold = 0, misoriented = 0;
        for (let s = 0; s < this.keys.length; s++) {
            if (this.keys[s] === 0)
                continue;
            const n = this.counts[s] & 15;
            if (n === 1)
                boundary++;
            else if (n > 2)
                nonManifold++;
            else if (this.counts[s] >> 4 !== 1)
                misoriented++;
        }
        return { boundary, nonManifold, misoriented };
    }
    resize(capacity) {
        const { keys, counts } = this;
        this.keys = new Float64Array(capacity);
        this.counts = new Uint8Array(capacity);
        const mask = capacity - 1;
        for (let s = 0; s < keys.length; s++) {
            if (keys[s] === 0)
                continue;
            const lo = Math.floor((keys[s] - 1) / KEY_SPAN), hi = keys[s] - 1 - lo * KEY_SPAN;
            let slot = ((Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca77)) >>> 0);
            slot = (slot ^ (slot >>> 16)) & mask;
            while (this.keys[slot] !== 0)
                slot = (slot + 1) & mask;
            this.keys[slot] = keys[s];
            this.counts[slot] = counts[s];
        }
    }
}
//# sourceMappingURL=mesh-tables.js.map