/**
 * The JavaScript side of the G-code core (src/wasm/gcode-core.ts): one WebAssembly instance per analysis
 * on a memory of its own, its shared state as a Float64Array (fields in core-layout.ts), and the events
 * the core raises. The core reads plain G0/G1 lines and writes what they move into a ring of planner
 * records; the analyser (gcode-analysis.ts) reads every other line and calls in here for what those lines
 * move. The records are planned on this thread (a PlannerSide on the same instance), or, for a big file,
 * by a second instance on a thread of its own (PlannerThread), so that reading and planning run on two
 * cores at once.
 */
import { compiledWasm, instantiateWasm } from '../wasm-module.js';
import {
  DEVIATION_MM, FEED_MMS, JUNCTION_KIND, LAST_LAYER_Z, MAX_ACCEL_MMS2, MAX_FEED_MMS, MAX_JERK_MMS,
  PENDING_LAYER, PRINT_ACCEL_MMS2, RECORD_END, RECORD_FIELDS, RECORD_FLUSH, RECORD_HEAT_TARGET, RECORD_HEAT_WAIT,
  RECORD_LIMIT, RECORD_STILL, RETRACT_ACCEL_MMS2, SPEED_FACTOR, STATE_FIELDS, TRAVEL_ACCEL_MMS2, UNIT_MM,
  WATCH_EXTRUDING_BOX, WATCH_MAX_COMMAND_BYTES, WATCH_TRAVEL_BOX,
} from './core-layout.js';
import { HEATERS, TYPICAL_HEAT_RATES, type HeaterName, type HeatRates } from './heat-model.js';
import type { MotionLimits } from './motion-model.js';
import { PlannerSide, type PlannerExports, type PlannerResult } from './planner-side.js';
import { PlannerThread } from './planner-thread.js';

export interface CoreEvents {
  /** A layer found from Z in a file without layer comments; returns its marker. */
  layerStarted?(line: number, byteOffset: number, zMm: number): number;
  /** The move just sent ends outside the watched box (its end point is `state[TO_X..TO_Z]`); not called once the core only counts them. */
  moveOutside?(line: number, extruding: boolean): void;
  /** The line's command is longer than the watched length. */
  lineTooLong?(line: number, commandBytes: number): void;
}

export interface CoreOptions {
  /** Moves the planner looks ahead over: 1–1,024 (MAX_LOOKAHEAD_BLOCKS), 64 by default. */
  lookaheadBlocks?: number;
  /** Plan on a thread of its own (worth its start-up time for files of several megabytes). */
  plannerThread?: boolean;
  heatRates?: HeatRates;
}

/** Min x y z, max x y z (mm). */
export type Box6 = readonly [number, number, number, number, number, number];

/** What the shell wants to hear about; everything inside it stays in the core. */
export interface CoreWatch {
  maxCommandBytes: number;
  extrudingBox: Box6;
  travelBox: Box6;
}

interface CoreExports extends PlannerExports {
  init(lookaheadBlocks: number, inputBytes: number, ringRecords: number): number;
  ringPtr(): number;
  statePtr(): number;
  run(from: number, length: number): number;
  readMoveTarget(present: number, x: number, y: number, z: number, e: number, f: number): void;
  segment(line: number): void;
  move(dx: number, dy: number, dz: number, de: number, feedMmS: number, marker: number): void;
  emit(a: number, b: number, tag: number): void;
  writtenCount(): number;
}

/**
 * Bytes of G-code the core reads per call: a chunk larger than this is fed in pieces. Small pieces
 * matter on the first chunk: V8 runs new WebAssembly code unoptimised and switches to the optimised
 * code only at the next call, so a 1 MiB first call would run unoptimised throughout.
 */
export const CORE_INPUT_BYTES = 1 << 16;
/** G-code is copied in up to this many bytes past the input's start, so that it keeps its source's alignment. */
export const INPUT_ALIGN_BYTES = 8;
/**
 * Records the ring holds. Planned on this thread, the ring is emptied whenever it fills and stays in
 * the cache. For a planner thread it holds what the reader writes while that thread starts (about
 * 40 ms, half a million moves at full speed), so the reader rarely waits: 24 MiB at 48 bytes a record.
 */
const LOCAL_RING_RECORDS = 1 << 12;
const THREAD_RING_RECORDS = 1 << 19;
/** Room for the module's own data (about 70 KiB) before the input and the ring. */
const STATIC_BYTES = 1 << 20;
const WASM_PAGE_BYTES = 1 << 16;
/** The module's declared memory (build:wasm's --initialMemory / --maximumMemory for gcode-core). */
const MODULE_MIN_PAGES = 2;
const MODULE_MAX_PAGES = 4096;
/** A watch box nothing leaves. */
export const EVERYWHERE: Box6 = [-Infinity, -Infinity, -Infinity, Infinity, Infinity, Infinity];

export class GcodeCore {
  readonly state: Float64Array;
  /** Where G-code is copied for `run`. */
  readonly input: Uint8Array;
  private readonly core: CoreExports;
  private readonly planner: Planner;
  /** The limits last sent to the planner, so that a change sends only the fields that changed. */
  private readonly sentLimits = new Float64Array(STATE_FIELDS).fill(NaN);
  private result: PlannerResult | null = null;

  constructor(events: CoreEvents = {}, options: CoreOptions = {}) {
    const ringRecords = options.plannerThread ? THREAD_RING_RECORDS : LOCAL_RING_RECORDS;
    const lookahead = options.lookaheadBlocks ?? 64;
    const heatRates = options.heatRates ?? TYPICAL_HEAT_RATES;
    const inputBytes = CORE_INPUT_BYTES + INPUT_ALIGN_BYTES;
    const bytes = STATIC_BYTES + inputBytes + ringRecords * RECORD_FIELDS * 8;
    const pages = Math.min(MODULE_MAX_PAGES, Math.ceil(bytes / WASM_PAGE_BYTES));
    // Shared, so that a planner thread can read the ring where the reader writes it.
    const memory = new WebAssembly.Memory({ initial: MODULE_MIN_PAGES, maximum: pages, shared: true });
    // Set below when this thread plans; a planner thread's instance has imports of its own.
    let side: PlannerSide | null = null;
    const instance = instantiateWasm('gcode-core', {
      env: {
        memory,
        layerStarted: (line: number, byteOffset: number, zMm: number) => events.layerStarted?.(line, byteOffset, zMm) ?? -1,
        moveOutside: (line: number, extruding: number) => events.moveOutside?.(line, extruding !== 0),
        lineTooLong: (line: number, commandBytes: number) => events.lineTooLong?.(line, commandBytes),
        markerCommitted: (marker: number, startSeconds: number) => side!.markerCommitted(marker, startSeconds),
        ringFull: (written: number) => this.planner.makeRoom(written >>> 0),
      },
    });
    this.core = instance.exports as unknown as CoreExports;
    const inputPtr = this.core.init(lookahead, inputBytes, ringRecords);
    // The memory grew in init and never grows again, so these views stay valid.
    this.state = new Float64Array(memory.buffer, this.core.statePtr(), STATE_FIELDS);
    this.input = new Uint8Array(memory.buffer, inputPtr, inputBytes);
    const ring = new Float64Array(memory.buffer, this.core.ringPtr(), ringRecords * RECORD_FIELDS);
    // Without a thread (none asked for, or none could be created) this thread plans too: slower, same
    // answer; a thread that could not be created leaves its large ring behind, unused beyond the start.
    this.planner = (options.plannerThread ? startPlannerThread(compiledWasm('gcode-core'), memory, this.core.ringPtr(), ringRecords, lookahead, heatRates) : null)
      ?? new LocalPlanner(side = new PlannerSide(this.core, ring, ringRecords, heatRates), ringRecords);
    const s = this.state;
    s[UNIT_MM] = 1;
    s[FEED_MMS] = 25;
    s[SPEED_FACTOR] = 1;
    s[PENDING_LAYER] = -1;
    s[LAST_LAYER_Z] = -Infinity;
    this.watch({ maxCommandBytes: Infinity, extrudingBox: EVERYWHERE, travelBox: EVERYWHERE });
  }

  watch(w: CoreWatch): void {
    this.state[WATCH_MAX_COMMAND_BYTES] = w.maxCommandBytes;
    this.state.set(w.extrudingBox, WATCH_EXTRUDING_BOX);
    this.state.set(w.travelBox, WATCH_TRAVEL_BOX);
  }

  /** The planner's limits from here on (M201/M203/M204/M205 in a file change them mid-way). */
  setLimits(limits: MotionLimits): void {
    this.setAxes(MAX_FEED_MMS, limits.maxFeedrateMmS);
    this.setAxes(MAX_ACCEL_MMS2, limits.maxAxisAccelMmS2);
    this.setLimit(PRINT_ACCEL_MMS2, limits.printAccelMmS2);
    this.setLimit(RETRACT_ACCEL_MMS2, limits.retractAccelMmS2);
    this.setLimit(TRAVEL_ACCEL_MMS2, limits.travelAccelMmS2);
    if (limits.junction.kind === 'jerk') {
      this.setLimit(JUNCTION_KIND, 0);
      this.setAxes(MAX_JERK_MMS, limits.junction.maxJerkMmS);
    } else {
      this.setLimit(JUNCTION_KIND, 1);
      this.setLimit(DEVIATION_MM, limits.junction.deviationMm);
    }
  }

  /** Reads plain moves from `input[from]` up to `input[length]` (just after a newline); returns where the first other line starts, or `length`. */
  run(from: number, length: number): number { return this.core.run(from, length); }

  /** Lets a planner thread see the records written so far. */
  publish(): void { this.planner.publish(this.core.writtenCount() >>> 0); }

  /** A move's words into the feedrate and the target TO_X..TO_DE. */
  readMoveTarget(present: number, x: number, y: number, z: number, e: number, f: number): void {
    this.core.readMoveTarget(present, x, y, z, e, f);
  }

  /** The move to the target in the state, for the planner. */
  segment(line: number): void { this.core.segment(line); }

  /** One straight move by dx, dy, dz for the planner (tests of the motion model). */
  addMove(dx: number, dy: number, dz: number, de: number, feedMmS: number, marker = -1): void {
    this.core.move(dx, dy, dz, de, feedMmS, marker);
  }

  /** Runs out the queue to a standstill. */
  flush(): void { this.core.emit(0, 0, RECORD_FLUSH); }

  /** A pause in which nothing moves (G4): the queue drains first. */
  addStillSeconds(seconds: number): void { this.core.emit(seconds, 0, RECORD_STILL); }

  /** M104/M140: the heater starts toward `targetC` at this point of the print. */
  heaterTarget(heater: HeaterName, targetC: number): void { this.core.emit(HEATERS.indexOf(heater), targetC, RECORD_HEAT_TARGET); }

  /** M109/M190: the print waits here until the heater reaches its target; `waitIndex` (or -1) gets its times in the result. */
  heaterWait(heater: HeaterName, waitIndex = -1): void { this.core.emit(HEATERS.indexOf(heater), waitIndex, RECORD_HEAT_WAIT); }

  /** Ends the file: the queue runs out and the planner's totals come back (from its thread, if it has one). */
  finish(): PlannerResult {
    if (this.result) return this.result;
    this.core.emit(0, 0, RECORD_END);
    this.result = this.planner.finish(this.core.writtenCount() >>> 0);
    return this.result;
  }

  /** Stops a planner thread of an analysis given up half-way. */
  dispose(): void { this.planner.stop(); }

  private setLimit(field: number, value: number): void {
    // Slicers repeat M204 at every feature; an unchanged field needs no record.
    if (this.sentLimits[field] === value) return;
    this.sentLimits[field] = value;
    this.core.emit(field, value, RECORD_LIMIT);
  }

  private setAxes(at: number, axes: { x: number; y: number; z: number; e: number }): void {
    this.setLimit(at, axes.x); this.setLimit(at + 1, axes.y); this.setLimit(at + 2, axes.z); this.setLimit(at + 3, axes.e);
  }

}

/** Who plans the records: this thread (LocalPlanner) or a thread of its own (PlannerThread). */
interface Planner {
  publish(written: number): void;
  /** The ring is full at `written`: returns the new write limit once there is room. */
  makeRoom(written: number): number;
  /** Plans everything up to `written`, which ends with the end record. */
  finish(written: number): PlannerResult;
  stop(): void;
}

/** Planning on the reading thread, whenever the ring fills and at the end. */
class LocalPlanner implements Planner {
  constructor(private readonly side: PlannerSide, private readonly ringRecords: number) {}

  publish(): void {}

  makeRoom(written: number): number {
    this.side.consume(written);
    return (written + this.ringRecords) >>> 0;
  }

  finish(written: number): PlannerResult {
    this.side.consume(written);
    return this.side.result();
  }

  stop(): void {}
}

function startPlannerThread(module: WebAssembly.Module, memory: WebAssembly.Memory, ringPtr: number, ringRecords: number,
  lookaheadBlocks: number, heatRates: HeatRates): PlannerThread | null {
  try {
    return new PlannerThread({ module, memory, ringPtr, ringRecords, lookaheadBlocks, heatRates });
  } catch {
    return null;
  }
}
