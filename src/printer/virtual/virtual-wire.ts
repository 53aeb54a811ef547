/**
 * The serial cable between host and virtual printer, on the shared Clock. 8N1 framing costs 10 bits
 * per byte, so a byte takes 10/baud seconds and writes queue behind each other in each direction.
 *
 * Host→printer bytes are released lazily: a timer delivers each write once its last byte has arrived,
 * and the printer calls `pump()` before it reads or flushes its RX buffer to receive the bytes that have
 * arrived so far. The buffer only ever fills between two reads, so this gives the same overruns and the
 * same flushed half-lines as one event per byte, at one timer per write.
 */
import type { Clock, TimerHandle } from '../../core/clock.js';
import type { FaultInjector } from './fault-injector.js';

export const BITS_PER_BYTE = 10;

export function byteTimeMs(baudRate: number): number {
  if (!(baudRate > 0)) throw new RangeError(`baudRate must be > 0, got ${baudRate}`);
  return (BITS_PER_BYTE * 1000) / baudRate;
}

export class WireDirection {
  private readonly chunks: string[] = [];
  private chunkIndex = 0;
  /** Bytes of the chunk in transmission already handed to the sink. */
  private delivered = 0;
  private chunkStartMs = 0;
  private timer: TimerHandle | null = null;
  private bytesQueued = 0;
  private lastByteDueMs = 0;
  /** The sink may make the printer read, which pumps again: the inner call must not advance twice. */
  private pumping = false;

  constructor(
    private readonly clock: Clock,
    private readonly byteMs: number,
    private readonly sink: (data: string) => void,
  ) {}

  write(data: string): void {
    if (data.length === 0) return;
    if (this.chunkIndex === this.chunks.length) this.chunkStartMs = this.clock.nowMs();
    this.chunks.push(data);
    this.bytesQueued += data.length;
    this.lastByteDueMs = Math.max(this.lastByteDueMs, this.clock.nowMs()) + data.length * this.byteMs;
    if (!this.timer) this.armTimer();
  }

  /** Hands every byte that has arrived by now to the sink. */
  pump(): void {
    this.deliver(false);
  }

  /**
   * `headIsDue`: the timer for the chunk in transmission fired, so all of it has arrived whatever the
   * floating-point arithmetic below says (after hours of simulated time it can be short by one byte).
   */
  private deliver(headIsDue: boolean): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      this.deliverDue(headIsDue);
    } finally {
      this.pumping = false;
    }
  }

  private deliverDue(headIsDue: boolean): void {
    const now = this.clock.nowMs();
    let due = headIsDue;
    while (this.chunkIndex < this.chunks.length) {
      const chunk = this.chunks[this.chunkIndex];
      const arrived = due || this.byteMs === 0
        ? chunk.length
        : Math.min(chunk.length, Math.floor((now - this.chunkStartMs) / this.byteMs + 1e-6));
      due = false;
      if (arrived > this.delivered) {
        const piece = chunk.slice(this.delivered, arrived);
        this.delivered = arrived;
        this.bytesQueued -= piece.length;
        this.sink(piece);
      }
      if (arrived < chunk.length) break;
      this.chunkStartMs += chunk.length * this.byteMs;
      this.delivered = 0;
      this.chunkIndex++;
    }
    if (this.chunkIndex === this.chunks.length) {
      this.chunks.length = 0;
      this.chunkIndex = 0;
    } else if (this.chunkIndex > 1024) {
      this.chunks.splice(0, this.chunkIndex);
      this.chunkIndex = 0;
    }
  }

  /** When the last byte written so far will have arrived: the line is idle from then on. */
  busyUntilMs(): number {
    return this.lastByteDueMs;
  }

  /** Bytes written but not yet arrived. */
  pendingBytes(): number {
    return this.bytesQueued;
  }

  /** The cable is pulled: bytes in flight are lost. */
  cut(): void {
    this.clock.clearTimer(this.timer);
    this.timer = null;
    this.chunks.length = 0;
    this.chunkIndex = 0;
    this.delivered = 0;
    this.bytesQueued = 0;
    this.lastByteDueMs = this.clock.nowMs();
  }

  private armTimer(): void {
    const chunk = this.chunks[this.chunkIndex];
    const endMs = this.chunkStartMs + chunk.length * this.byteMs;
    this.timer = this.clock.setTimer(endMs - this.clock.nowMs(), () => {
      this.timer = null;
      this.deliver(true);
      if (this.chunkIndex < this.chunks.length) this.armTimer();
    });
  }
}

/** The printer side of the cable, as the wire sees it. */
export interface WirePrinterEnd {
  receiveBytes(data: string): void;
  onOutput(fn: (text: string) => void): void;
  setRxSync(fn: () => void): void;
}

export class VirtualWire {
  readonly toPrinter: WireDirection;
  readonly toHost: WireDirection;
  private hostSink: (data: string) => void = () => {};
  private connected = true;

  constructor(clock: Clock, baudRate: number, printer: WirePrinterEnd, private readonly faults: FaultInjector) {
    const byteMs = byteTimeMs(baudRate);
    this.toPrinter = new WireDirection(clock, byteMs, (data) => printer.receiveBytes(data));
    this.toHost = new WireDirection(clock, byteMs, (data) => this.hostSink(data));
    printer.setRxSync(() => this.toPrinter.pump());
    printer.onOutput((text) => {
      if (this.connected) this.toHost.write(this.garble(text));
    });
  }

  /** Where bytes from the printer go once they have crossed the wire. */
  onHostBytes(fn: (data: string) => void): void {
    this.hostSink = fn;
  }

  hostWrite(data: string): void {
    if (this.connected) this.toPrinter.write(this.faults.onHostWrite(data));
  }

  setConnected(connected: boolean): void {
    this.connected = connected;
    if (!connected) {
      this.toPrinter.cut();
      this.toHost.cut();
    }
  }

  private garble(text: string): string {
    if (this.faults.options.garbleOutputLineRate <= 0) return text;
    return text.split('\n').map((line) => this.faults.onPrinterLine(line)).join('\n');
  }
}
