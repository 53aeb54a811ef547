/**
 * What the one streaming pass tells rules that want to look at every line (the safety policy), so that
 * they need no second pass and no parser of their own. Positions are machine coordinates in mm.
 */
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
  /** Every line; `commandBytes` is the length sent to the printer (comment and trailing blanks removed). */
  onLine(line: number, commandBytes: number): void;
  /** Every line holding a command; `raw.text()` decodes the command part, valid during this call only. */
  onCommand(line: number, words: CommandWords, raw: RawCommand): void;
  /** The end point of every move and arc segment: `position[0..2]` = x, y, z (valid during this call only). */
  onMove(line: number, position: Float64Array, extruding: boolean): void;
}
