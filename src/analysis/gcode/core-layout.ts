/**
 * Where the G-code core (src/wasm/gcode-core.ts) and its JavaScript shell (gcode-core.ts) keep the state
 * they share: the index of each number in one Float64Array at `statePtr()`. The AssemblyScript compiler
 * reads this file too, so it holds plain integer constants only.
 */

/** Machine position (mm) and the E axis; the logical position is `position - offset` (G92). */
export const POS_X = 0;
export const POS_Y = 1;
export const POS_Z = 2;
export const POS_E = 3;
export const OFFSET_X = 4;
export const OFFSET_Y = 5;
export const OFFSET_Z = 6;
/** 1 after G91, 0 after G90. */
export const RELATIVE_XYZ = 7;
/** 1 after M83 (or G91), 0 after M82 (or G90). */
export const RELATIVE_E = 8;
/** 25.4 after G20, 1 after G21. */
export const UNIT_MM = 9;
export const FEED_MMS = 10;
/** M220 S/100. */
export const SPEED_FACTOR = 11;
export const EXTRUDED_MM = 12;
export const RETRACTED_MM = 13;
/** 1 once a slicer's layer comment was seen: layers then come from comments, not from Z. */
export const LAYER_COMMENTS_SEEN = 14;
/** Layer index the next queued move starts, or -1. */
export const PENDING_LAYER = 15;
export const LAST_LAYER_Z = 16;
export const LINE_NO = 17;
export const BYTES_SEEN = 18;
/** Byte offset of the current line's start. */
export const LINE_OFFSET = 19;
/** The move being queued: end point x, y, z (machine mm) and the E delta. */
export const TO_X = 20;
export const TO_Y = 21;
export const TO_Z = 22;
export const TO_DE = 23;
/** Min x y z then max x y z of extruding moves, then of all moves. */
export const EXTRUSION_BOX = 24;
export const TRAVEL_BOX = 30;
/** Moves ending outside these boxes (min x y z, max x y z) are reported to the shell. */
export const WATCH_EXTRUDING_BOX = 36;
export const WATCH_TRAVEL_BOX = 42;
/** Lines whose command is longer than this are reported to the shell. */
export const WATCH_MAX_COMMAND_BYTES = 48;
/**
 * The motion limits, x y z e each. These indices name fields of the planner's own copy of the limits,
 * not of the shared state: on its own thread the planner runs behind the reader, so limits reach it
 * as records, in file order.
 */
export const MAX_FEED_MMS = 49;
export const MAX_ACCEL_MMS2 = 53;
export const PRINT_ACCEL_MMS2 = 57;
export const RETRACT_ACCEL_MMS2 = 58;
export const TRAVEL_ACCEL_MMS2 = 59;
/** 0: classic jerk (MAX_JERK_MMS); 1: junction deviation (DEVIATION_MM). */
export const JUNCTION_KIND = 60;
export const DEVIATION_MM = 61;
export const MAX_JERK_MMS = 62;
/** Lines the core read itself (plain G0/G1 moves and feature comments); the rest went to the shell. */
export const FAST_LINES = 66;
/** 1 while the shell has no use for `;TYPE:`, `;WIDTH:` and `;HEIGHT:` comments (0 inside a thumbnail). */
export const SKIP_FEATURE_COMMENTS = 67;
export const STATE_FIELDS = 68;

/**
 * A planner record: six numbers. A move: dx, dy, dz, dE, feed (mm/s), then its layer marker (-1 for none).
 * Any other record: its numbers, then one of the tags below (all under -1) in the last field.
 */
export const RECORD_FIELDS = 6;
export const RECORD_TAG = 5;
/** Run the queue out to a standstill (M400, homing). */
export const RECORD_FLUSH = -2;
/** Nothing moves for a: seconds (G4). */
export const RECORD_STILL = -3;
/** Limit field a (an index above) becomes b. */
export const RECORD_LIMIT = -4;
/** Heater a (0 hotend, 1 bed) is set to b °C (M104/M140, and the start of M109/M190). */
export const RECORD_HEAT_TARGET = -5;
/** Wait for heater a to reach its target (M109/M190). */
export const RECORD_HEAT_WAIT = -6;
/** The end of the file. */
export const RECORD_END = -7;

/** Most blocks the planner may look ahead over. */
export const MAX_LOOKAHEAD_BLOCKS = 1024;
