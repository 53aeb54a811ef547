/**
 * One streaming pass over G-code: feed it chunks as they are read (`push`), then call `finish()`.
 * Memory stays bounded whatever the file size: one partial line, the planner's look-ahead window, the
 * layer table, and capped metadata. Pure: bytes in, an analysis out; reading the file is the caller's job.
 */
import { MetadataCollector, type SlicerMetadata } from './metadata.js';
import type { MotionLimits } from './motion-model.js';
import type { HeatRates, HeaterName } from './heat-model.js';
import { createCommandWords, hasWord, Word, readCommandWords, wordValue, type CommandWords } from './gcode-words.js';
import { RawCommand, combinedWatch, type GcodeObserver } from './gcode-observer.js';
import { CORE_INPUT_BYTES, GcodeCore, INPUT_ALIGN_BYTES } from './gcode-core.js';
import { UTF8_BOM } from '../../printer/protocol/gcode-line.js';
import {
  BYTES_SEEN, FAST_LINES, LAYER_COMMENTS_SEEN, LINE_NO, LINE_OFFSET, OFFSET_X, OFFSET_Y, OFFSET_Z, OUTSIDE_COUNT_ONLY,
  OUTSIDE_MOVES_COUNTED, PENDING_LAYER, POS_E, POS_X, POS_Y, POS_Z, RELATIVE_E, RELATIVE_XYZ, SKIP_FEATURE_COMMENTS,
  SPEED_FACTOR, TO_DE, TO_X, TO_Y, TO_Z, UNIT_MM, WATCH_MAX_COMMAND_BYTES,
} from './core-layout.js';

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

/** A heater wait (M109/M190): live progress holds still over it instead of spreading it over the bytes around. */
export interface HeatWait {
  line: number;
  byteOffset: number;
  heater: HeaterName;
  /** Our estimate of the seconds elapsed when the wait starts, and how long it lasts. */
  startSeconds: number;
  seconds: number;
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
  /** The first MAX_HEAT_WAITS heater waits, in file order. */
  heatWaits: HeatWait[];
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
  /** Moves the planner looks ahead over: 1–1,024 (MAX_LOOKAHEAD_BLOCKS in core-layout.ts), 64 by default. */
  lookaheadBlocks?: number;
  /** Plan on a second thread while this one reads (see plannerThreadFor). */
  plannerThread?: boolean;
  /** How G90/G91 and M82/M83 decide whether E is relative on this firmware (extruderModesOf); Marlin 2's by default. */
  extruderModes?: ExtruderModes;
}

/**
 * Below this size a planner thread would cost more to start (about 40 ms) than it saves: the reading
 * thread plans a megabyte of G-code in a few milliseconds.
 */
export const PLANNER_THREAD_MIN_BYTES = 8 * 1024 * 1024;

/**
 * Whether E is relative, by firmware:
 *   `g90_sets_e`  Marlin 2, Smoothieware: G90/G91 set E with the other axes; M82/M83 set E alone.
 *   `g91_or_m83`  Prusa (Marlin 1), Klipper, Repetier: E is relative while G91 or M83 is in force.
 *   `m83_only`    RepRapFirmware: only M82/M83 touch E.
 */
export type ExtruderModes = 'g90_sets_e' | 'g91_or_m83' | 'm83_only';

export function extruderModesOf(firmware: string): ExtruderModes {
  if (firmware === 'prusa' || firmware === 'klipper' || firmware === 'repetier') return 'g91_or_m83';
  if (firmware === 'reprapfirmware') return 'm83_only';
  return 'g90_sets_e';
}

/** Whether a file of `sizeBytes` is worth planning on a second thread. */
export function plannerThreadFor(sizeBytes: number): boolean {
  return sizeBytes >= PLANNER_THREAD_MIN_BYTES;
}

/** Arcs are cut into chords this long, as Marlin does (MM_PER_ARC_SEGMENT). */
const ARC_SEGMENT_MM = 1;
/** A line with no newline beyond this is not G-code; it is skipped rather than buffered. */
const MAX_CARRY_BYTES = 64 * 1024;
/** Distinct temperatures kept: a file that sets a new target on every line must not grow memory. */
const MAX_TEMPERATURES = 32;
/** Heater waits listed for live progress; a file that waits on every line is still timed, not listed. */
export const MAX_HEAT_WAITS = 1024;

/**
 * Layer-change comments: PrusaSlicer and OrcaSlicer `;LAYER_CHANGE`, Cura `;LAYER:n`, Simplify3D
 * `; layer n, Z = z`, Bambu Studio (and Orca in places) `; CHANGE_LAYER`. The captured group names the
 * style: a file follows the first style it uses, so one that writes two per layer counts each layer once.
 */
const LAYER_COMMENT = /^(?:(LAYER_CHANGE)\b|(LAYER):-?\d+|\s*(layer) \d+, Z = |\s*(CHANGE_LAYER)\b)/;
const Z_COMMENT = /^(?:Z:|\s*Z_HEIGHT:\s*|\s*layer \d+, Z = )(-?[\d.]+)/;

export class GcodeAnalyser {
  private readonly words: CommandWords = createCommandWords();
  private readonly raw = new RawCommand();
  /** Position, modes and the reading half live in the core, `s` its shared state; filament, boxes and time come from the planner. */
  private readonly core: GcodeCore;
  private readonly s: Float64Array;
  /** The end point of the move just queued (a view of the state, made once). */
  private readonly target: Float64Array;
  /** The limits the core plans with, kept here so M201/M203/M204/M205 can change one field. */
  private readonly limits: MotionLimits;
  private readonly meta = new MetadataCollector();
  private readonly observers: GcodeObserver[];
  private readonly layerTable: LayerStart[] = [];
  private readonly heatWaits: HeatWait[] = [];
  /** The planner marker of each layer in the table; markers are never reused, so a dropped layer's cannot come back. */
  private readonly layerMarkers: number[] = [];
  private nextMarker = 0;
  /** Which layer comment the file uses (see LAYER_COMMENT); null until the first one. */
  private layerStyle: string | null = null;
  /** M83 in force (M82 clears it; under `g90_sets_e`, G90/G91 set it too). */
  private relativeExtrusion = false;
  private readonly hotendC: number[] = [];
  private readonly bedC: number[] = [];
  private readonly tools = new Set<number>();

  private carry: Buffer | null = null;
  private skippingLongLine = false;
  private dwellSeconds = 0;

  constructor(private readonly options: GcodeAnalysisOptions) {
    this.observers = options.observers ?? [];
    this.core = new GcodeCore({
      layerStarted: (line, byteOffset, zMm) => this.startLayer(line, byteOffset, zMm),
      moveOutside: (line, extruding) => this.moveOutside(line, extruding),
      lineTooLong: (line, commandBytes) => this.lineTooLong(line, commandBytes),
    }, { lookaheadBlocks: options.lookaheadBlocks, plannerThread: options.plannerThread, heatRates: options.heatRates });
    this.s = this.core.state;
    this.target = this.s.subarray(TO_X, TO_Z + 1);
    this.limits = structuredClone(options.limits);
    this.core.setLimits(this.limits);
    this.core.watch(combinedWatch(this.observers));
    // Feature comments (;TYPE: and the like) mean nothing to the metadata reader outside a thumbnail.
    this.s[SKIP_FEATURE_COMMENTS] = 1;
  }

  /** Lines the core read on its own (plain G0/G1 moves, feature comments); the others took the general reader here. */
  get fastLines(): number { return this.s[FAST_LINES]; }

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
   * Reads the whole lines of `chunk` from `start` and returns where the unfinished tail begins. The core
   * reads them in pieces of up to CORE_INPUT_BYTES ending at a newline and hands back each line that is
   * not a plain move, which the general reader here handles before the core goes on.
   */
  private readLines(chunk: Buffer, start: number): number {
    const lastNewline = chunk.lastIndexOf(10);
    while (start <= lastNewline) {
      let end = lastNewline + 1;
      if (end - start > CORE_INPUT_BYTES) end = chunk.lastIndexOf(10, start + CORE_INPUT_BYTES - 1) + 1;
      if (end <= start) {
        // One line longer than the core's input: only the general reader takes it.
        const nl = chunk.indexOf(10, start);
        this.handleLine(chunk, start, nl);
        start = nl + 1;
        continue;
      }
      // The core's memory is shared (a planner thread reads it), and V8 copies into shared memory a byte
      // at a time unless source and target agree modulo 8: the piece goes in at the chunk's alignment.
      const shift = (chunk.byteOffset + start) & (INPUT_ALIGN_BYTES - 1);
      const length = shift + end - start;
      const base = start - shift;
      this.core.input.set(chunk.subarray(start, end), shift);
      for (let done = this.core.run(shift, length); done < length; done = this.core.run(done, length)) {
        const nl = chunk.indexOf(10, base + done);
        this.handleLine(chunk, base + done, nl);
        done = nl + 1 - base;
      }
      start = end;
      this.core.publish();
    }
    return start;
  }

  /** Ends an analysis given up before `finish` (its planner thread, if any, stops). */
  dispose(): void { this.core.dispose(); }

  finish(): GcodeAnalysis {
    if (this.carry || this.skippingLongLine) {
      const line = this.carry;
      this.carry = null;
      const last = this.skippingLongLine || (line !== null && line.length > 0);
      if (this.skippingLongLine) this.overlongLine(); else if (line && line.length > 0) this.handleLine(line, 0, line.length);
      // The file's last line has no newline, which its count included: `bytes` is the file's size.
      if (last) this.s[BYTES_SEEN] -= 1;
    }
    const planned = this.core.finish();
    if (this.s[OUTSIDE_MOVES_COUNTED] > 0) {
      this.observers[0].onMovesOutsideCounted(this.s[OUTSIDE_MOVES_COUNTED]);
      this.s[OUTSIDE_MOVES_COUNTED] = 0;
    }
    const seconds = planned.seconds;
    const heatingSeconds = planned.heatingSeconds;
    // A layer with no move after its start begins when the print ends.
    this.layerTable.forEach((layer, i) => { layer.startSeconds = planned.markerSeconds[this.layerMarkers[i]] ?? seconds; });
    this.heatWaits.forEach((wait, i) => { wait.startSeconds = planned.waitStartSeconds[i]; wait.seconds = planned.waitSeconds[i]; });
    const d = this.options.filamentDiameterMm;
    const extrudedMm = planned.extrudedMm;
    const volumeMm3 = extrudedMm * Math.PI * (d / 2) ** 2;
    return {
      kind: 'gcode',
      bytes: this.s[BYTES_SEEN],
      lines: this.s[LINE_NO],
      layers: this.layerTable.length,
      layerTable: this.layerTable,
      heatWaits: this.heatWaits,
      estimate: {
        seconds,
        motionSeconds: seconds - this.dwellSeconds - heatingSeconds,
        dwellSeconds: this.dwellSeconds,
        heatingSeconds,
        filamentMm: extrudedMm,
        filamentGrams: (volumeMm3 / 1000) * this.options.densityGPerCm3,
        filamentVolumeMm3: volumeMm3,
      },
      extrusionBbox: planned.extrusionBox,
      travelBbox: planned.travelBox,
      temperatures: { hotendC: this.hotendC, bedC: this.bedC },
      toolsUsed: [...this.tools].sort((a, b) => a - b),
      metadata: this.meta.metadata,
    };
  }

  private extendCarry(part: Buffer): void {
    if (this.skippingLongLine) { this.s[BYTES_SEEN] += part.length; return; }
    const old = this.carry;
    const size = (old ? old.length : 0) + part.length;
    if (size > MAX_CARRY_BYTES) {
      this.s[BYTES_SEEN] += size;
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
    const line = ++this.s[LINE_NO];
    this.s[BYTES_SEEN] += 1;
    this.lineTooLong(line, MAX_CARRY_BYTES);
  }

  /** Counts a line of `bytes` (newline included) and returns its number. */
  private beginLine(bytes: number): number {
    const s = this.s;
    s[LINE_OFFSET] = s[BYTES_SEEN];
    s[BYTES_SEEN] += bytes;
    return ++s[LINE_NO];
  }

  private handleLine(buf: Buffer, start: number, end: number): void {
    const line = this.beginLine(end - start + 1);
    let i = start;
    // A byte-order mark (never a plain move, so the core leaves the first line here) is no part of the command.
    if (line === 1 && buf.toString('latin1', i, Math.min(end, i + UTF8_BOM.length)) === UTF8_BOM) i += UTF8_BOM.length;
    while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
    if (i >= end || buf[i] === 13) return;
    if (buf[i] === 59 /* ; */) {
      this.handleComment(buf.toString('latin1', i + 1, end), line, this.s[LINE_OFFSET]);
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
    if (cmdEnd - i > this.s[WATCH_MAX_COMMAND_BYTES]) this.lineTooLong(line, cmdEnd - i);
    if (this.observers.length > 0) {
      const raw = this.raw;
      raw.buf = buf; raw.start = i; raw.end = cmdEnd;
      for (let k = 0; k < this.observers.length; k++) this.observers[k].onCommand(line, w, raw);
    }
    if (w.letter === 'G') this.handleG(w, line);
    else if (w.letter === 'M') this.handleM(w, line);
    else if (w.letter === 'T' && w.code >= 0) this.tools.add(w.code);
  }

  private lineTooLong(line: number, commandBytes: number): void {
    for (let k = 0; k < this.observers.length; k++) this.observers[k].onLongLine(line, commandBytes);
  }

  private moveOutside(line: number, extruding: boolean): void {
    let more = false;
    for (let k = 0; k < this.observers.length; k++) if (this.observers[k].onMoveOutside(line, this.target, extruding)) more = true;
    // The core's box is the narrowest of the observers' boxes: exactly one observer's box only when there is one.
    if (!more && this.observers.length === 1) this.s[OUTSIDE_COUNT_ONLY] = 1;
  }

  private handleComment(text: string, line: number, byteOffset: number): void {
    const layer = LAYER_COMMENT.exec(text);
    const style = layer ? layer[1] ?? layer[2] ?? layer[3] ?? layer[4] : null;
    if (style !== null && (this.layerStyle === null || style === this.layerStyle)) {
      if (this.layerStyle === null) {
        // Layers found from Z before the slicer's first layer comment were its start G-code (a purge
        // line at Z 0.3, say): the slicer's layers are the ones it names.
        this.layerTable.length = 0;
        this.layerMarkers.length = 0;
        this.s[LAYER_COMMENTS_SEEN] = 1;
        this.layerStyle = style;
      }
      this.startLayer(line, byteOffset, null);
    }
    const z = Z_COMMENT.exec(text);
    if (z && this.layerTable.length > 0) this.layerTable[this.layerTable.length - 1].zMm = Number(z[1]);
    this.meta.onComment(text, line);
    this.s[SKIP_FEATURE_COMMENTS] = this.meta.readingThumbnail ? 0 : 1;
  }

  /** Opens a layer at `line`; the next move carries its marker, whose start time comes back from the planner. Returns the marker. */
  private startLayer(line: number, byteOffset: number, zMm: number | null): number {
    const marker = this.nextMarker++;
    this.s[PENDING_LAYER] = marker;
    this.layerTable.push({ layer: this.layerTable.length, zMm, startSeconds: -1, line, byteOffset });
    this.layerMarkers.push(marker);
    return marker;
  }

  private handleG(w: CommandWords, line: number): void {
    switch (w.code) {
      case 0: case 1: this.linearMove(w, line); break;
      case 2: case 3: this.arcMove(w, line, w.code === 2); break;
      case 4: {
        const s = hasWord(w, Word.P) ? w.values[Word.P] / 1000 : hasWord(w, Word.S) ? w.values[Word.S] : 0;
        if (s > 0) { this.core.addStillSeconds(s); this.dwellSeconds += s; }
        break;
      }
      case 20: this.s[UNIT_MM] = 25.4; break;
      case 21: this.s[UNIT_MM] = 1; break;
      case 28: this.home(w, line); break;
      case 90: this.setPositioning(false); break;
      case 91: this.setPositioning(true); break;
      case 92: this.setPosition(w); break;
      default: break;
    }
  }

  private handleM(w: CommandWords, line: number): void {
    switch (w.code) {
      case 82: this.setExtrusion(false); break;
      case 83: this.setExtrusion(true); break;
      case 104: this.setTemperature(w, 'hotend', false, line); break;
      case 109: this.setTemperature(w, 'hotend', true, line); break;
      case 140: this.setTemperature(w, 'bed', false, line); break;
      case 190: this.setTemperature(w, 'bed', true, line); break;
      case 201: this.setAxisLimits(w, this.limits.maxAxisAccelMmS2); break;
      case 203: this.setAxisLimits(w, this.limits.maxFeedrateMmS); break;
      case 204: this.setAccelerations(w); break;
      case 205: this.setJerk(w); break;
      case 220: if (hasWord(w, Word.S) && w.values[Word.S] > 0) this.s[SPEED_FACTOR] = w.values[Word.S] / 100; break;
      case 400: this.core.flush(); break;
      default: break;
    }
  }

  /** G90/G91; under `g90_sets_e` they set the extruder's mode too. */
  private setPositioning(relative: boolean): void {
    this.s[RELATIVE_XYZ] = relative ? 1 : 0;
    if ((this.options.extruderModes ?? 'g90_sets_e') === 'g90_sets_e') this.relativeExtrusion = relative;
    this.applyExtruderMode();
  }

  /** M82/M83. */
  private setExtrusion(relative: boolean): void {
    this.relativeExtrusion = relative;
    this.applyExtruderMode();
  }

  private applyExtruderMode(): void {
    const g91Counts = this.options.extruderModes === 'g91_or_m83' && this.s[RELATIVE_XYZ] === 1;
    this.s[RELATIVE_E] = this.relativeExtrusion || g91Counts ? 1 : 0;
  }

  private setTemperature(w: CommandWords, heater: HeaterName, wait: boolean, line: number): void {
    const target = hasWord(w, Word.S) ? w.values[Word.S] : hasWord(w, Word.R) ? w.values[Word.R] : NaN;
    if (!Number.isFinite(target)) return;
    const list = heater === 'hotend' ? this.hotendC : this.bedC;
    if (target > 0 && !list.includes(target) && list.length < MAX_TEMPERATURES) list.push(target);
    this.core.heaterTarget(heater, target);
    if (!wait) return;
    if (this.heatWaits.length >= MAX_HEAT_WAITS) { this.core.heaterWait(heater); return; }
    this.core.heaterWait(heater, this.heatWaits.length);
    this.heatWaits.push({ line, byteOffset: this.s[LINE_OFFSET], heater, startSeconds: 0, seconds: 0 });
  }

  /** M201/M203/M205 in the file change the machine's limits from there on, as the firmware would. */
  private setAxisLimits(w: CommandWords, target: { x: number; y: number; z: number; e: number }): void {
    const x = wordValue(w, Word.X); const y = wordValue(w, Word.Y); const z = wordValue(w, Word.Z); const e = wordValue(w, Word.E);
    if (x > 0) target.x = x;
    if (y > 0) target.y = y;
    if (z > 0) target.z = z;
    if (e > 0) target.e = e;
    this.core.setLimits(this.limits);
  }

  private setAccelerations(w: CommandWords): void {
    const l = this.limits;
    const s = wordValue(w, Word.S); const p = wordValue(w, Word.P); const r = wordValue(w, Word.R); const t = wordValue(w, Word.T);
    if (s > 0) { l.printAccelMmS2 = s; l.travelAccelMmS2 = s; }
    if (p > 0) l.printAccelMmS2 = p;
    if (r > 0) l.retractAccelMmS2 = r;
    if (t > 0) l.travelAccelMmS2 = t;
    this.core.setLimits(l);
  }

  private setJerk(w: CommandWords): void {
    const l = this.limits;
    if (hasWord(w, Word.J) && w.values[Word.J] > 0) { l.junction = { kind: 'deviation', deviationMm: w.values[Word.J] }; this.core.setLimits(l); return; }
    if (l.junction.kind !== 'jerk') return;
    const jerk = { ...l.junction.maxJerkMmS };
    l.junction = { kind: 'jerk', maxJerkMmS: jerk };
    this.setAxisLimits(w, jerk);
  }

  /**
   * Homing is timed as a move to 0 at the current feedrate: the profile does not know the firmware's
   * homing speeds, and this is the convention slicers' estimators use, so the figures stay comparable.
   */
  private home(w: CommandWords, line: number): void {
    const all = !(hasWord(w, Word.X) || hasWord(w, Word.Y) || hasWord(w, Word.Z));
    const homeX = all || hasWord(w, Word.X); const homeY = all || hasWord(w, Word.Y); const homeZ = all || hasWord(w, Word.Z);
    const s = this.s;
    if (homeX) s[OFFSET_X] = 0;
    if (homeY) s[OFFSET_Y] = 0;
    if (homeZ) s[OFFSET_Z] = 0;
    s[TO_X] = homeX ? 0 : s[POS_X]; s[TO_Y] = homeY ? 0 : s[POS_Y]; s[TO_Z] = homeZ ? 0 : s[POS_Z]; s[TO_DE] = 0;
    this.core.segment(line);
    this.core.flush();
  }

  private setPosition(w: CommandWords): void {
    const s = this.s;
    if (!(hasWord(w, Word.X) || hasWord(w, Word.Y) || hasWord(w, Word.Z) || hasWord(w, Word.E))) {
      s[OFFSET_X] = s[POS_X]; s[OFFSET_Y] = s[POS_Y]; s[OFFSET_Z] = s[POS_Z]; s[POS_E] = 0;
      return;
    }
    const u = s[UNIT_MM];
    if (hasWord(w, Word.X) && Number.isFinite(w.values[Word.X])) s[OFFSET_X] = s[POS_X] - w.values[Word.X] * u;
    if (hasWord(w, Word.Y) && Number.isFinite(w.values[Word.Y])) s[OFFSET_Y] = s[POS_Y] - w.values[Word.Y] * u;
    if (hasWord(w, Word.Z) && Number.isFinite(w.values[Word.Z])) s[OFFSET_Z] = s[POS_Z] - w.values[Word.Z] * u;
    if (hasWord(w, Word.E) && Number.isFinite(w.values[Word.E])) s[POS_E] = w.values[Word.E] * u;
  }

  /** The move's feedrate and end point into the core's state (see `readMoveTarget` there). */
  private readTarget(w: CommandWords): void {
    const v = w.values;
    this.core.readMoveTarget(w.present, v[Word.X], v[Word.Y], v[Word.Z], v[Word.E], v[Word.F]);
  }

  private linearMove(w: CommandWords, line: number): void {
    this.readTarget(w);
    this.core.segment(line);
  }

  private arcMove(w: CommandWords, line: number, clockwise: boolean): void {
    const s = this.s;
    const x0 = s[POS_X]; const y0 = s[POS_Y]; const z0 = s[POS_Z];
    this.readTarget(w);
    const x1 = s[TO_X]; const y1 = s[TO_Y]; const z1 = s[TO_Z]; const de = s[TO_DE];
    const u = s[UNIT_MM];
    let cx: number; let cy: number;
    if (hasWord(w, Word.I) || hasWord(w, Word.J)) {
      cx = x0 + (hasWord(w, Word.I) ? (w.values[Word.I] || 0) * u : 0);
      cy = y0 + (hasWord(w, Word.J) ? (w.values[Word.J] || 0) * u : 0);
    } else if (hasWord(w, Word.R) && Number.isFinite(w.values[Word.R])) {
      const r = w.values[Word.R] * u;
      const mx = (x0 + x1) / 2; const my = (y0 + y1) / 2;
      const dx = x1 - x0; const dy = y1 - y0;
      const chord = Math.hypot(dx, dy);
      if (chord === 0) { this.core.segment(line); return; }
      const h = Math.sqrt(Math.max(0, r * r - (chord / 2) ** 2));
      // Counter-clockwise arcs of less than half a turn (R > 0) have their centre left of the chord.
      const side = (clockwise ? -1 : 1) * (r < 0 ? -1 : 1);
      cx = mx - (dy / chord) * h * side;
      cy = my + (dx / chord) * h * side;
    } else {
      this.core.segment(line);
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
      s[TO_X] = last ? x1 : cx + radius * Math.cos(a0 + sweep * f);
      s[TO_Y] = last ? y1 : cy + radius * Math.sin(a0 + sweep * f);
      s[TO_Z] = z0 + (z1 - z0) * f;
      s[TO_DE] = de / segments;
      this.core.segment(line);
    }
  }
}
