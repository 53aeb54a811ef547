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
/** 1 once a slicer's layer comment was seen: layers then come from comments, not from Z. */
export const LAYER_COMMENTS_SEEN = 12;
/** Marker of the layer the next move record starts, or -1 (the planner carries it past moves that move nothing). */
export const PENDING_LAYER = 13;
export const LAST_LAYER_Z = 14;
export const LINE_NO = 15;
export const BYTES_SEEN = 16;
/** Byte offset of the current line's start. */
export const LINE_OFFSET = 17;
/** The move being queued: end point x, y, z (machine mm) and the E delta. */
export const TO_X = 18;
export const TO_Y = 19;
export const TO_Z = 20;
export const TO_DE = 21;
/** Moves ending outside these boxes (min x y z, max x y z) are reported to the shell, or only counted once it asks (OUTSIDE_COUNT_ONLY). */
export const WATCH_EXTRUDING_BOX = 22;
export const WATCH_TRAVEL_BOX = 28;
/** Lines whose command is longer than this are reported to the shell. */
export const WATCH_MAX_COMMAND_BYTES = 34;
/**
 * The motion limits, x y z e each. These indices name fields of the planner's own copy of the limits,
 * not of the shared state: on its own thread the planner runs behind the reader, so limits reach it
 * as records, in file order.
 */
export const MAX_FEED_MMS = 35;
export const MAX_ACCEL_MMS2 = 39;
export const PRINT_ACCEL_MMS2 = 43;
export const RETRACT_ACCEL_MMS2 = 44;
export const TRAVEL_ACCEL_MMS2 = 45;
/** 0: classic jerk (MAX_JERK_MMS); 1: junction deviation (DEVIATION_MM). */
export const JUNCTION_KIND = 46;
export const DEVIATION_MM = 47;
export const MAX_JERK_MMS = 48;
/** Lines the core read itself (plain G0/G1 moves and feature comments); the rest went to the shell. */
export const FAST_LINES = 52;
/** 1 while the shell has no use for `;TYPE:`, `;WIDTH:` and `;HEIGHT:` comments (0 inside a thumbnail). */
export const SKIP_FEATURE_COMMENTS = 53;
/** 1 once the shell only wants moves outside the watched box counted (in OUTSIDE_MOVES_COUNTED), not reported. */
export const OUTSIDE_COUNT_ONLY = 54;
export const OUTSIDE_MOVES_COUNTED = 55;
export const STATE_FIELDS = 56;

/**
 * What the planning side adds up from the moves it is sent: its own numbers (at `talliesPtr()`), read
 * once planning is done. Filament: mm extruded, not counting what only recovers a retraction, and mm
 * retracted now; boxes: min x y z then max x y z of extruding moves, then of all moves.
 */
export const TALLY_EXTRUDED_MM = 0;
export const TALLY_RETRACTED_MM = 1;
export const TALLY_EXTRUSION_BOX = 2;
export const TALLY_TRAVEL_BOX = 8;
export const TALLY_FIELDS = 14;

/**
 * A planner record: six numbers. A move: its end point x, y, z (machine mm), dE, feed (mm/s), then its
 * layer marker (-1 for none). Every move the reader sees is sent, even one that moves nothing, so that
 * the planning side's position and boxes are the reader's.
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
/** Wait for heater a to reach its target (M109/M190); b is the wait's index in the analysis's wait table, or -1. */
export const RECORD_HEAT_WAIT = -6;
/** The end of the file. */
export const RECORD_END = -7;

/** Most blocks the planner may look ahead over. */
export const MAX_LOOKAHEAD_BLOCKS = 1024;
