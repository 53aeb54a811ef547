/**
 * Turns received bytes into command lines the way Marlin 2's serial reader does, because the host's
 * checksum must agree with what the firmware keeps: `;` starts a comment up to the end of the line
 * (dropped before the checksum is checked), `\` takes the next byte literally, 0x08 erases the last
 * byte, and a line longer than maxLineBytes is cut silently. Leading spaces are skipped. Pure, byte by byte.
 */
export interface AssemblerOptions {
  maxLineBytes: number;
  /** Report empty and comment-only lines as '' (Smoothie answers them with ok); Marlin ignores them. */
  keepBlankLines: boolean;
  /** Drop bytes with the high bit set (Prusa MK3 does, so UTF-8 text breaks its checksum). */
  dropHighBitBytes: boolean;
}

const LF = 10;
const CR = 13;
const BACKSPACE = 8;
const BACKSLASH = 92;
const SEMICOLON = 59;

export class LineAssembler {
  private buffer = '';
  private inComment = false;
  private escaped = false;
  /** The previous byte was CR: an LF right after it ends the same line, not a blank one. */
  private afterCr = false;

  constructor(private readonly options: AssemblerOptions) {}

  /** Feeds one byte; returns the finished line when this byte ended one, else null. */
  feed(code: number): string | null {
    const afterCr = this.afterCr;
    this.afterCr = code === CR;
    if (code === LF && afterCr) return null;
    if (code === LF || code === CR) return this.endLine();
    if (this.inComment) return null;
    if (code > 127 && this.options.dropHighBitBytes) return null;
    if (this.escaped) {
      this.escaped = false;
      this.append(code);
      return null;
    }
    if (code === BACKSLASH) this.escaped = true;
    else if (code === SEMICOLON) this.inComment = true;
    else if (code === BACKSPACE) this.buffer = this.buffer.slice(0, -1);
    else this.append(code);
    return null;
  }

  /** Forgets the partial line (after the firmware flushed its input). */
  reset(): void {
    this.buffer = '';
    this.inComment = false;
    this.escaped = false;
  }

  private append(code: number): void {
    if (this.buffer.length < this.options.maxLineBytes) this.buffer += String.fromCharCode(code);
  }

  private endLine(): string | null {
    let start = 0;
    while (start < this.buffer.length && this.buffer.charCodeAt(start) === 32) start++;
    const line = start > 0 ? this.buffer.slice(start) : this.buffer;
    this.reset();
    if (line.length > 0) return line;
    return this.options.keepBlankLines ? '' : null;
  }
}
