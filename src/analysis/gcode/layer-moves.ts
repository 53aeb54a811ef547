/**
 * The extrusion paths of one layer, for the layer preview. One pass over the file: every layer is
 * counted, but only the asked-for layer's points are kept, so memory is one layer however big the
 * file. It runs in the daemon (GET /api/jobs/:id/layers/:n) and in the browser (a patron's G-code
 * before upload), so it reads plain Uint8Array chunks and never a Node Buffer.
 *
 * A layer starts at the first extruding move above the previous layer's height; travel moves and
 * Z-hops alone never start one, so a print's layer numbers match what people see on the part.
 */
import { createCommandWords, readCommandWords, wordValue, Word } from './gcode-words.js';

export interface LayerMoves {
  /** 0-based, in print order. */
  layer: number;
  /** Layers in the whole file. */
  layerCount: number;
  zMm: number | null;
  /** Extruded paths: each polyline is flat [x0, y0, x1, y1, …] in mm. */
  polylines: number[][];
  /** The layer had more points than `maxPoints`; the rest were left out. */
  truncated: boolean;
}

const NEWLINE = 10;
/** A longer line is not G-code any printer takes; it is skipped, not kept. */
const MAX_LINE_BYTES = 4096;
const Z_EPSILON_MM = 1e-4;

export class LayerMoveCollector {
  private readonly words = createCommandWords();
  private carry = new Uint8Array(MAX_LINE_BYTES);
  private carryLength = 0;
  private carryOverflow = false;

  private x = 0; private y = 0; private z = 0; private e = 0;
  private relativeXyz = false;
  private relativeE = false;

  private layer = -1;
  private layerZ = -Infinity;
  private targetZ: number | null = null;
  private readonly polylines: number[][] = [];
  private current: number[] | null = null;
  private points = 0;
  private truncated = false;

  constructor(private readonly targetLayer: number, private readonly maxPoints = 200_000) {}

  push(chunk: Uint8Array): void {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] !== NEWLINE) continue;
      if (this.carryLength > 0 || this.carryOverflow) {
        this.appendCarry(chunk, start, i);
        if (!this.carryOverflow) this.line(this.carry, 0, this.carryLength);
        this.carryLength = 0;
        this.carryOverflow = false;
      } else {
        this.line(chunk, start, i);
      }
      start = i + 1;
    }
    this.appendCarry(chunk, start, chunk.length);
  }

  finish(): LayerMoves {
    if (this.carryLength > 0 && !this.carryOverflow) this.line(this.carry, 0, this.carryLength);
    this.carryLength = 0;
    return {
      layer: this.targetLayer,
      layerCount: this.layer + 1,
      zMm: this.targetZ,
      polylines: this.polylines,
      truncated: this.truncated,
    };
  }

  private appendCarry(buf: Uint8Array, start: number, end: number): void {
    if (end <= start || this.carryOverflow) return;
    if (this.carryLength + end - start > MAX_LINE_BYTES) { this.carryOverflow = true; return; }
    this.carry.set(buf.subarray(start, end), this.carryLength);
    this.carryLength += end - start;
  }

  private line(buf: Uint8Array, start: number, end: number): void {
    const w = this.words;
    readCommandWords(buf, start, end, w);
    if (w.letter === 'M') {
      if (w.code === 82) this.relativeE = false;
      else if (w.code === 83) this.relativeE = true;
      return;
    }
    if (w.letter !== 'G') return;
    switch (w.code) {
      case 0: case 1: this.move(); return;
      case 90: this.relativeXyz = false; this.relativeE = false; return;
      case 91: this.relativeXyz = true; this.relativeE = true; return;
      case 92: { const e = wordValue(w, Word.E); if (!Number.isNaN(e)) this.e = e; return; }
      case 28: this.x = 0; this.y = 0; this.z = 0; this.endPath(); return;
      default:
    }
  }

  private move(): void {
    const w = this.words;
    const next = (value: number, was: number, relative: boolean) => (Number.isNaN(value) ? was : relative ? was + value : value);
    const x = next(wordValue(w, Word.X), this.x, this.relativeXyz);
    const y = next(wordValue(w, Word.Y), this.y, this.relativeXyz);
    const z = next(wordValue(w, Word.Z), this.z, this.relativeXyz);
    const e = next(wordValue(w, Word.E), this.e, this.relativeE);
    const extruding = e > this.e && (x !== this.x || y !== this.y);
    if (extruding && z > this.layerZ + Z_EPSILON_MM) {
      this.endPath();
      this.layer++;
      this.layerZ = z;
      if (this.layer === this.targetLayer) this.targetZ = z;
    }
    if (extruding && this.layer === this.targetLayer) this.extrude(x, y);
    else this.endPath();
    this.x = x; this.y = y; this.z = z; this.e = e;
  }

  private extrude(x: number, y: number): void {
    if (this.points + (this.current ? 1 : 2) > this.maxPoints) { this.truncated = true; return; }
    if (!this.current) {
      this.current = [this.x, this.y];
      this.polylines.push(this.current);
      this.points++;
    }
    this.current.push(x, y);
    this.points++;
  }

  private endPath(): void {
    this.current = null;
  }
}
