/**
 * Where a print stands in time. The analysis's motion model says when each layer starts; with that,
 * live progress and the remaining time follow the print's real shape (heating first, a slow first
 * layer, small layers at the top) instead of assuming every byte of the file takes as long as the
 * bytes so far. Pure: a timeline, a file position and durations in; seconds out.
 */
import { z } from 'zod';

export interface PrintTimeline {
  /** The size of the file the table was measured on: a table for another file is never used. */
  bytesTotal: number;
  /** Our estimate of the whole print, heating included. */
  totalSeconds: number;
  /** Where each layer starts (byte offset, ascending): the layer number at a place in the file. */
  layerOffsets: number[];
  /**
   * Our estimate's known points in file order: at `pointOffsets[i]` bytes, `pointSeconds[i]` seconds
   * have passed. Each layer's start, and both ends of each heater wait, so that minutes of heating
   * sit on the M190/M109 line and are not spread over the start G-code's bytes.
   */
  pointOffsets: number[];
  pointSeconds: number[];
}

const finite = z.number().finite().nonnegative();
const ascending = (list: number[], max: number) => list.every((v, i) => v <= max && (i === 0 || v >= list[i - 1]));

/** A stored timeline read back: anything damaged or inconsistent is refused here, never interpolated. */
export const printTimelineSchema = z.object({
  bytesTotal: finite,
  totalSeconds: finite,
  layerOffsets: z.array(finite),
  pointOffsets: z.array(finite),
  pointSeconds: z.array(finite),
}).refine((t) => t.pointOffsets.length === t.pointSeconds.length && ascending(t.layerOffsets, t.bytesTotal)
  && ascending(t.pointOffsets, t.bytesTotal) && ascending(t.pointSeconds, t.totalSeconds));

/** What the analysis measured (its layer table and heater waits), as plain numbers. */
export interface TimelineSource {
  bytesTotal: number;
  totalSeconds: number;
  layers: ReadonlyArray<{ byteOffset: number; startSeconds: number }>;
  heatWaits: ReadonlyArray<{ byteOffset: number; startSeconds: number; seconds: number }>;
}

/**
 * A wait's line starts at its byte offset; while the firmware waits, the printer works there (the wait
 * is the oldest command not acknowledged). One byte on, the wait is over: once the wait line is
 * acknowledged, the printer works past it.
 */
const WAIT_END_BYTES = 1;

/**
 * A layer's start time is that of its first move, so a heater wait between the layer comment and that
 * move puts a later time on an earlier byte than the wait's own start. Times are therefore lowered
 * from the end backwards: the layer starts when the wait does, and progress never runs backwards.
 */
export function timelineOf(src: TimelineSource): PrintTimeline {
  const { bytesTotal, totalSeconds } = src;
  const points = [
    ...src.layers.map((l) => ({ offset: l.byteOffset, seconds: l.startSeconds })),
    ...src.heatWaits.flatMap((w) => [
      { offset: w.byteOffset, seconds: w.startSeconds }, { offset: w.byteOffset + WAIT_END_BYTES, seconds: w.startSeconds + w.seconds },
    ]),
  ].sort((a, b) => a.offset - b.offset || a.seconds - b.seconds);
  const pointOffsets = points.map((p) => Math.min(bytesTotal, Math.max(0, p.offset)));
  const pointSeconds = points.map((p) => p.seconds);
  let later = totalSeconds;
  for (let i = pointSeconds.length - 1; i >= 0; i--) {
    later = Math.max(0, Math.min(later, pointSeconds[i]));
    pointSeconds[i] = later;
  }
  const layerOffsets = src.layers.map((l) => Math.min(bytesTotal, Math.max(0, l.byteOffset))).sort((a, b) => a - b);
  return { bytesTotal, totalSeconds, layerOffsets, pointOffsets, pointSeconds };
}

/** How many of `offsets` (ascending) lie at or before `byteOffset`. */
function countUpTo(offsets: readonly number[], byteOffset: number): number {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (offsets[mid] <= byteOffset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The 1-based layer being printed at `byteOffset`; null before the first layer (start G-code, heating). */
export function layerAt(t: PrintTimeline, byteOffset: number): number | null {
  const started = countUpTo(t.layerOffsets, byteOffset);
  return started === 0 ? null : started;
}

/**
 * Our estimate of the seconds a print takes to reach `byteOffset`: between two known points (and
 * from the file's start to the first, from the last to the end) time is spread over the bytes.
 */
export function modelSecondsAt(t: PrintTimeline, byteOffset: number): number {
  const at = Math.min(Math.max(0, byteOffset), t.bytesTotal);
  const i = countUpTo(t.pointOffsets, at);
  const fromOffset = i === 0 ? 0 : t.pointOffsets[i - 1];
  const fromSeconds = i === 0 ? 0 : t.pointSeconds[i - 1];
  const toOffset = i < t.pointOffsets.length ? t.pointOffsets[i] : t.bytesTotal;
  const toSeconds = i < t.pointSeconds.length ? t.pointSeconds[i] : t.totalSeconds;
  if (toOffset <= fromOffset) return toSeconds;
  return fromSeconds + (toSeconds - fromSeconds) * (at - fromOffset) / (toOffset - fromOffset);
}

/**
 * Until the print has run for about a tenth of our estimate past its first layer (at least half a
 * minute, at most five), the remaining time leans on the model rather than on the pace measured.
 */
export function pacePriorSeconds(totalSeconds: number): number {
  return Math.min(300, Math.max(30, totalSeconds / 10));
}

/** Where the pace is measured from: printing time and model time at one acknowledgement. */
export interface PaceStart { printingMs: number; modelSeconds: number }

/**
 * The first acknowledgement inside the first layer starts the pace, or null before it: how long the
 * start G-code's homing, probing and heating took (a bed still warm from the last print, a cold room)
 * says nothing about how fast this printer prints.
 */
export function paceStartAt(t: PrintTimeline, byteOffset: number, printingMs: number): PaceStart | null {
  if (t.layerOffsets.length > 0 && byteOffset < t.layerOffsets[0]) return null;
  return { printingMs, modelSeconds: modelSecondsAt(t, byteOffset) };
}

export interface TimedProgressInput {
  /** Where the printer is working: the start of the oldest unacknowledged command, else just past the last acknowledged one. */
  byteOffset: number;
  /** Printing time (pauses left out) when the printer acknowledged up to `byteOffset`. */
  ackedPrintingMs: number;
  /** Printing time now. */
  printingMs: number;
  paceStart: PaceStart | null;
}

export interface TimedProgress {
  /** 0..1 of the estimated print time. */
  fraction: number;
  remainingMs: number;
  layer: number | null;
}

/**
 * The stretch of the timeline the printer is in at `byteOffset`: its end's seconds, and whether it is a
 * heater wait (the printer sits at the start of the wait's line, the end point one byte on).
 */
function stretchAt(t: PrintTimeline, byteOffset: number): { endSeconds: number; wait: boolean } {
  const i = countUpTo(t.pointOffsets, byteOffset);
  if (i >= t.pointOffsets.length) return { endSeconds: t.totalSeconds, wait: false };
  const wait = i > 0 && t.pointOffsets[i - 1] === byteOffset && t.pointOffsets[i] === byteOffset + WAIT_END_BYTES;
  return { endSeconds: t.pointSeconds[i], wait };
}

/**
 * The remaining model time where the printer works, scaled by how fast this printer has been going
 * against the model since its first layer, less the time spent since the last acknowledgement: the
 * countdown keeps moving through a heater wait, when no line is acknowledged, and so does the
 * fraction. Neither goes past the end of the wait or layer in progress: a bed that heats slower than
 * the model makes the print late, and the remaining time then holds at what follows the wait
 * instead of running down.
 */
export function timedProgress(t: PrintTimeline, p: TimedProgressInput): TimedProgress {
  const doneSeconds = modelSecondsAt(t, p.byteOffset);
  const priorS = pacePriorSeconds(t.totalSeconds);
  const pace = p.paceStart === null ? 1
    : ((p.ackedPrintingMs - p.paceStart.printingMs) / 1000 + priorS) / (doneSeconds - p.paceStart.modelSeconds + priorS);
  const sinceAckMs = Math.max(0, p.printingMs - p.ackedPrintingMs);
  const stretch = stretchAt(t, p.byteOffset);
  const leftMs = Math.max(0, t.totalSeconds - doneSeconds) * pace * 1000;
  const afterCurrentMs = Math.max(0, t.totalSeconds - stretch.endSeconds) * pace * 1000;
  // Only in a wait is the time since the acknowledgement sure to be spent inside the stretch: within a
  // layer the next acknowledgement may land short of where the time would have put it.
  const waitedS = stretch.wait ? Math.min(sinceAckMs / 1000 / pace, stretch.endSeconds - doneSeconds) : 0;
  return {
    fraction: t.totalSeconds > 0 ? Math.min(1, (doneSeconds + waitedS) / t.totalSeconds) : Math.min(1, p.byteOffset / Math.max(1, t.bytesTotal)),
    remainingMs: Math.round(Math.max(afterCurrentMs, leftMs - sinceAckMs)),
    layer: layerAt(t, p.byteOffset),
  };
}
