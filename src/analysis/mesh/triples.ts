/** A typed array with room to grow, for the formats that must keep vertices or indices (OBJ, 3MF). */
export class Triples<T extends Float64Array | Uint32Array> {
  length = 0;

  constructor(public data: T) {}

  push(a: number, b: number, c: number): void {
    if (this.length + 3 > this.data.length) this.data = grow(this.data, this.data.length * 2);
    this.data[this.length++] = a;
    this.data[this.length++] = b;
    this.data[this.length++] = c;
  }
}

export function grow<T extends Float64Array | Uint32Array | Int32Array>(array: T, length: number): T {
  const next = new (array.constructor as new (n: number) => T)(length);
  next.set(array);
  return next;
}
