/**
 * One streaming pass over G-code: feed it chunks as they are read (`push`), then call `finish()`.
 * Memory stays bounded whatever the file size: one partial line, the planner's look-ahead window, the
 * layer table, and capped metadata. Pure: bytes in, an analysis out; reading the file is the caller's job.
 */
import { MetadataCollector, type SlicerMetadata } from './metadata.js';
import { MotionPlanner, type MotionLimits } from './motion-model.js';
import { HeatModel, TYPICAL_HEAT_RATES, type HeatRates, type HeaterName } from './heat-model.js';
import { createCommandWords, hasWord, Word, readCommandWords, readPlainMove, wordValue, type CommandWords } from './gcode-words.js';
import { RawCommand, type GcodeObserver } from './gcode-observer.js';

export interface Vec3Box { min: [number, number, number]; max: [number, number, number] }

export interface LayerStart {
  /** 0-based layer index in the order layers appear. */
  layer: number;
  zMm: number | null;
  /** Our estimate of the seconds elapsed when this layer starts: live progress and ETA read this. */
  startSeconds: number;
  line: number;
  byteOffset: number;
}

export interface GcodeEstimate {
  seconds: number;
  motionSeconds: number;
  dwellSeconds: number;
  heatingSeconds: number;
  filamentMm: number;
  filamentGrams: number;
  filamentVolumeMm3: number;
}

export interface GcodeAnalysis {
  kind: 'gcode';
  bytes: number;
  lines: number;
  layers: number;
  layerTable: LayerStart[];
  estimate: GcodeEstimate;
  /** Where plastic is laid down; null for a file that never extrudes. */
  extrusionBbox: Vec3Box | null;
  /** Everywhere the nozzle goes, travel included. */
  travelBbox: Vec3Box | null;
  temperatures: { hotendC: number[]; bedC: number[] };
  toolsUsed: number[];
  metadata: SlicerMetadata;
}

export interface GcodeAnalysisOptions {
  limits: MotionLimits;
  filamentDiameterMm: number;
  densityGPerCm3: number;
  heatRates?: HeatRates;
  observers?: GcodeObserver[];
  lookaheadBlocks?: number;
}

/** Arcs are cut into chords this long, as Marlin does (MM_PER_ARC_SEGMENT). */
const ARC_SEGMENT_MM = 1;
/** A line with no newline beyond this is not G-code; it is skipped rather than buffered. */
const MAX_CARRY_BYTES = 64 * 1024;
/** Distinct temperatures kept: a file that sets a new target on every line must not grow memory. */
const MAX_TEMPERATURES = 32;

const LAYER_COMMENT = /^(?:LAYER_CHANGE\b|LAYER:-?\d+|\s*layer \d+, Z = )/;
const Z_COMMENT = /^(?:Z:|\s*layer \d+, Z = )(-?[\d.]+)/;

/**
 * Min x y z then max x y z. Points come in arrays, not as arguments: a double passed to a call that
 * is not inlined is boxed, and this runs for every move.
 */
class BoxBuilder {
  private readonly box = Float64Array.of(Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity);
  add(point: Float64Array): void {
    const b = this.box;
    const x = point[0]; const y = point[1]; const z = point[2];
    if (x < b[0]) b[0] = x; if (x > b[3]) b[3] = x;
    if (y < b[1]) b[1] = y; if (y > b[4]) b[4] = y;
    if (z < b[2]) b[2] = z; if (z > b[5]) b[5] = z;
  }
  result(): Vec3Box | null {
    const b = this.box;
    return b[0] === Infinity ? null : { min: [b[0], b[1], b[2]], max: [b[3], b[4], b[5]] };
  }
}

export class GcodeAnalyser {
  private readonly words: CommandWords = createCommandWords();
  private readonly raw = new RawCommand();
  /** The move being queued: end point x, y, z (mm) and E delta. */
  private readonly to = new Float64Array(4);
  /** Where the move being queued starts (x, y, z). */
  private readonly from = new Float64Array(3);
  private readonly planner: MotionPlanner;
  private readonly heat: HeatModel;
  private readonly meta = new MetadataCollector();
  private readonly observers: GcodeObserver[];
  private readonly extrusionBox = new BoxBuilder();
  private readonly travelBox = new BoxBuilder();
  private readonly layerTable: LayerStart[] = [];
  private readonly hotendC: number[] = [];
  private readonly bedC: number[] = [];
  private readonly tools = new Set<number>();

  private carry: Buffer | null = null;
  private skippingLongLine = false;
  private lineNo = 0;
  private bytesSeen = 0;
  private lineOffset = 0;

  /** Machine position (mm); the logical position is `pos - offset` (G92 moves the offset, not the head). */
  private x = 0; private y = 0; private z = 0; private e = 0;
  private offX = 0; private offY = 0; private offZ = 0;
  private relativeXyz = false;
  private relativeE = false;
  private unitMm = 1;
  private feedMmS = 25;
  private speedFactor = 1;

  private extrudedMm = 0;
  private retractedMm = 0;
  private dwellSeconds = 0;
  private heatingSeconds = 0;
  private layerCommentsSeen = false;
  private pendingLayer = -1;
  private lastLayerZ = -Infinity;

  constructor(private readonly options: GcodeAnalysisOptions) {
    this.observers = options.observers ?? [];
    this.planner = new MotionPlanner({ ...options.limits }, options.lookaheadBlocks ?? 64, (layer, startSeconds) => {
      this.layerTable[layer].startSeconds = startSeconds;
    });
    this.heat = new HeatModel(options.heatRates ?? TYPICAL_HEAT_RATES);
  }

  push(chunk: Buffer): void {
    let start = 0;
    if (this.carry || this.skippingLongLine) {
      const nl = chunk.indexOf(10);
      if (nl < 0) { this.extendCarry(chunk); return; }
      this.extendCarry(chunk.subarray(0, nl));
      const line = this.carry;
      this.carry = null;
      if (this.skippingLongLine) this.overlongLine(); else if (line) this.handleLine(line, 0, line.length);
      this.skippingLongLine = false;
      start = nl + 1;
    }
    start = this.readLines(chunk, start);
    if (start < chunk.length) this.extendCarry(chunk.subarray(start));
  }

  /**
   * Reads the whole lines of `chunk` from `start` and returns where the unfinished tail begins. A method
   * of its own: inside `push`, the loop's on-stack-replaced code was thrown away at every chunk's end.
   */
  private readLines(chunk: Buffer, start: number): number {
    const lastNewline = chunk.lastIndexOf(10);
    const w = this.words;
    while (start <= lastNewline) {
      // Plain G0/G1 lines are read in one go, newline included; every other line takes the general reader.
      let nl = readPlainMove(chunk, start, w);
      if (nl >= 0) {
        this.handleCommand(chunk, start, this.beginLine(nl - start + 1));
      } else {
        nl = chunk.indexOf(10, start);
        this.handleLine(chunk, start, nl);
      }
      start = nl + 1;
    }
    return start;
  }

  finish(): GcodeAnalysis {
    if (this.carry || this.skippingLongLine) {
      const line = this.carry;
      this.carry = null;
      if (this.skippingLongLine) this.overlongLine(); else if (line && line.length > 0) this.handleLine(line, 0, line.length);
    }
    this.planner.flush();
    const seconds = this.planner.seconds;
    for (const layer of this.layerTable) if (layer.startSeconds < 0) layer.startSeconds = seconds;
    const d = this.options.filamentDiameterMm;
    const volumeMm3 = this.extrudedMm * Math.PI * (d / 2) ** 2;
    return {
      kind: 'gcode',
      bytes: this.bytesSeen,
      lines: this.lineNo,
      layers: this.layerTable.length,
      layerTable: this.layerTable,
      estimate: {
        seconds,
        motionSeconds: seconds - this.dwellSeconds - this.heatingSeconds,
        dwellSeconds: this.dwellSeconds,
        heatingSeconds: this.heatingSeconds,
        filamentMm: this.extrudedMm,
        filamentGrams: (volumeMm3 / 1000) * this.options.densityGPerCm3,
        filamentVolumeMm3: volumeMm3,
      },
      extrusionBbox: this.extrusionBox.result(),
      travelBbox: this.travelBox.result(),
      temperatures: { hotendC: this.hotendC, bedC: this.bedC },
      toolsUsed: [...this.tools].sort((a, b) => a - b),
      metadata: this.meta.metadata,
    };
  }

  private extendCarry(part: Buffer): void {
    if (this.skippingLongLine) { this.bytesSeen += part.length; return; }
    const old = this.carry;
    const size = (old ? old.length : 0) + part.length;
    if (size > MAX_CARRY_BYTES) {
      this.bytesSeen += size;
      this.carry = null;
      this.skippingLongLine = true;
      return;
    }
    const next = Buffer.allocUnsafe(size);
    if (old) next.set(old, 0);
    next.set(part, old ? old.length : 0);
    this.carry = next;
  }

  /** A "line" longer than any firmware accepts: report its length, never parse or keep it. */
  private overlongLine(): void {
    this.lineNo++;
    this.bytesSeen += 1;
    for (let k = 0; k < this.observers.length; k++) this.observers[k].onLine(this.lineNo, MAX_CARRY_BYTES);
  }

  /** Counts a line of `bytes` (newline included) and returns its number. */
  private beginLine(bytes: number): number {
    this.lineOffset = this.bytesSeen;
    this.bytesSeen += bytes;
    return ++this.lineNo;
  }

  private handleLine(buf: Buffer, start: number, end: number): void {
    const line = this.beginLine(end - start + 1);
    let i = start;
    while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
    if (i >= end || buf[i] === 13) { this.notifyLength(line, 0); return; }
    if (buf[i] === 59 /* ; */) {
      this.notifyLength(line, 0);
      this.handleComment(buf.toString('latin1', i + 1, end), line, this.lineOffset);
      return;
    }
    readCommandWords(buf, i, end, this.words);
    this.handleCommand(buf, i, line);
  }

  /** The line's command, already read into `words`, starts at `buf[i]`. */
  private handleCommand(buf: Buffer, i: number, line: number): void {
    const w = this.words;
    let cmdEnd = w.commandEnd;
    while (cmdEnd > i && (buf[cmdEnd - 1] === 32 || buf[cmdEnd - 1] === 9 || buf[cmdEnd - 1] === 13)) cmdEnd--;
    this.notifyLength(line, cmdEnd - i);
    if (this.observers.length > 0) {
      const raw = this.raw;
      raw.buf = buf; raw.start = i; raw.end = cmdEnd;
      for (let k = 0; k < this.observers.length; k++) this.observers[k].onCommand(line, w, raw);
    }
    if (w.letter === 'G') this.handleG(w, line);
    else if (w.letter === 'M') this.handleM(w);
    else if (w.letter === 'T' && w.code >= 0) this.tools.add(w.code);
  }

  private notifyLength(line: number, commandBytes: number): void {
    for (let k = 0; k < this.observers.length; k++) this.observers[k].onLine(line, commandBytes);
  }

  private handleComment(text: string, line: number, byteOffset: number): void {
    if (LAYER_COMMENT.test(text)) {
      this.layerCommentsSeen = true;
      this.startLayer(line, byteOffset, null);
    }
    const z = Z_COMMENT.exec(text);
    if (z && this.layerTable.length > 0) this.layerTable[this.layerTable.length - 1].zMm = Number(z[1]);
    this.meta.onComment(text, line);
  }

  private startLayer(line: number, byteOffset: number, zMm: number | null): void {
    this.pendingLayer = this.layerTable.length;
    this.layerTable.push({ layer: this.layerTable.length, zMm, startSeconds: -1, line, byteOffset });
  }

  private handleG(w: CommandWords, line: number): void {
    switch (w.code) {
      case 0: case 1: this.linearMove(w, line); break;
      case 2: case 3: this.arcMove(w, line, w.code === 2); break;
      case 4: {
        const s = hasWord(w, Word.P) ? w.values[Word.P] / 1000 : hasWord(w, Word.S) ? w.values[Word.S] : 0;
        if (s > 0) { this.planner.addStillSeconds(s); this.dwellSeconds += s; }
        break;
      }
      case 20: this.unitMm = 25.4; break;
      case 21: this.unitMm = 1; break;
      case 28: this.home(w, line); break;
      case 90: this.relativeXyz = false; this.relativeE = false; break;
      case 91: this.relativeXyz = true; this.relativeE = true; break;
      case 92: this.setPosition(w); break;
      default: break;
    }
  }

  private handleM(w: CommandWords): void {
    switch (w.code) {
      case 82: this.relativeE = false; break;
      case 83: this.relativeE = true; break;
      case 104: this.setTemperature(w, 'hotend', false); break;
      case 109: this.setTemperature(w, 'hotend', true); break;
      case 140: this.setTemperature(w, 'bed', false); break;
      case 190: this.setTemperature(w, 'bed', true); break;
      case 201: this.setAxisLimits(w, this.planner.limits.maxAxisAccelMmS2); break;
      case 203: this.setAxisLimits(w, this.planner.limits.maxFeedrateMmS); break;
      case 204: this.setAccelerations(w); break;
      case 205: this.setJerk(w); break;
      case 220: if (hasWord(w, Word.S) && w.values[Word.S] > 0) this.speedFactor = w.values[Word.S] / 100; break;
      case 400: this.planner.flush(); break;
      default: break;
    }
  }

  private setTemperature(w: CommandWords, heater: HeaterName, wait: boolean): void {
    const target = hasWord(w, Word.S) ? w.values[Word.S] : hasWord(w, Word.R) ? w.values[Word.R] : NaN;
    if (!Number.isFinite(target)) return;
    const list = heater === 'hotend' ? this.hotendC : this.bedC;
    if (target > 0 && !list.includes(target) && list.length < MAX_TEMPERATURES) list.push(target);
    const now = this.planner.seconds;
    this.heat.setTarget(heater, target, now);
    if (wait) {
      this.planner.flush();
      const waitS = this.heat.waitSeconds(heater, this.planner.seconds);
      this.planner.addStillSeconds(waitS);
      this.heatingSeconds += waitS;
    }
  }

  /** M201/M203/M205 in the file change the machine's limits from there on, as the firmware would. */
  private setAxisLimits(w: CommandWords, target: { x: number; y: number; z: number; e: number }): void {
    const x = wordValue(w, Word.X); const y = wordValue(w, Word.Y); const z = wordValue(w, Word.Z); const e = wordValue(w, Word.E);
    if (x > 0) target.x = x;
    if (y > 0) target.y = y;
    if (z > 0) target.z = z;
    if (e > 0) target.e = e;
  }

  private setAccelerations(w: CommandWords): void {
    const l = this.planner.limits;
    const s = wordValue(w, Word.S); const p = wordValue(w, Word.P); const r = wordValue(w, Word.R); const t = wordValue(w, Word.T);
    if (s > 0) { l.printAccelMmS2 = s; l.travelAccelMmS2 = s; }
    if (p > 0) l.printAccelMmS2 = p;
    if (r > 0) l.retractAccelMmS2 = r;
    if (t > 0) l.travelAccelMmS2 = t;
  }

  private setJerk(w: CommandWords): void {
    const l = this.planner.limits;
    if (hasWord(w, Word.J) && w.values[Word.J] > 0) { l.junction = { kind: 'deviation', deviationMm: w.values[Word.J] }; return; }
    if (l.junction.kind !== 'jerk') return;
    const jerk = { ...l.junction.maxJerkMmS };
    this.setAxisLimits(w, jerk);
    l.junction = { kind: 'jerk', maxJerkMmS: jerk };
  }

  /**
   * Homing is timed as a move to 0 at the current feedrate: the profile does not know the firmware's
   * homing speeds, and this is the convention slicers' estimators use, so the figures stay comparable.
   */
  private home(w: CommandWords, line: number): void {
    const all = !(hasWord(w, Word.X) || hasWord(w, Word.Y) || hasWord(w, Word.Z));
    const homeX = all || hasWord(w, Word.X); const homeY = all || hasWord(w, Word.Y); const homeZ = all || hasWord(w, Word.Z);
    if (homeX) this.offX = 0;
    if (homeY) this.offY = 0;
    if (homeZ) this.offZ = 0;
    const to = this.to;
    to[0] = homeX ? 0 : this.x; to[1] = homeY ? 0 : this.y; to[2] = homeZ ? 0 : this.z; to[3] = 0;
    this.segment(line);
    this.planner.flush();
  }

  private setPosition(w: CommandWords): void {
    if (!(hasWord(w, Word.X) || hasWord(w, Word.Y) || hasWord(w, Word.Z) || hasWord(w, Word.E))) {
      this.offX = this.x; this.offY = this.y; this.offZ = this.z; this.e = 0;
      return;
    }
    const u = this.unitMm;
    if (hasWord(w, Word.X) && Number.isFinite(w.values[Word.X])) this.offX = this.x - w.values[Word.X] * u;
    if (hasWord(w, Word.Y) && Number.isFinite(w.values[Word.Y])) this.offY = this.y - w.values[Word.Y] * u;
    if (hasWord(w, Word.Z) && Number.isFinite(w.values[Word.Z])) this.offZ = this.z - w.values[Word.Z] * u;
    if (hasWord(w, Word.E) && Number.isFinite(w.values[Word.E])) this.e = w.values[Word.E] * u;
  }

  private readFeed(w: CommandWords): void {
    if (hasWord(w, Word.F) && w.values[Word.F] > 0) this.feedMmS = (w.values[Word.F] * this.unitMm) / 60;
  }

  /**
   * Fills `to` with the move's end point (machine coordinates, honouring G90/G91, G20 and the G92 offset)
   * and its E delta. Numbers travel through this array, not as arguments: a double passed to a call that
   * is not inlined is boxed, and that was most of the garbage of a 50 MB file.
   */
  private readTarget(w: CommandWords): void {
    const to = this.to; const v = w.values; const u = this.unitMm; const rel = this.relativeXyz;
    to[0] = hasWord(w, Word.X) && Number.isFinite(v[Word.X]) ? (rel ? this.x + v[Word.X] * u : v[Word.X] * u + this.offX) : this.x;
    to[1] = hasWord(w, Word.Y) && Number.isFinite(v[Word.Y]) ? (rel ? this.y + v[Word.Y] * u : v[Word.Y] * u + this.offY) : this.y;
    to[2] = hasWord(w, Word.Z) && Number.isFinite(v[Word.Z]) ? (rel ? this.z + v[Word.Z] * u : v[Word.Z] * u + this.offZ) : this.z;
    to[3] = 0;
    if (hasWord(w, Word.E) && Number.isFinite(v[Word.E])) {
      const e = v[Word.E] * u;
      to[3] = this.relativeE ? e : e - this.e;
      this.e = this.relativeE ? this.e + e : e;
    }
  }

  private linearMove(w: CommandWords, line: number): void {
    this.readFeed(w);
    this.readTarget(w);
    this.segment(line);
  }

  private arcMove(w: CommandWords, line: number, clockwise: boolean): void {
    this.readFeed(w);
    const x0 = this.x; const y0 = this.y; const z0 = this.z;
    this.readTarget(w);
    const to = this.to;
    const x1 = to[0]; const y1 = to[1]; const z1 = to[2]; const de = to[3];
    const u = this.unitMm;
    let cx: number; let cy: number;
    if (hasWord(w, Word.I) || hasWord(w, Word.J)) {
      cx = x0 + (hasWord(w, Word.I) ? (w.values[Word.I] || 0) * u : 0);
      cy = y0 + (hasWord(w, Word.J) ? (w.values[Word.J] || 0) * u : 0);
    } else if (hasWord(w, Word.R) && Number.isFinite(w.values[Word.R])) {
      const r = w.values[Word.R] * u;
      const mx = (x0 + x1) / 2; const my = (y0 + y1) / 2;
      const dx = x1 - x0; const dy = y1 - y0;
      const chord = Math.hypot(dx, dy);
      if (chord === 0) { this.segment(line); return; }
      const h = Math.sqrt(Math.max(0, r * r - (chord / 2) ** 2));
      // Counter-clockwise arcs of less than half a turn (R > 0) have their centre left of the chord.
      const side = (clockwise ? -1 : 1) * (r < 0 ? -1 : 1);
      cx = mx - (dy / chord) * h * side;
      cy = my + (dx / chord) * h * side;
    } else {
      this.segment(line);
      return;
    }
    const radius = Math.hypot(x0 - cx, y0 - cy);
    const a0 = Math.atan2(y0 - cy, x0 - cx);
    let sweep = Math.atan2(y1 - cy, x1 - cx) - a0;
    if (clockwise) { if (sweep >= -1e-9) sweep -= 2 * Math.PI; } else if (sweep <= 1e-9) sweep += 2 * Math.PI;
    const length = Math.hypot(Math.abs(sweep) * radius, z1 - z0);
    const segments = Math.max(1, Math.min(100_000, Math.ceil(length / ARC_SEGMENT_MM)));
    for (let k = 1; k <= segments; k++) {
      const f = k / segments;
      const last = k === segments;
      to[0] = last ? x1 : cx + radius * Math.cos(a0 + sweep * f);
      to[1] = last ? y1 : cy + radius * Math.sin(a0 + sweep * f);
      to[2] = z0 + (z1 - z0) * f;
      to[3] = de / segments;
      this.segment(line);
    }
  }

  /** Queues the move to `to`: filament, layers, bounding boxes, the planner and the observers. */
  private segment(line: number): void {
    const to = this.to;
    const nx = to[0]; const ny = to[1]; const nz = to[2]; const de = to[3];
    const dx = nx - this.x; const dy = ny - this.y; const dz = nz - this.z;
    const movesXyz = dx !== 0 || dy !== 0 || dz !== 0;
    const extruding = de > 0 && movesXyz;
    if (de < 0) this.retractedMm -= de;
    else if (de > 0) {
      const recovered = Math.min(de, this.retractedMm);
      this.retractedMm -= recovered;
      this.extrudedMm += de - recovered;
    }
    if (extruding && !this.layerCommentsSeen && nz > this.lastLayerZ + 1e-6) {
      this.lastLayerZ = nz;
      this.startLayer(line, this.lineOffset, nz);
    }
    const move = this.planner.move;
    move[0] = dx; move[1] = dy; move[2] = dz; move[3] = de; move[4] = this.feedMmS * this.speedFactor;
    if (this.planner.queueMove(this.pendingLayer)) this.pendingLayer = -1;
    if (extruding) {
      const from = this.from;
      from[0] = this.x; from[1] = this.y; from[2] = this.z;
      this.extrusionBox.add(from);
      this.extrusionBox.add(to);
    }
    this.x = nx; this.y = ny; this.z = nz;
    if (movesXyz) {
      this.travelBox.add(to);
      for (let k = 0; k < this.observers.length; k++) this.observers[k].onMove(line, to, extruding);
    }
  }
}
