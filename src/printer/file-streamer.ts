/**
 * Feeds a G-code file to the link a chunk at a time, so memory stays the same for a 3 KB wheel and a
 * 300 MB vase. It remembers where every handed-out line sits in the file and moves its "acknowledged"
 * mark only when the printer confirms a line: that mark is what a staff member sees after a crash and
 * where a resume after pause reads again from.
 *
 * Reads are synchronous on purpose: a 64 KiB read from the page cache costs microseconds, and keeping
 * the streamer free of awaits lets the link top up its queue from inside an `acked` callback, which is
 * also what makes a print on a SimClock deterministic.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { AppError } from '../core/errors.js';
import { UTF8_BOM } from './protocol/gcode-line.js';
import type { Command } from './protocol/sender-types.js';

export const DEFAULT_CHUNK_BYTES = 64 * 1024;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** A place in the file: the byte just past the last acknowledged line, its 1-based line number, its layer. */
export interface FileMark { byteOffset: number; line: number; layer: number | null }

export interface JobCommand extends Command { source: 'job'; fileOffset: number; fileLine: number }

interface Handed { fileOffset: number; endOffset: number; line: number; layer: number | null }

/**
 * A layer comment or null. PrusaSlicer/SuperSlicer write `;LAYER_CHANGE` before each layer; Cura writes
 * `;LAYER:<n>` counting from 0. Both become a 1-based layer number for people.
 */
export function layerAfterComment(comment: string, layer: number | null): number | null {
  if (comment.startsWith(';LAYER_CHANGE')) return (layer ?? 0) + 1;
  const cura = /^;LAYER:(-?\d+)/.exec(comment);
  if (cura) return Number(cura[1]) + 1;
  return layer;
}

export class FileStreamer {
  readonly bytesTotal: number;
  private fd: number | null;
  /** Bytes read; those from `bufPos` on are not yet split into lines and start at file offset `bufOffset`. */
  private buf = Buffer.alloc(0);
  private bufPos = 0;
  private bufOffset = 0;
  private readOffset = 0;
  private nextLine = 1;
  private layer: number | null = null;
  private eof = false;
  /** Lines handed out and not yet acknowledged, oldest first. */
  private handed: Handed[] = [];
  private handedHead = 0;
  private ackedMark: FileMark = { byteOffset: 0, line: 0, layer: null };

  private constructor(readonly filePath: string, fd: number, private readonly chunkBytes: number) {
    this.fd = fd;
    this.bytesTotal = fstatSync(fd).size;
  }

  /** Opens the file; a missing or unreadable file is an AppError `gcode_file_unreadable`. */
  static open(filePath: string, chunkBytes = DEFAULT_CHUNK_BYTES): FileStreamer {
    let fd: number;
    try { fd = openSync(filePath, 'r'); } catch (err) {
      throw new AppError('gcode_file_unreadable', `${filePath}: ${(err as Error).message}`, 400, { filePath });
    }
    return new FileStreamer(filePath, fd, chunkBytes);
  }

  /** The next command of the file, or null once the file is exhausted. Blank and comment-only lines are skipped. */
  next(): JobCommand | null {
    for (;;) {
      const raw = this.readRawLine();
      if (!raw) return null;
      const text = raw.text.trim();
      if (text === '') continue;
      if (text.startsWith(';')) { this.layer = layerAfterComment(text, this.layer); continue; }
      this.handed.push({ fileOffset: raw.offset, endOffset: raw.endOffset, line: raw.line, layer: this.layer });
      return { text, source: 'job', fileOffset: raw.offset, fileLine: raw.line };
    }
  }

  /** Collects up to `max` commands. */
  take(max: number): JobCommand[] {
    const out: JobCommand[] = [];
    while (out.length < max) {
      const c = this.next();
      if (!c) break;
      out.push(c);
    }
    return out;
  }

  /** The printer acknowledged the job line that starts at `fileOffset` (and so every line before it). */
  acknowledge(fileOffset: number): void {
    while (this.handedHead < this.handed.length && this.handed[this.handedHead].fileOffset <= fileOffset) {
      const h = this.handed[this.handedHead++];
      this.ackedMark = { byteOffset: h.endOffset, line: h.line, layer: h.layer };
    }
    if (this.handedHead > 1024 && this.handedHead * 2 > this.handed.length) {
      this.handed = this.handed.slice(this.handedHead);
      this.handedHead = 0;
    }
  }

  acked(): FileMark { return this.ackedMark; }

  /**
   * Where the printer is in the file: the start of the oldest command handed out and not yet
   * acknowledged (the one it is working on, a heater wait say), else the acknowledged mark. Comment
   * lines between the two are never sent, so the mark alone would place a wait behind them.
   */
  workingOffset(): number {
    return this.handedHead < this.handed.length ? this.handed[this.handedHead].fileOffset : this.ackedMark.byteOffset;
  }

  /** `next()` returned null and every handed-out line has been acknowledged. */
  finished(): boolean { return this.exhausted() && this.unacknowledged() === 0; }

  exhausted(): boolean { return this.eof && this.bufPos >= this.buf.length; }

  unacknowledged(): number { return this.handed.length - this.handedHead; }

  /**
   * Forgets lines handed out but never acknowledged and reads again from just past the acknowledged
   * mark. Used after pause dropped the link's queue: those lines never reached the printer.
   */
  rewindToAcked(): void {
    const m = this.ackedMark;
    this.handed = [];
    this.handedHead = 0;
    this.buf = Buffer.alloc(0);
    this.bufPos = 0;
    this.bufOffset = m.byteOffset;
    this.readOffset = m.byteOffset;
    this.nextLine = m.line + 1;
    this.layer = m.layer;
    this.eof = false;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private readRawLine(): { text: string; offset: number; endOffset: number; line: number } | null {
    let nl = this.buf.indexOf(NEWLINE, this.bufPos);
    while (nl < 0 && !this.eof) {
      this.readChunk();
      nl = this.buf.indexOf(NEWLINE, this.bufPos);
    }
    const start = this.bufPos;
    const offset = this.bufOffset;
    if (nl < 0 && start >= this.buf.length) return null;
    const end = nl < 0 ? this.buf.length : nl + 1;
    let contentEnd = nl < 0 ? this.buf.length : nl;
    if (contentEnd > start && this.buf[contentEnd - 1] === CARRIAGE_RETURN) contentEnd--;
    // latin-1 maps every byte to a character, so a stray byte in a comment never throws.
    let text = this.buf.toString('latin1', start, contentEnd);
    // The file's own first bytes, not a command: the firmware would not know them.
    if (offset === 0 && text.startsWith(UTF8_BOM)) text = text.slice(UTF8_BOM.length);
    this.bufPos = end;
    this.bufOffset += end - start;
    return { text, offset, endOffset: this.bufOffset, line: this.nextLine++ };
  }

  private readChunk(): void {
    if (this.fd === null) throw new AppError('gcode_file_closed', `${this.filePath} was closed`, 500);
    const chunk = Buffer.allocUnsafe(this.chunkBytes);
    const n = readSync(this.fd, chunk, 0, this.chunkBytes, this.readOffset);
    if (n === 0) { this.eof = true; return; }
    this.readOffset += n;
    const rest = this.buf.subarray(this.bufPos);
    this.buf = rest.length === 0 ? chunk.subarray(0, n) : Buffer.concat([rest, chunk.subarray(0, n)]);
    this.bufPos = 0;
  }
}
