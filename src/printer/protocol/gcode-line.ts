/**
 * One outgoing G-code line, exactly as the firmware will see it: comments stripped, then numbered and
 * checksummed. Pure functions, no I/O.
 *
 * Why clean before framing: Marlin drops `;`/`(` comments and `\` escapes *before* it verifies the
 * checksum, and truncates lines past MAX_CMD_SIZE. A host that checksums the raw text therefore gets a
 * mismatch on every send of that line — an endless resend loop. So we send only what survives cleaning.
 */

export type LineRefusal = 'line_has_backslash' | 'line_not_ascii' | 'line_too_long';

export type CleanResult =
  | { ok: true; command: string }
  | { ok: false; reason: LineRefusal; message: string };

/**
 * Bytes framing adds to a command: `N` + up to 8 digits + space + `*` + up to 3 digits. Reserved up
 * front so a line accepted here can never grow past the limit when it is numbered (even past N 9,999,999).
 */
export const FRAME_OVERHEAD_BYTES = 1 + 8 + 1 + 1 + 3;

/**
 * Text commands whose argument is free text shown to a person (a message, an object's name from
 * PrusaSlicer's labels, `M486 AKöysi.stl`): non-ASCII there is only cosmetic.
 */
const TEXT_COMMANDS = new Set(['M117', 'M118', 'M486']);

export interface CleanOptions { maxLineBytes: number }

/** A UTF-8 byte-order mark read as latin1: Windows editors start text files with it, and a G-code file's first line may carry it. */
export const UTF8_BOM = '\xef\xbb\xbf';

/** Strips comments and surrounding space; an empty `command` means nothing needs to be sent. */
export function cleanLine(raw: string, opts: CleanOptions): CleanResult {
  let text = stripComments(raw).trim();
  if (text.includes('\\')) {
    return { ok: false, reason: 'line_has_backslash', message: `Line contains a backslash, which the firmware would drop: ${quote(raw)}` };
  }
  if (!isPlainAscii(text)) {
    if (!TEXT_COMMANDS.has(commandCode(text) ?? '')) {
      return { ok: false, reason: 'line_not_ascii', message: `Line contains bytes outside printable ASCII: ${quote(raw)}` };
    }
    // Prusa drops high-bit bytes before checksumming, so any we kept would break the checksum.
    text = text.replace(/[^\x20-\x7e]/g, '?');
  }
  // Prusa's firmware takes the checksum at the first `*` and skips line-number checks on any line that
  // holds `PRUSA`: a message such as `M117 Layer 2*5` or `M117 PRUSA MK3S` would be resent for ever.
  if ((text.includes('*') || text.includes('PRUSA')) && TEXT_COMMANDS.has(commandCode(text) ?? '')) {
    text = text.replaceAll('*', '+').replaceAll('PRUSA', 'Prusa');
  }
  if (text.length + FRAME_OVERHEAD_BYTES > opts.maxLineBytes) {
    return {
      ok: false, reason: 'line_too_long',
      message: `Line is ${text.length} bytes; with its number and checksum it could exceed the firmware's ${opts.maxLineBytes}-byte limit`,
    };
  }
  return { ok: true, command: text };
}

/** Every line of a print passes here: slices between the markers instead of rebuilding the string. */
function stripComments(raw: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const semi = raw.indexOf(';', from);
    const paren = raw.indexOf('(', from);
    if (paren < 0 || (semi >= 0 && semi < paren)) return out + (semi < 0 ? raw.slice(from) : raw.slice(from, semi));
    out += raw.slice(from, paren);
    const close = raw.indexOf(')', paren + 1);
    if (close < 0) return out;
    from = close + 1;
  }
}

function isPlainAscii(text: string): boolean {
  return /^[\x20-\x7e\t]*$/.test(text);
}

function quote(raw: string): string {
  return JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw);
}

/** XOR of every character code, as the firmware computes it over `N<n> <command>`. */
export function checksum(text: string): number {
  let cs = 0;
  for (let i = 0; i < text.length; i++) cs ^= text.charCodeAt(i) & 0xff;
  return cs;
}

/** `N<n> <cmd>*<xor>` (without the newline). */
export function frame(lineNumber: number, command: string): string {
  const body = `N${lineNumber} ${command}`;
  return `${body}*${checksum(body)}`;
}

/** Normalised codes by letter and number: the sender asks for every line's code, and gets a shared string. */
const internedCodes = new Map<number, string>();
/** Numbers up to this many digits are interned; longer ones are built each time (only odd files have them). */
const INTERNED_DIGITS = 6;

/** `G1`, `M104`, `T0`… normalised (`g01` → `G1`); null for an empty or non-command line. */
export function commandCode(command: string): string | null {
  const n = command.length;
  let i = 0;
  while (i < n && isSpace(command.charCodeAt(i))) i++;
  if (i === n) return null;
  let letter = command.charCodeAt(i);
  if (letter >= 97 && letter <= 122) letter -= 32;
  if (letter !== 71 && letter !== 77 && letter !== 84) return null;
  i++;
  while (i < n && isSpace(command.charCodeAt(i))) i++;
  const zerosStart = i;
  while (i < n && command.charCodeAt(i) === 48) i++;
  const digitsStart = i;
  let value = 0;
  while (i < n && isDigit(command.charCodeAt(i))) { value = value * 10 + command.charCodeAt(i) - 48; i++; }
  // `G0`, `G00`: the zeros were the number.
  if (i === digitsStart && digitsStart === zerosStart) return null;
  if (i - digitsStart > INTERNED_DIGITS) return String.fromCharCode(letter) + command.slice(digitsStart, i);
  return internedCode(letter, value);
}

function internedCode(letter: number, value: number): string {
  const key = letter * 10 ** INTERNED_DIGITS + value;
  let code = internedCodes.get(key);
  if (code === undefined) {
    code = String.fromCharCode(letter) + String(value);
    internedCodes.set(key, code);
  }
  return code;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** What `\s` matches in a regular expression. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
    || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** One compiled pattern per parameter letter: resume and the watchdogs ask for F, S and P on many lines. */
const paramPatterns = new Map<string, RegExp>();

/** Numeric value of a parameter letter (`S` in `G4 S30`), or null when absent. */
export function commandParam(command: string, letter: string): number | null {
  let pattern = paramPatterns.get(letter);
  if (!pattern) {
    pattern = new RegExp(`(?:^|\\s)${letter}\\s*(-?\\d+(?:\\.\\d*)?|-?\\.\\d+)`, 'i');
    paramPatterns.set(letter, pattern);
  }
  const m = pattern.exec(command.replace(/^\s*[GMT]\d+/i, ''));
  return m ? Number(m[1]) : null;
}

export function isEmergencyStop(command: string): boolean {
  return commandCode(command) === 'M112';
}

/**
 * Commands Marlin's EMERGENCY_PARSER acts on as the bytes arrive (M108 break heating wait, M410 quick
 * stop, M524 abort SD print, M876 answer a prompt). Only there may they jump the queue: without that
 * parser they would just wait in the firmware's queue behind whatever blocks it.
 */
const EMERGENCY_PARSER_CODES = new Set(['M108', 'M410', 'M524', 'M876']);

export function isEmergencyParserCommand(command: string): boolean {
  return EMERGENCY_PARSER_CODES.has(commandCode(command) ?? '');
}
