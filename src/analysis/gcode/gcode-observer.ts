/**
 * What the one streaming pass tells rules that look at every line (the safety policy), so that they need
 * no second pass and no parser of their own. Positions are machine coordinates in mm.
 *
 * The pass reads plain G0/G1 moves inside the WebAssembly core and leaves it only for what a rule asked
 * to hear about: each observer declares a `watch`, and is told of the lines and moves outside it (or,
 * once a lone observer only counts moves outside, of how many there were, at the end).
 */
import { EVERYWHERE, type Box6, type CoreWatch } from './gcode-core.js';
import type { CommandWords } from './gcode-words.js';

/** The command part of the current line, decoded only when a rule needs the text (one object reused per line). */
export class RawCommand {
  buf: Buffer = Buffer.alloc(0);
  start = 0;
  end = 0;
  text(): string {
    return this.buf.toString('latin1', this.start, this.end);
  }
}

export interface GcodeObserver {
  /** Lines longer than `watch.maxCommandBytes` and moves ending outside its boxes are reported. */
  readonly watch: CoreWatch;
  /** A line whose command (comment and trailing blanks removed) is longer than the watched length. */
  onLongLine(line: number, commandBytes: number): void;
  /**
   * Every line holding a command other than a plain move (`G0`/`G1` with only X Y Z E F words); `raw.text()`
   * decodes the command part, valid during this call only.
   */
  onCommand(line: number, words: CommandWords, raw: RawCommand): void;
  /**
   * A move or arc segment ending outside the watched box: `position[0..2]` = x, y, z (valid during this
   * call only). Returns false once the observer only counts such moves: the pass may then count the rest
   * itself and report the number through `onMovesOutsideCounted`.
   */
  onMoveOutside(line: number, position: Float64Array, extruding: boolean): boolean;
  /** At the end: this many more moves ended outside the watched box after `onMoveOutside` returned false. */
  onMovesOutsideCounted(count: number): void;
}

/** One watch that catches what any of the observers asked for: the shortest length, the smallest boxes. */
export function combinedWatch(observers: readonly GcodeObserver[]): CoreWatch {
  const narrow = (boxes: Box6[]): Box6 => boxes.reduce((a, b) => [
    Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.max(a[2], b[2]), Math.min(a[3], b[3]), Math.min(a[4], b[4]), Math.min(a[5], b[5]),
  ], EVERYWHERE);
  return {
    maxCommandBytes: Math.min(Infinity, ...observers.map((o) => o.watch.maxCommandBytes)),
    extrudingBox: narrow(observers.map((o) => o.watch.extrudingBox)),
    travelBox: narrow(observers.map((o) => o.watch.travelBox)),
  };
}
