/**
 * Byte-level reader for one G-code line. The analyser sees every line of files of hundreds of MB, so it
 * reads numbers straight out of the Buffer instead of building strings and running regexes: that is
 * what keeps the pass within a small factor of the raw read speed.
 */

/** Parameters by letter: `values[letterIndex]` is valid only when bit `letterIndex` of `present` is set. */
export interface CommandWords {
  /** 'G', 'M', 'T' or '' when the line holds no command (blank, comment only). */
  letter: string;
  /** The command number: 1 for G1, 104 for M104; NaN when absent (bare `T`). */
  code: number;
  present: number;
  values: Float64Array;
  /** Index just past the command text: where the comment starts, or the line end. */
  commandEnd: number;
  /** The line held bytes that are not G-code (control or binary bytes, a word with no number). */
  malformed: boolean;
}

const A = 65;
const SEMICOLON = 59;
const STAR = 42;
/** Fraction digits kept: beyond 15 the integer would no longer be exact in a double. */
const MAX_FRACTION_DIGITS = 15;
/** Exact powers of ten for the fraction digits. */
const POW10 = Float64Array.from({ length: MAX_FRACTION_DIGITS + 1 }, (_, k) => 10 ** k);

export function createCommandWords(): CommandWords {
  return { letter: '', code: NaN, present: 0, values: new Float64Array(26), commandEnd: 0, malformed: false };
}

/** Index of each parameter letter in `values` and bit in `present` (hot paths index, never look up by string). */
export const Word = {
  E: 4, F: 5, I: 8, J: 9, P: 15, R: 17, S: 18, T: 19, X: 23, Y: 24, Z: 25,
} as const;

export function hasWord(words: CommandWords, index: number): boolean {
  return ((words.present >>> index) & 1) !== 0;
}

/** The parameter's value, NaN when absent or given without a number. */
export function wordValue(words: CommandWords, index: number): number {
  return ((words.present >>> index) & 1) !== 0 ? words.values[index] : NaN;
}

/** Where the last `readNumber` stopped and how many digits it read (0: no number there). */
const scan = { end: 0, digits: 0 };

/**
 * Reads the number starting at `buf[i]` (sign, digits, decimals), stopping before `end`; NaN when there
 * are no digits. Fractions are summed as an integer over a power of ten; digits past the 15th are
 * dropped so both stay exact. No exponent: Marlin cuts a value at `E` so that `G1X250E-1` is X250 and
 * E-1, and Klipper and RepRapFirmware start a new word at every letter.
 */
function readNumber(buf: Uint8Array, i: number, end: number): number {
  let d = buf[i];
  let negative = false;
  if (d === 45) { negative = true; i++; } else if (d === 43) { i++; }
  let value = 0;
  let digits = 0;
  while (i < end) {
    d = buf[i];
    if (d < 48 || d > 57) break;
    value = value * 10 + (d - 48);
    i++; digits++;
  }
  if (i < end && buf[i] === 46) {
    i++;
    let frac = 0;
    let fractionDigits = 0;
    while (i < end) {
      d = buf[i];
      if (d < 48 || d > 57) break;
      if (fractionDigits < MAX_FRACTION_DIGITS) { frac = frac * 10 + (d - 48); fractionDigits++; }
      i++; digits++;
    }
    value += frac / POW10[fractionDigits];
  }
  if (digits === 0) value = NaN;
  scan.end = i;
  scan.digits = digits;
  return negative ? -value : value;
}

/**
 * Reads `buf[start, end)` (one line, no newline) into `out`. Line numbers (`N`) and checksums (`*cs`) are
 * skipped; lower-case letters count as upper-case, as firmware does. Never throws.
 */
export function readCommandWords(buf: Uint8Array, start: number, end: number, out: CommandWords): void {
  out.letter = '';
  out.code = NaN;
  out.malformed = false;
  const values = out.values;
  let present = 0;
  let i = start;
  let first = true;
  while (i < end) {
    let c = buf[i];
    if (c === 32 || c === 9 || c === 13) { i++; continue; }
    if (c === SEMICOLON || c === STAR) break;
    if (c === 40 /* ( */) { // RS-274 style inline comment
      while (i < end && buf[i] !== 41) i++;
      i++;
      continue;
    }
    if (c >= 97 && c <= 122) c -= 32;
    if (c < A || c > 90) { out.malformed = true; i++; continue; }
    // Marlin skips blanks between a letter and its number (`M 500` is M500, `S 300` is S300): so must
    // the policy, or such a line would hide what the firmware runs.
    let at = i + 1;
    while (at < end && (buf[at] === 32 || buf[at] === 9)) at++;
    const value = readNumber(buf, at, end);
    const digits = scan.digits;
    i = digits === 0 ? i + 1 : scan.end;
    if (first) {
      if (c === 78 /* N */) continue;
      first = false;
      out.letter = String.fromCharCode(c);
      out.code = value;
      if (digits === 0 && c !== 84 /* bare T is legal on some firmwares */) out.malformed = true;
      // M117/M118/M23… carry free text: stop reading words, the policy reads the raw text. So do the
      // checks every PrusaSlicer file for a Prusa printer starts with (M862.3 P "MK3S", M115 U3.12.2)
      // and its object labels (M486 S0 AShape-Box).
      if (c === 77 && (value === 117 || value === 118 || value === 23 || value === 28 || value === 30 || value === 32
        || value === 115 || value === 486 || Math.trunc(value) === 862)) {
        while (i < end && buf[i] !== SEMICOLON) i++;
        break;
      }
    } else {
      // A bare flag (`G28 X`, `M84 E`) means "this axis" with no value: NaN, present.
      values[c - A] = value;
      present |= 1 << (c - A);
    }
  }
  out.present = present;
  out.commandEnd = i < end ? i : end;
}
