/** A small seeded PRNG (mulberry32) so that injected faults repeat exactly for the same seed. */
export class Prng {
    state;
    constructor(seed) {
        this.state = seed >>> 0;
    }
    /** Uniform in [0, 1). */
    next() {
        this.state = (this.state + 0x6d2b79f5) >>> 0;
        let t = this.state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }
    /** Integer in [0, n). */
    below(n) {
        return Math.floor(this.next() * n);
    }
    chance(p) {
        return p > 0 && this.next() < p;
    }
}
//# sourceMappingURL=prng.js.map