/** A typed array with room to grow, for the formats that must keep vertices or indices (OBJ, 3MF). */
export class Triples {
    data;
    length = 0;
    constructor(data) {
        this.data = data;
    }
    push(a, b, c) {
        if (this.length + 3 > this.data.length)
            this.data = grow(this.data, this.data.length * 2);
        this.data[this.length++] = a;
        this.data[this.length++] = b;
        this.data[this.length++] = c;
    }
}
export function grow(array, length) {
    const next = new array.constructor(length);
    next.set(array);
    return next;
}
//# sourceMappingURL=triples.js.map