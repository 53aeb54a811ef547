/**
 * The G-code analyser's inner loop, compiled to WebAssembly (AssemblyScript; the shell that drives it is
 * src/analysis/gcode/gcode-core.ts). Nearly every line of a sliced file is a plain G0/G1 move: this reads
 * such a line, counts it, tracks the position and writes the move for the planner, all without leaving
 * the module. Any other line is handed back to the shell, whose general reader handles it and calls back
 * in here (`readMoveTarget`, `segment`, `emit`, ...) for what it moves.
 *
 * The reader does not plan: it writes each move, and everything else the planner must hear of (flushes,
 * still time, limits, heaters), as a record into a ring. `plan` reads records and runs the look-ahead
 * planner. One instance may do both in turn, or a second instance of this module on the same shared
 * memory plans on another thread while the first reads on (planner-thread.ts). Each half keeps to its
 * own data (the reader: STATE and the input; the planner: BLOCKS, LIMITS, TALLIES and its globals), so
 * they meet only in the ring and an estimate is the same either way. Formulas match the shell's general
 * reader operation for operation (IEEE doubles, no fused or reordered arithmetic), so a line gives the same
 * answer whichever path reads it; test/unit/gcode/fast-lane-equivalence.test.ts holds them to that.
 */
import {
  BYTES_SEEN, DEVIATION_MM, FAST_LINES, FEED_MMS, JUNCTION_KIND, LAST_LAYER_Z, LAYER_COMMENTS_SEEN, LINE_NO, LINE_OFFSET,
  MAX_ACCEL_MMS2, MAX_FEED_MMS, MAX_JERK_MMS, MAX_LOOKAHEAD_BLOCKS, OFFSET_X, OFFSET_Y, OFFSET_Z, OUTSIDE_COUNT_ONLY,
  OUTSIDE_MOVES_COUNTED, PENDING_LAYER, POS_E, POS_X, POS_Y, POS_Z, PRINT_ACCEL_MMS2, RECORD_FIELDS, RECORD_FLUSH,
  RECORD_LIMIT, RECORD_STILL, RECORD_TAG, RELATIVE_E, RELATIVE_XYZ, RETRACT_ACCEL_MMS2, SKIP_FEATURE_COMMENTS, SPEED_FACTOR, STATE_FIELDS, TALLY_EXTRUDED_MM, TALLY_EXTRUSION_BOX,
  TALLY_FIELDS, TALLY_RETRACTED_MM, TALLY_TRAVEL_BOX, TO_DE, TO_X, TO_Y, TO_Z, TRAVEL_ACCEL_MMS2, UNIT_MM,
  WATCH_EXTRUDING_BOX, WATCH_MAX_COMMAND_BYTES, WATCH_TRAVEL_BOX,
} from '../analysis/gcode/core-layout';

/** A slicer layer detected from Z (files without layer comments); returns the new layer's marker. */
@external('env', 'layerStarted') declare function layerStarted(line: f64, byteOffset: f64, zMm: f64): f64;
/** A block carrying a marker was committed; it starts `startSeconds` into the print. */
@external('env', 'markerCommitted') declare function markerCommitted(marker: f64, startSeconds: f64): void;
/** The move to TO_X..TO_Z ends outside the watched box. */
@external('env', 'moveOutside') declare function moveOutside(line: f64, extruding: i32): void;
/** The line's command is longer than WATCH_MAX_COMMAND_BYTES. */
@external('env', 'lineTooLong') declare function lineTooLong(line: f64, commandBytes: i32): void;
/** The ring is full with `written` records: the shell makes room and returns how many may be written before it is full again. */
@external('env', 'ringFull') declare function ringFull(written: u32): u32;

/**
 * Static data stays all zero at the start (`--zeroFilledMemory` then leaves it out of the module): a
 * planning instance created on the shared memory while the reader runs rewrites only the constants.
 */
const STATE: usize = memory.data(STATE_FIELDS * 8, 16);

@inline function get(field: i32): f64 { return load<f64>(STATE + (<usize>field << 3)); }
@inline function put(field: i32, value: f64): void { store<f64>(STATE + (<usize>field << 3), value); }

// ---------------------------------------------------------------- reading a plain move

const NEWLINE: u32 = 10;
const SEMICOLON: u32 = 59;
/** Fraction digits kept: beyond 15 the integer would no longer be exact in a double. */
const MAX_FRACTION_DIGITS = 15;
const POW10: usize = memory.data<f64>([1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]);

/** Letter indices (letter - 'A'), as in the general reader's `present` bits. */
const WORD_E = 4;
const WORD_F = 5;
const WORD_X = 23;
const WORD_Y = 24;
const WORD_Z = 25;
const PLAIN_MOVE_WORDS: u32 = (1 << WORD_X) | (1 << WORD_Y) | (1 << WORD_Z) | (1 << WORD_E) | (1 << WORD_F);

@inline function isBlank(c: u32): bool { return c == 32 || c == 13 || c == 9; }
@inline function endsWord(c: u32): bool { return c == 32 || c == NEWLINE || c == SEMICOLON || c == 13 || c == 9; }

let input: usize = 0;
/**
 * Math.min and Math.max without f64.min's signed-zero handling, which V8 compiles to a branchy sequence
 * on the planner's hottest path (both zeros plan the same). A NaN still wins, as in Math.min: a move
 * made of infinite coordinates has a NaN length, and the JavaScript planner let it poison the estimate.
 */
@inline function lesser(a: f64, b: f64): f64 { return b < a || b != b ? b : a; }
@inline function greater(a: f64, b: f64): f64 { return b > a || b != b ? b : a; }

/**
 * Makes room for `inputBytes` of G-code and a ring of `ringRecords` (a power of two) planner records,
 * and sets the planner's look-ahead. Returns where the shell copies G-code. Called once, by the
 * instance that reads; a planning instance on the same memory calls `initPlanner` with the same values.
 */
export function init(lookaheadBlocks: i32, inputBytes: i32, ringRecords: u32): usize {
  input = (__heap_base + 15) & ~(<usize>15);
  const ring = (input + <usize>inputBytes + 63) & ~(<usize>63);
  const pagesNeeded = <i32>((ring + <usize>ringRecords * RECORD_BYTES + 0xffff) >> 16);
  if (pagesNeeded > memory.size()) memory.grow(pagesNeeded - memory.size());
  initPlanner(lookaheadBlocks, ring, ringRecords);
  writeLimit = ringRecords;
  return input;
}

/** Where the ring of planner records starts (for `initPlanner` in another instance). */
export function ringPtr(): usize { return records; }

export function statePtr(): usize { return STATE; }

/**
 * Reads whole lines from `input + from` up to `input + length` (which ends just after a newline). Returns
 * the offset of the first line that is not a plain move, for the shell to read, or `length`.
 */
export function run(from: i32, length: i32): i32 {
  const end = input + <usize>length;
  let start = input + <usize>from;
  while (start < end) {
    let newline = plainMove(start);
    if (newline == 0) newline = featureComment(start);
    if (newline == 0) return <i32>(start - input);
    start = newline + 1;
  }
  return length;
}

/** Counts a line the core read itself, from `start` to its `newline`; returns its number. */
@inline function countLine(start: usize, newline: usize): f64 {
  const line = get(LINE_NO) + 1;
  put(LINE_NO, line);
  const offset = get(BYTES_SEEN);
  put(LINE_OFFSET, offset);
  put(BYTES_SEEN, offset + <f64>(newline - start + 1));
  put(FAST_LINES, get(FAST_LINES) + 1);
  return line;
}

/** Whether the bytes at `at` are the ASCII text `word` (which holds no newline, so the read stays in the line). */
@inline function startsWith(at: usize, word: string): bool {
  for (let k = 0; k < word.length; k++) if (<u32>load<u8>(at + <usize>k) != <u32>word.charCodeAt(k)) return false;
  return true;
}

/**
 * `;TYPE:`, `;WIDTH:` or `;HEIGHT:` at the line start: slicers write one per feature (a sixth of a
 * PrusaSlicer file's lines) and the shell has no use for them outside a thumbnail, whose base64 lines
 * it must see. Counts the line and returns its newline's address, or 0 for the shell's turn.
 */
@inline function featureComment(start: usize): usize {
  if (<u32>load<u8>(start) != SEMICOLON || get(SKIP_FEATURE_COMMENTS) == 0) return 0;
  const text = start + 1;
  if (!startsWith(text, 'TYPE:') && !startsWith(text, 'WIDTH:') && !startsWith(text, 'HEIGHT:')) return 0;
  let newline = text;
  while (<u32>load<u8>(newline) != NEWLINE) newline++;
  countLine(start, newline);
  return newline;
}

/** The first `count` digits at `start` as an integer (the caller knows there are that many). */
function integerOf(start: usize, count: i32): u64 {
  let n: u64 = 0;
  for (let k = 0; k < count; k++) n = n * 10 + <u64>(<u32>load<u8>(start + <usize>k) - 48);
  return n;
}

/** An integer part of more than 15 digits: the first 15 summed exactly, the rest in doubles, as the general reader does. */
function longInteger(start: usize, end: usize): f64 {
  let value = <f64>integerOf(start, MAX_FRACTION_DIGITS);
  for (let p = start + <usize>MAX_FRACTION_DIGITS; p < end; p++) value = value * 10 + <f64>(<u32>load<u8>(p) - 48);
  return value;
}

/**
 * `G0`/`G1` at `start`, then only X Y Z E F words with plain decimals (no exponent, no '+'), blanks
 * between them, maybe a comment: exactly the lines the general reader reads the same way. Handles the
 * line and returns its newline's address, or 0 (the shell's turn) for any other line. A newline always
 * follows, so no loop here needs a length check.
 */
@inline function plainMove(start: usize): usize {
  if (<u32>load<u8>(start) != 71 /* G */) return 0;
  const code = <u32>load<u8>(start + 1) - 48;
  if ((code != 0 && code != 1) || !endsWord(<u32>load<u8>(start + 2))) return 0;
  let present: u32 = 0;
  let x: f64 = 0; let y: f64 = 0; let z: f64 = 0; let e: f64 = 0; let f: f64 = 0;
  let i = start + 2;
  let c: u32;
  for (;;) {
    c = <u32>load<u8>(i);
    if (isBlank(c)) { i++; continue; }
    if (c == NEWLINE || c == SEMICOLON) break;
    const index = c - 65;
    if (index > 25 || ((PLAIN_MOVE_WORDS >>> index) & 1) == 0) return 0;
    c = <u32>load<u8>(++i);
    const negative = c == 45;
    if (negative) i++;
    // Digits are summed as integers, exact below 10^15 as the general reader's doubles are, so the
    // value is the same. The loops check the count only once done: longer numbers (rare) are read again.
    const integerStart = i;
    let whole: u64 = 0;
    let d = <u32>load<u8>(i) - 48;
    while (d <= 9) { whole = whole * 10 + <u64>d; d = <u32>load<u8>(++i) - 48; }
    let digits = <i32>(i - integerStart);
    let value = digits <= MAX_FRACTION_DIGITS ? <f64>whole : longInteger(integerStart, i);
    if (<u32>load<u8>(i) == 46) {
      const fractionStart = ++i;
      let fraction: u64 = 0;
      d = <u32>load<u8>(i) - 48;
      while (d <= 9) { fraction = fraction * 10 + <u64>d; d = <u32>load<u8>(++i) - 48; }
      const fractionDigits = <i32>(i - fractionStart);
      value += fractionDigits <= MAX_FRACTION_DIGITS
        ? <f64>fraction / load<f64>(POW10 + (<usize>fractionDigits << 3))
        : <f64>integerOf(fractionStart, MAX_FRACTION_DIGITS) / load<f64>(POW10 + (<usize>MAX_FRACTION_DIGITS << 3));
      digits += fractionDigits;
    }
    if (digits == 0 || !endsWord(<u32>load<u8>(i))) return 0;
    if (negative) value = -value;
    if (index == WORD_X) x = value;
    else if (index == WORD_Y) y = value;
    else if (index == WORD_Z) z = value;
    else if (index == WORD_E) e = value;
    else f = value;
    present |= 1 << index;
  }
  let commandEnd = i;
  let newline = i;
  if (c == SEMICOLON) while (<u32>load<u8>(newline) != NEWLINE) newline++;

  const line = countLine(start, newline);
  while (commandEnd > start && isBlank(<u32>load<u8>(commandEnd - 1))) commandEnd--;
  const commandBytes = <i32>(commandEnd - start);
  if (<f64>commandBytes > get(WATCH_MAX_COMMAND_BYTES)) lineTooLong(line, commandBytes);
  moveTarget(present, x, y, z, e, f);
  moveTo(line);
  return newline;
}

// ---------------------------------------------------------------- moves

/**
 * A move's words (`present` bits by letter index) into the feedrate and TO_X..TO_DE: machine
 * coordinates, honouring G90/G91, G20 and the G92 offset, and the E delta.
 */
export function readMoveTarget(present: u32, x: f64, y: f64, z: f64, e: f64, f: f64): void { moveTarget(present, x, y, z, e, f); }

// Inlined into the plain-move reader, which calls it for nearly every line; the export is for the shell.
@inline function moveTarget(present: u32, x: f64, y: f64, z: f64, e: f64, f: f64): void {
  const u = get(UNIT_MM);
  if (((present >>> WORD_F) & 1) != 0 && f > 0) put(FEED_MMS, (f * u) / 60);
  const relative = get(RELATIVE_XYZ) != 0;
  put(TO_X, ((present >>> WORD_X) & 1) != 0 && isFinite(x) ? (relative ? get(POS_X) + x * u : x * u + get(OFFSET_X)) : get(POS_X));
  put(TO_Y, ((present >>> WORD_Y) & 1) != 0 && isFinite(y) ? (relative ? get(POS_Y) + y * u : y * u + get(OFFSET_Y)) : get(POS_Y));
  put(TO_Z, ((present >>> WORD_Z) & 1) != 0 && isFinite(z) ? (relative ? get(POS_Z) + z * u : z * u + get(OFFSET_Z)) : get(POS_Z));
  put(TO_DE, 0);
  if (((present >>> WORD_E) & 1) != 0 && isFinite(e)) {
    const eMm = e * u;
    const relativeE = get(RELATIVE_E) != 0;
    put(TO_DE, relativeE ? eMm : eMm - get(POS_E));
    put(POS_E, relativeE ? get(POS_E) + eMm : eMm);
  }
}

@inline function addToBox(box: i32, x: f64, y: f64, z: f64): void {
  if (x < tally(box)) setTally(box, x); if (x > tally(box + 3)) setTally(box + 3, x);
  if (y < tally(box + 1)) setTally(box + 1, y); if (y > tally(box + 4)) setTally(box + 4, y);
  if (z < tally(box + 2)) setTally(box + 2, z); if (z > tally(box + 5)) setTally(box + 5, z);
}

@inline function outsideBox(box: i32, x: f64, y: f64, z: f64): bool {
  return x < get(box) || y < get(box + 1) || z < get(box + 2) || x > get(box + 3) || y > get(box + 4) || z > get(box + 5);
}

/**
 * Sends the move to TO_X..TO_DE to the planner and moves there; finds layers from Z (files without layer
 * comments) and tells the shell of a move that leaves the watched box. Filament and boxes are added up
 * by the planning side (`planMove`), which may run on another thread.
 */
export function segment(line: f64): void { moveTo(line); }

@inline function moveTo(line: f64): void {
  const nx = get(TO_X); const ny = get(TO_Y); const nz = get(TO_Z); const de = get(TO_DE);
  // Differences, as planMove takes them: at an infinite coordinate Inf - Inf is NaN, a move, where Inf != Inf is not.
  const dx = nx - get(POS_X); const dy = ny - get(POS_Y); const dz = nz - get(POS_Z);
  const movesXyz = dx != 0 || dy != 0 || dz != 0;
  const extruding = de > 0 && movesXyz;
  if (extruding && get(LAYER_COMMENTS_SEEN) == 0 && nz > get(LAST_LAYER_Z) + 1e-6) {
    put(LAST_LAYER_Z, nz);
    put(PENDING_LAYER, layerStarted(line, get(LINE_OFFSET), nz));
  }
  writeMove(nx, ny, nz, de, get(FEED_MMS) * get(SPEED_FACTOR), get(PENDING_LAYER));
  put(PENDING_LAYER, -1);
  put(POS_X, nx); put(POS_Y, ny); put(POS_Z, nz);
  if (movesXyz && outsideBox(extruding ? WATCH_EXTRUDING_BOX : WATCH_TRAVEL_BOX, nx, ny, nz)) {
    // A file far outside the printer has a move outside on nearly every line: past the shell's list, count them here.
    if (get(OUTSIDE_COUNT_ONLY) != 0) put(OUTSIDE_MOVES_COUNTED, get(OUTSIDE_MOVES_COUNTED) + 1);
    else moveOutside(line, extruding ? 1 : 0);
  }
}

// ---------------------------------------------------------------- the record ring

const RECORD_BYTES: usize = RECORD_FIELDS * 8;

let records: usize = 0;
let ringMask: u32 = 0;
/** Records written since the start, and how many the ring may hold written before the shell makes room. */
let written: u32 = 0;
let writeLimit: u32 = 0;

@inline function recordAt(index: u32): usize { return records + <usize>(index & ringMask) * RECORD_BYTES; }

/** Where the next record goes, once the ring has room for it. */
@inline function nextRecord(): usize {
  if (written == writeLimit) writeLimit = ringFull(written);
  return recordAt(written++);
}

/** Appends a record of the shell's kinds (moves go through `writeMove`). */
export function emit(a: f64, b: f64, tag: f64): void {
  const p = nextRecord();
  store<f64>(p, a);
  store<f64>(p, b, 8);
  store<f64>(p, tag, RECORD_TAG * 8);
}

/** Records written so far: the shell publishes this to a planning thread. */
export function writtenCount(): u32 { return written; }

@inline function writeMove(x: f64, y: f64, z: f64, de: f64, feedMmS: f64, marker: f64): void {
  const p = nextRecord();
  store<f64>(p, x);
  store<f64>(p, y, 8);
  store<f64>(p, z, 16);
  store<f64>(p, de, 24);
  store<f64>(p, feedMmS, 32);
  store<f64>(p, marker, RECORD_TAG * 8);
}

/**
 * A straight move by dx, dy, dz from the shell (tests of the planner). It is sent as its end point, so
 * the planner's dx is (x + dx) - x, which may differ from dx in the last bits.
 */
export function move(dx: f64, dy: f64, dz: f64, de: f64, feedMmS: f64, marker: f64): void {
  const x = get(POS_X) + dx; const y = get(POS_Y) + dy; const z = get(POS_Z) + dz;
  writeMove(x, y, z, de, feedMmS, marker);
  put(POS_X, x); put(POS_Y, y); put(POS_Z, z);
}

/**
 * Plans records `from` up to `to` (counts since the start, wrapping at 2^32). Stops at a record only the
 * shell can act on (heaters, the end) and returns its index, or returns `to`.
 */
export function plan(from: u32, to: u32): u32 {
  for (let i = from; i != to; i++) {
    const p = recordAt(i);
    const tag = load<f64>(p, RECORD_TAG * 8);
    if (tag >= -1) planMove(load<f64>(p), load<f64>(p, 8), load<f64>(p, 16), load<f64>(p, 24), load<f64>(p, 32), tag);
    else if (tag == RECORD_FLUSH) flush();
    else if (tag == RECORD_STILL) addStillSeconds(load<f64>(p));
    else if (tag == RECORD_LIMIT) store<f64>(LIMITS + (<usize>load<f64>(p) << 3), load<f64>(p, 8));
    else return i;
  }
  return to;
}

// ---------------------------------------------------------------- the planning side's tallies

const TALLIES: usize = memory.data(TALLY_FIELDS * 8, 16);
@inline function tally(field: i32): f64 { return load<f64>(TALLIES + (<usize>field << 3)); }
@inline function setTally(field: i32, value: f64): void { store<f64>(TALLIES + (<usize>field << 3), value); }

/** Where the planned position was before the move being planned: the reader's, one record behind. */
let plannedX: f64 = 0; let plannedY: f64 = 0; let plannedZ: f64 = 0;
/** The layer marker of a move that moved nothing, for the next move that does. */
let heldMarker: f64 = -1;

/** Where the tallies are (TALLY_* fields), for the shell to read once planning is done. */
export function talliesPtr(): usize { return TALLIES; }

/**
 * One move record: adds up filament and boxes, then queues it, unless it moves nothing (no axis beyond
 * a nanometre, or no feedrate), which would plan to no time: its marker then waits for the next move.
 */
function planMove(x: f64, y: f64, z: f64, de: f64, feedMmS: f64, marker: f64): void {
  const px = plannedX; const py = plannedY; const pz = plannedZ;
  const dx = x - px; const dy = y - py; const dz = z - pz;
  const movesXyz = dx != 0 || dy != 0 || dz != 0;
  const extruding = de > 0 && movesXyz;
  if (de < 0) setTally(TALLY_RETRACTED_MM, tally(TALLY_RETRACTED_MM) - de);
  else if (de > 0) {
    const retracted = tally(TALLY_RETRACTED_MM);
    const recovered = min(de, retracted);
    setTally(TALLY_RETRACTED_MM, retracted - recovered);
    setTally(TALLY_EXTRUDED_MM, tally(TALLY_EXTRUDED_MM) + (de - recovered));
  }
  if (extruding) {
    addToBox(TALLY_EXTRUSION_BOX, px, py, pz);
    addToBox(TALLY_EXTRUSION_BOX, x, y, z);
  }
  if (movesXyz) addToBox(TALLY_TRAVEL_BOX, x, y, z);
  plannedX = x; plannedY = y; plannedZ = z;
  if (marker < 0) marker = heldMarker;
  if (!(feedMmS > 0) || (dx * dx + dy * dy + dz * dz < MIN_XYZ2 && Math.abs(de) < MIN_LENGTH_MM)) {
    heldMarker = marker;
    return;
  }
  heldMarker = -1;
  queueMove(dx, dy, dz, de, feedMmS, marker);
}

// ---------------------------------------------------------------- the look-ahead planner

/*
 * Speeds are planned as their squares, as the firmware does: the fastest entry from which a block can
 * still brake to its exit is then exit² + 2·a·length, an addition, so the backward pass (which may walk
 * many blocks for every new one) takes no square root; one root per committed block gives its exit speed.
 */

/** Eight numbers per block: one 64-byte cache line. */
const BLOCK_FIELDS = 8;
const LENGTH_MM = 0;
const CRUISE_MMS = 1;
/** 2·a·length: the change of speed² the block's acceleration allows over its length. */
const SPEED2_GAIN = 2;
const ACCEL_MMS2 = 3;
/** Fastest speed² into this block: the junction with the previous one, never above its own cruise. */
const MAX_ENTRY2 = 4;
/** Entry speed² from the backward pass (what the blocks after this one allow). */
const ENTRY2 = 5;
/** Speed² from which this block can stop (or start) instantly. */
const SAFE2 = 6;
const MARKER = 7;
const PREVIOUS_CRUISE_THRESHOLD_MMS: f64 = 1e-4;

const BLOCKS: usize = memory.data((MAX_LOOKAHEAD_BLOCKS + 1) * BLOCK_FIELDS * 8, 64);
/** The planner's own copy of the motion limits (fields as in the shared state), set by limit records. */
const LIMITS: usize = memory.data(STATE_FIELDS * 8, 16);
/** A move shorter than a nanometre on every axis (and in E) is no move. */
const MIN_LENGTH_MM: f64 = 1e-9;
const MIN_XYZ2: f64 = MIN_LENGTH_MM * MIN_LENGTH_MM;

@inline function block(slot: i32, field: i32): f64 { return load<f64>(BLOCKS + ((<usize>(slot * BLOCK_FIELDS + field)) << 3)); }
@inline function setBlock(slot: i32, field: i32, value: f64): void { store<f64>(BLOCKS + ((<usize>(slot * BLOCK_FIELDS + field)) << 3), value); }
@inline function limit(field: i32): f64 { return load<f64>(LIMITS + (<usize>field << 3)); }

let lookahead = 64;
let slots = 65;
/** Slot of the oldest queued block. */
let head = 0;
let count = 0;
/** Seconds of all committed blocks and still time. */
let plannedSeconds: f64 = 0;
/** Speed (and its square) the oldest queued block really enters at: the exit of the last committed block. */
let committedEntryMmS: f64 = 0;
let committedEntry2: f64 = 0;
let prevVx: f64 = 0; let prevVy: f64 = 0; let prevVz: f64 = 0; let prevVe: f64 = 0;
let prevUx: f64 = 0; let prevUy: f64 = 0; let prevUz: f64 = 0;
let prevCruiseMmS: f64 = 0;
let prevSafeMmS: f64 = 0;
let prevHadXyz = false;

/** Sets the look-ahead and where the ring is, and empties the tallies; see `init`. */
export function initPlanner(lookaheadBlocks: i32, ring: usize, ringRecords: u32): void {
  lookahead = max(1, min(lookaheadBlocks, MAX_LOOKAHEAD_BLOCKS));
  slots = lookahead + 1;
  records = ring;
  ringMask = ringRecords - 1;
  for (let k = 0; k < 3; k++) {
    setTally(TALLY_EXTRUSION_BOX + k, Infinity); setTally(TALLY_EXTRUSION_BOX + 3 + k, -Infinity);
    setTally(TALLY_TRAVEL_BOX + k, Infinity); setTally(TALLY_TRAVEL_BOX + 3 + k, -Infinity);
  }
}

/** Seconds planned so far: everything committed (call `flush` first for the total). */
export function seconds(): f64 { return plannedSeconds; }

/** Queues one straight move that moves something (see planMove). */
function queueMove(dx: f64, dy: f64, dz: f64, de: f64, feedMmS: f64, marker: f64): void {
  const xyz2 = dx * dx + dy * dy + dz * dz;
  const extrudeOnly = xyz2 < MIN_XYZ2;
  const lengthMm = extrudeOnly ? Math.abs(de) : Math.sqrt(xyz2);
  const inv = 1 / lengthMm;
  const ux = dx * inv; const uy = dy * inv; const uz = dz * inv; const ue = de * inv;

  let cruise = feedMmS;
  cruise = capAxis(cruise, ux, limit(MAX_FEED_MMS));
  cruise = capAxis(cruise, uy, limit(MAX_FEED_MMS + 1));
  cruise = capAxis(cruise, uz, limit(MAX_FEED_MMS + 2));
  cruise = capAxis(cruise, ue, limit(MAX_FEED_MMS + 3));

  let accel = extrudeOnly ? limit(RETRACT_ACCEL_MMS2) : de > 0 ? limit(PRINT_ACCEL_MMS2) : limit(TRAVEL_ACCEL_MMS2);
  accel = capAxis(accel, ux, limit(MAX_ACCEL_MMS2));
  accel = capAxis(accel, uy, limit(MAX_ACCEL_MMS2 + 1));
  accel = capAxis(accel, uz, limit(MAX_ACCEL_MMS2 + 2));
  accel = capAxis(accel, ue, limit(MAX_ACCEL_MMS2 + 3));

  const cruise2 = cruise * cruise;
  let safe: f64;
  let junction2: f64;
  if (limit(JUNCTION_KIND) == 0) {
    const vx = cruise * ux; const vy = cruise * uy; const vz = cruise * uz; const ve = cruise * ue;
    safe = cruise;
    if (Math.abs(vx) > limit(MAX_JERK_MMS)) safe = lesser(safe, limit(MAX_JERK_MMS));
    if (Math.abs(vy) > limit(MAX_JERK_MMS + 1)) safe = lesser(safe, limit(MAX_JERK_MMS + 1));
    if (Math.abs(vz) > limit(MAX_JERK_MMS + 2)) safe = lesser(safe, limit(MAX_JERK_MMS + 2));
    if (Math.abs(ve) > limit(MAX_JERK_MMS + 3)) safe = lesser(safe, limit(MAX_JERK_MMS + 3));
    const junction = count > 0 && prevCruiseMmS > PREVIOUS_CRUISE_THRESHOLD_MMS ? jerkJunction(cruise, safe, vx, vy, vz, ve) : safe;
    junction2 = junction * junction;
    prevVx = vx; prevVy = vy; prevVz = vz; prevVe = ve;
  } else {
    safe = 0;
    junction2 = count > 0 && prevHadXyz && !extrudeOnly ? deviationJunction2(ux, uy, uz, cruise, accel, limit(DEVIATION_MM)) : 0;
  }

  if (!extrudeOnly) { prevUx = ux; prevUy = uy; prevUz = uz; }
  prevHadXyz = !extrudeOnly;
  prevCruiseMmS = cruise;
  prevSafeMmS = safe;

  if (count == lookahead) commitOldest();
  let slot = head + count;
  if (slot >= slots) slot -= slots;
  count++;
  const maxEntry2 = lesser(junction2, cruise2);
  const safe2 = safe * safe;
  setBlock(slot, LENGTH_MM, lengthMm);
  setBlock(slot, CRUISE_MMS, cruise);
  setBlock(slot, SPEED2_GAIN, 2 * accel * lengthMm);
  setBlock(slot, ACCEL_MMS2, accel);
  setBlock(slot, MAX_ENTRY2, maxEntry2);
  setBlock(slot, SAFE2, safe2);
  setBlock(slot, MARKER, marker);
  setBlock(slot, ENTRY2, -1);
  if (count == 1) {
    committedEntry2 = maxEntry2;
    committedEntryMmS = Math.sqrt(maxEntry2);
  }
  backwardPass(slot, safe2);
}

/** Runs out the queue to a standstill: before a dwell, a heater wait, or at the end of the file. */
export function flush(): void {
  while (count > 0) commitOldest();
  prevCruiseMmS = 0;
  prevHadXyz = false;
}

/** A pause in which nothing moves (G4, heater waits): the queue drains first. */
export function addStillSeconds(seconds: f64): void {
  flush();
  if (seconds > 0) plannedSeconds += seconds;
}

/** Corner speed under classic jerk: the largest shared speed whose per-axis speed jump is within the jerk limits. */
function jerkJunction(cruise: f64, safe: f64, vx: f64, vy: f64, vz: f64, ve: f64): f64 {
  const prevCruise = prevCruiseMmS;
  const prevLarger = prevCruise > cruise;
  const smallerFactor = prevLarger ? cruise / prevCruise : prevCruise / cruise;
  let junction = prevLarger ? cruise : prevCruise;
  // Each axis in turn may lower the shared factor; later axes are checked at the already lowered speed.
  let factor: f64 = 1;
  factor = jerkFactor(prevVx, vx, limit(MAX_JERK_MMS), prevLarger, smallerFactor, factor);
  factor = jerkFactor(prevVy, vy, limit(MAX_JERK_MMS + 1), prevLarger, smallerFactor, factor);
  factor = jerkFactor(prevVz, vz, limit(MAX_JERK_MMS + 2), prevLarger, smallerFactor, factor);
  factor = jerkFactor(prevVe, ve, limit(MAX_JERK_MMS + 3), prevLarger, smallerFactor, factor);
  junction *= factor;
  // When both blocks could start from rest faster than this corner allows, treat it as a stop-and-go.
  const threshold = junction * 0.99;
  if (prevSafeMmS > threshold && safe > threshold) junction = safe;
  return junction;
}

/** Corner speed² under junction deviation: the speed at which the centripetal acceleration fits the corner arc. */
function deviationJunction2(ux: f64, uy: f64, uz: f64, cruise: f64, accel: f64, deviationMm: f64): f64 {
  const cosTheta = -(prevUx * ux + prevUy * uy + prevUz * uz);
  const limit = lesser(cruise, prevCruiseMmS);
  if (cosTheta > 0.999999) return 0;
  if (cosTheta < -0.999999) return limit * limit;
  const sinHalf = Math.sqrt(0.5 * (1 - cosTheta));
  return lesser(limit * limit, (accel * deviationMm * sinHalf) / (1 - sinHalf));
}

/** From the newest block (`slot`, which must be able to stop from speed² `exit2`) back until an entry no longer changes. */
function backwardPass(slot: i32, exit2: f64): void {
  let index = slot;
  for (let k = count; k > 0; k--) {
    const braking2 = exit2 + block(index, SPEED2_GAIN);
    const maxEntry2 = block(index, MAX_ENTRY2);
    const entry2 = braking2 < maxEntry2 ? braking2 : maxEntry2;
    if (entry2 == block(index, ENTRY2)) break;
    setBlock(index, ENTRY2, entry2);
    exit2 = entry2;
    index = index == 0 ? slots - 1 : index - 1;
  }
}

function commitOldest(): void {
  const next = head + 1 == slots ? 0 : head + 1;
  const lengthMm = block(head, LENGTH_MM); const cruise = block(head, CRUISE_MMS); const accel = block(head, ACCEL_MMS2);
  // The entry is never above the block's max entry, itself never above its cruise.
  let entry2 = committedEntry2;
  let entry = committedEntryMmS;
  if (block(head, ENTRY2) < entry2) { entry2 = block(head, ENTRY2); entry = Math.sqrt(entry2); }
  const reachable2 = entry2 + block(head, SPEED2_GAIN);
  const nextEntry2 = count > 1 ? block(next, ENTRY2) : block(head, SAFE2);
  // Not capped at this block's cruise: under jerk a stop-and-go corner may let the next block enter faster.
  const exit2 = lesser(nextEntry2, reachable2);
  const exit = Math.sqrt(exit2);
  const marker = block(head, MARKER);
  if (marker >= 0) markerCommitted(marker, plannedSeconds);
  const cruise2 = cruise * cruise;
  const seconds = exit2 < cruise2
    ? trapezoidSeconds(lengthMm, entry, entry2, exit, exit2, cruise, accel)
    : trapezoidSeconds(lengthMm, entry, entry2, cruise, cruise2, cruise, accel);
  plannedSeconds += seconds;
  committedEntry2 = exit2;
  committedEntryMmS = exit;
  head = next;
  count--;
}

/** Seconds to run `lengthMm` from v0 to v1 (squares given too), cruising at vNominal where the length allows. */
@inline function trapezoidSeconds(lengthMm: f64, v0: f64, v02: f64, v1: f64, v12: f64, vNominal: f64, accel: f64): f64 {
  const speedChangeDist = (2 * vNominal * vNominal - v02 - v12) / (2 * accel);
  if (speedChangeDist <= lengthMm) return (2 * vNominal - v0 - v1) / accel + (lengthMm - speedChangeDist) / vNominal;
  const peak = Math.sqrt(greater(0, (2 * accel * lengthMm + v02 + v12) / 2));
  return (greater(0, peak - v0) + greater(0, peak - v1)) / accel;
}

/** Scales a whole-move speed or acceleration so that one axis's share stays within its limit. */
@inline function capAxis(value: f64, axisFraction: f64, axisLimit: f64): f64 {
  const share = Math.abs(axisFraction) * value;
  return share > axisLimit ? axisLimit / Math.abs(axisFraction) : value;
}

@inline function jerkFactor(prevV: f64, currV: f64, maxJerk: f64, prevLarger: bool, smallerFactor: f64, factor: f64): f64 {
  const vExit = (prevLarger ? prevV * smallerFactor : prevV) * factor;
  const vEntry = (prevLarger ? currV : currV * smallerFactor) * factor;
  const jump = axisJump(vExit, vEntry);
  return jump > maxJerk ? factor * (maxJerk / jump) : factor;
}

/** Speed change on one axis across a corner; a reversal counts the larger of the two speeds. */
@inline function axisJump(vExit: f64, vEntry: f64): f64 {
  if (vExit > vEntry) return vEntry > 0 || vExit < 0 ? vExit - vEntry : greater(vExit, -vEntry);
  return vEntry < 0 || vExit > 0 ? vEntry - vExit : greater(-vExit, vEntry);
}
