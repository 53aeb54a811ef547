/**
 * Injected faults for the virtual printer and its wire, all off by default and all drawn from one
 * seeded PRNG, so a failing run repeats exactly with the same seed and the same traffic.
 */
import { Prng } from './prng.js';

export interface FaultOptions {
  seed: number;
  /** Host→printer: each byte has this chance of one flipped bit (line noise → checksum error → resend). */
  corruptByteRate: number;
  /** Host→printer: each write (one line) has this chance of one flipped bit somewhere before its newline. */
  corruptLineRate: number;
  /** Host→printer: each byte has this chance of being lost. */
  dropByteRate: number;
  /** Printer→host: each line has this chance of one flipped bit (firmware output has no checksum). */
  garbleOutputLineRate: number;
  /** The firmware forgets to send an `ok` with this chance per `ok`. */
  loseOkRate: number;
  /** Each command has this chance of stalling the firmware for busyMs (sends busy lines meanwhile). */
  busyRate: number;
  busyMs: number;
}

export const NO_FAULTS: FaultOptions = {
  seed: 1,
  corruptByteRate: 0,
  corruptLineRate: 0,
  dropByteRate: 0,
  garbleOutputLineRate: 0,
  loseOkRate: 0,
  busyRate: 0,
  busyMs: 5000,
};

/** Counts of what was injected, so a test can tell "no fault happened" from "the fault was survived". */
export interface FaultCounts {
  corruptedBytes: number;
  droppedBytes: number;
  garbledLines: number;
  lostOks: number;
  busyPeriods: number;
}

export class FaultInjector {
  readonly options: FaultOptions;
  readonly counts: FaultCounts = { corruptedBytes: 0, droppedBytes: 0, garbledLines: 0, lostOks: 0, busyPeriods: 0 };
  private readonly prng: Prng;

  constructor(options: Partial<FaultOptions> = {}) {
    this.options = { ...NO_FAULTS, ...options };
    this.prng = new Prng(this.options.seed);
  }

  /** Applies byte and line noise to one host write; returns it unchanged when those faults are off. */
  onHostWrite(data: string): string {
    const o = this.options;
    let out = data;
    if (o.corruptLineRate > 0 && this.prng.chance(o.corruptLineRate)) {
      const body = out.replace(/[\r\n]+$/, '').length;
      if (body > 0) {
        this.counts.corruptedBytes++;
        out = this.flipAt(out, this.prng.below(body));
      }
    }
    if (o.corruptByteRate <= 0 && o.dropByteRate <= 0) return out;
    let result = '';
    for (let i = 0; i < out.length; i++) {
      if (this.prng.chance(o.dropByteRate)) {
        this.counts.droppedBytes++;
        continue;
      }
      if (this.prng.chance(o.corruptByteRate)) {
        this.counts.corruptedBytes++;
        result += this.flipChar(out.charCodeAt(i));
      } else {
        result += out[i];
      }
    }
    return result;
  }

  /** Garbles one firmware output line (without its newline). */
  onPrinterLine(line: string): string {
    if (!this.prng.chance(this.options.garbleOutputLineRate) || line.length === 0) return line;
    this.counts.garbledLines++;
    return this.flipAt(line, this.prng.below(line.length));
  }

  loseOk(): boolean {
    if (!this.prng.chance(this.options.loseOkRate)) return false;
    this.counts.lostOks++;
    return true;
  }

  /** Milliseconds the firmware stalls before this command, 0 almost always. */
  busyBeforeCommandMs(): number {
    if (!this.prng.chance(this.options.busyRate)) return 0;
    this.counts.busyPeriods++;
    return this.options.busyMs;
  }

  private flipAt(text: string, index: number): string {
    return text.slice(0, index) + this.flipChar(text.charCodeAt(index)) + text.slice(index + 1);
  }

  private flipChar(code: number): string {
    return String.fromCharCode(code ^ (1 << this.prng.below(8)));
  }
}
