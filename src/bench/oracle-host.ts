/**
 * The benchmark's reference host: it reads the virtual firmware's true RX state with zero latency and
 * puts on the wire exactly as many bytes as are sure to find room when they arrive (free RX bytes
 * minus bytes still travelling), byte by byte across line ends. No real host can know that state, so
 * its print time is the achievable figure for this firmware (RX, BUFSIZE, planner, turnaround) and
 * wire, beside the lower bound max(motion, bytes ÷ wire rate). It never overruns the RX buffer.
 *
 * It sends the same framed job lines a real host sends (same numbers, so the same bytes) and ignores
 * every reply but two `ok`s: the one for the M110 that sets the line number (Marlin runs M110 only
 * when it reaches the head of its queue, so numbered lines must not overtake it) and the last line's.
 * Driven from the SimClock's stop hook, i.e. between any two events — that is what "zero latency"
 * means on a discrete-event clock.
 */
import type { Clock } from '../core/clock.js';
import { frame } from '../printer/protocol/gcode-line.js';
import type { VirtualPrinter } from '../printer/virtual/virtual-printer.js';
import type { VirtualWire } from '../printer/virtual/virtual-wire.js';

export class OracleHost {
  private readonly stream: string;
  private sentBytes = 0;
  private awaited: string;
  private readonly lastOk: string;
  private received = '';
  private synced = false;
  private done = false;
  /** When the first job byte went out, null before. */
  startedAtMs: number | null = null;

  /** `jobLines`: framed job lines, `\n` included, numbered from `firstLineNumber` on. */
  constructor(
    private readonly clock: Clock,
    private readonly printer: VirtualPrinter,
    private readonly wire: VirtualWire,
    jobLines: readonly string[],
    firstLineNumber: number,
  ) {
    this.stream = jobLines.join('');
    this.lastOk = `ok N${firstLineNumber + jobLines.length - 1} `;
    this.awaited = `ok N${firstLineNumber - 1} `;
    // The cable is plugged in without a transport's open(), so the board is not reset (no `start`).
    wire.setConnected(true);
    wire.onHostBytes((data) => this.onBytes(data));
    wire.hostWrite(`${frame(firstLineNumber - 1, `M110 N${firstLineNumber - 1}`)}\n`);
  }

  bytesSent(): number { return this.sentBytes; }

  finished(): boolean { return this.done; }

  /** Sends what is sure to fit; call between clock events. */
  pump(): void {
    if (!this.synced || this.sentBytes === this.stream.length) return;
    // Bytes that arrived but were not handed over yet still count as pending, so this is exact without a pump.
    const room = this.printer.rxFreeBytes() - this.wire.toPrinter.pendingBytes();
    if (room <= 0) return;
    this.startedAtMs ??= this.clock.nowMs();
    const chunk = this.stream.slice(this.sentBytes, this.sentBytes + room);
    this.sentBytes += chunk.length;
    this.wire.hostWrite(chunk);
  }

  private onBytes(data: string): void {
    // Only the tail can still complete an awaited ok; keep enough of it to match across chunks.
    this.received = (this.received + data).slice(-64);
    if (!this.received.includes(this.awaited)) return;
    this.received = '';
    if (this.synced) { this.done = true; return; }
    this.synced = true;
    this.awaited = this.lastOk;
  }
}
