/**
 * The JavaScript side of the G-code core (src/wasm/gcode-core.ts): one WebAssembly instance per analysis,
 * its shared state as a Float64Array (fields in core-layout.ts), and the events the core raises. The
 * core reads plain G0/G1 lines and plans every move; the analyser (gcode-analysis.ts) reads every other
 * line and calls in here for what those lines move.
 */
import { instantiateWasm } from '../wasm-module.js';
import {
  DEVIATION_MM, EXTRUSION_BOX, JUNCTION_KIND, MAX_ACCEL_MMS2, MAX_FEED_MMS, MAX_JERK_MMS, PENDING_LAYER,
  PRINT_ACCEL_MMS2, RETRACT_ACCEL_MMS2, SECONDS, SPEED_FACTOR, TRAVEL_ACCEL_MMS2, TRAVEL_BOX, UNIT_MM,
  FEED_MMS, LAST_LAYER_Z, WATCH_EXTRUDING_BOX, WATCH_MAX_COMMAND_BYTES, WATCH_TRAVEL_BOX, STATE_FIELDS,
} from './core-layout.js';
import type { AxisSet, MotionLimits } from './motion-model.js';

export interface CoreEvents {
  /** A layer found from Z in a file without layer comments; returns its index. */
  layerStarted?(line: number, byteOffset: number, zMm: number): number;
  /** A block carrying `marker` was committed: it starts `startSeconds` into the print. */
  markerCommitted?(marker: number, startSeconds: number): void;
  /** The move just queued ends outside the watched box (its end point is `state[TO_X..TO_Z]`). */
  moveOutside?(line: number, extruding: boolean): void;
  /** The line's command is longer than the watched length. */
  lineTooLong?(line: number, commandBytes: number): void;
}

/** Min x y z, max x y z (mm). */
export type Box6 = readonly [number, number, number, number, number, number];

/** What the shell wants to hear about; everything inside it stays in the core. */
export interface CoreWatch {
  maxCommandBytes: number;
  extrudingBox: Box6;
  travelBox: Box6;
}

interface CoreExports {
  init(lookaheadBlocks: number, inputBytes: number): number;
  statePtr(): number;
  run(from: number, length: number): number;
  readMoveTarget(present: number, x: number, y: number, z: number, e: number, f: number): void;
  segment(line: number): void;
  queueMove(dx: number, dy: number, dz: number, de: number, feedMmS: number, marker: number): number;
  flush(): void;
  addStillSeconds(seconds: number): void;
  memory: WebAssembly.Memory;
}

/**
 * Bytes of G-code the core reads per call: a chunk larger than this is fed in pieces. Small pieces
 * matter on the first chunk: V8 runs new WebAssembly code unoptimised and switches to the optimised
 * code only at the next call, so a 1 MiB first call would run unoptimised throughout.
 */
export const CORE_INPUT_BYTES = 1 << 16;
/** A watch box nothing leaves. */
export const EVERYWHERE: Box6 = [-Infinity, -Infinity, -Infinity, Infinity, Infinity, Infinity];
const EMPTY: Box6 = [Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity];

export class GcodeCore {
  readonly state: Float64Array;
  /** Where G-code is copied for `run`. */
  readonly input: Uint8Array;
  private readonly core: CoreExports;

  constructor(events: CoreEvents = {}, lookaheadBlocks = 64) {
    const instance = instantiateWasm('gcode-core', {
      env: {
        layerStarted: (line: number, byteOffset: number, zMm: number) => events.layerStarted?.(line, byteOffset, zMm) ?? -1,
        markerCommitted: (marker: number, startSeconds: number) => events.markerCommitted?.(marker, startSeconds),
        moveOutside: (line: number, extruding: number) => events.moveOutside?.(line, extruding !== 0),
        lineTooLong: (line: number, commandBytes: number) => events.lineTooLong?.(line, commandBytes),
      },
    });
    this.core = instance.exports as unknown as CoreExports;
    const inputPtr = this.core.init(lookaheadBlocks, CORE_INPUT_BYTES);
    // The memory grew in init and never grows again, so these views stay valid.
    this.state = new Float64Array(this.core.memory.buffer, this.core.statePtr(), STATE_FIELDS);
    this.input = new Uint8Array(this.core.memory.buffer, inputPtr, CORE_INPUT_BYTES);
    const s = this.state;
    s[UNIT_MM] = 1;
    s[FEED_MMS] = 25;
    s[SPEED_FACTOR] = 1;
    s[PENDING_LAYER] = -1;
    s[LAST_LAYER_Z] = -Infinity;
    s.set(EMPTY, EXTRUSION_BOX);
    s.set(EMPTY, TRAVEL_BOX);
    this.watch({ maxCommandBytes: Infinity, extrudingBox: EVERYWHERE, travelBox: EVERYWHERE });
  }

  watch(w: CoreWatch): void {
    this.state[WATCH_MAX_COMMAND_BYTES] = w.maxCommandBytes;
    this.state.set(w.extrudingBox, WATCH_EXTRUDING_BOX);
    this.state.set(w.travelBox, WATCH_TRAVEL_BOX);
  }

  /** The planner's limits from here on (M201/M203/M204/M205 in a file change them mid-way). */
  setLimits(limits: MotionLimits): void {
    const s = this.state;
    setAxes(s, MAX_FEED_MMS, limits.maxFeedrateMmS);
    setAxes(s, MAX_ACCEL_MMS2, limits.maxAxisAccelMmS2);
    s[PRINT_ACCEL_MMS2] = limits.printAccelMmS2;
    s[RETRACT_ACCEL_MMS2] = limits.retractAccelMmS2;
    s[TRAVEL_ACCEL_MMS2] = limits.travelAccelMmS2;
    if (limits.junction.kind === 'jerk') {
      s[JUNCTION_KIND] = 0;
      setAxes(s, MAX_JERK_MMS, limits.junction.maxJerkMmS);
    } else {
      s[JUNCTION_KIND] = 1;
      s[DEVIATION_MM] = limits.junction.deviationMm;
    }
  }

  /** Reads plain moves from `input[from]` up to `input[length]` (just after a newline); returns where the first other line starts, or `length`. */
  run(from: number, length: number): number { return this.core.run(from, length); }

  /** A move's words into the feedrate and the target TO_X..TO_DE. */
  readMoveTarget(present: number, x: number, y: number, z: number, e: number, f: number): void {
    this.core.readMoveTarget(present, x, y, z, e, f);
  }

  /** Queues the move to the target in the state. */
  segment(line: number): void { this.core.segment(line); }

  /** Queues one straight move; false when it moves nothing (and so carries no marker). */
  addMove(dx: number, dy: number, dz: number, de: number, feedMmS: number, marker = -1): boolean {
    return this.core.queueMove(dx, dy, dz, de, feedMmS, marker) !== 0;
  }

  /** Runs out the queue to a standstill. */
  flush(): void { this.core.flush(); }

  /** A pause in which nothing moves (G4, heater waits): the queue drains first. */
  addStillSeconds(seconds: number): void { this.core.addStillSeconds(seconds); }

  /** Seconds of everything committed so far (call `flush()` first for the total). */
  get seconds(): number { return this.state[SECONDS]; }
}

function setAxes(s: Float64Array, at: number, axes: AxisSet): void {
  s[at] = axes.x; s[at + 1] = axes.y; s[at + 2] = axes.z; s[at + 3] = axes.e;
}
