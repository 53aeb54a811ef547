/**
 * The Transport over the virtual wire: the same contract as the serial transport, so the printer link,
 * the benchmark and `npm start` cannot tell the virtual printer from a USB one. Opening the port resets
 * the board by default, as DTR does on boards with a USB-serial bridge.
 */
import { AppError } from '../../core/errors.js';
import type { VirtualWire } from '../virtual/virtual-wire.js';
import { LineFramer } from './line-framer.js';
import type { Transport, TransportEvents } from './transport.js';

/** What the transport may do to the board behind the wire. */
export interface VirtualBoard {
  reset(): void;
  onDisconnect(fn: (reason: string) => void): void;
}

export interface VirtualTransportOptions {
  description?: string;
  /** Opening the port resets the board (DTR); native-USB boards do not. */
  resetOnOpen?: boolean;
  maxLineChars?: number;
}

type Listeners = { [K in keyof TransportEvents]: Set<TransportEvents[K]> };

export class VirtualTransport implements Transport {
  readonly description: string;
  private opened = false;
  private framer: LineFramer;
  private readonly listeners: Listeners = { line: new Set(), disconnected: new Set() };

  constructor(private readonly wire: VirtualWire, private readonly board: VirtualBoard, private readonly options: VirtualTransportOptions = {}) {
    this.description = options.description ?? 'virtual printer';
    this.framer = new LineFramer(options.maxLineChars);
    wire.setConnected(false);
    wire.onHostBytes((data) => {
      for (const line of this.framer.push(data)) for (const fn of this.listeners.line) fn(line);
    });
    board.onDisconnect((reason) => {
      if (!this.opened) return;
      this.shut();
      for (const fn of this.listeners.disconnected) fn(reason);
    });
  }

  async open(): Promise<void> {
    if (this.opened) return;
    this.framer = new LineFramer(this.options.maxLineChars);
    this.wire.setConnected(true);
    this.opened = true;
    if (this.options.resetOnOpen ?? true) this.board.reset();
  }

  write(data: string): void {
    if (!this.opened) throw new AppError('transport_not_open', `${this.description}: write while the port is closed`, 409);
    this.wire.hostWrite(data);
  }

  async close(): Promise<void> {
    if (this.opened) this.shut();
  }

  isOpen(): boolean {
    return this.opened;
  }

  on<K extends keyof TransportEvents>(event: K, fn: TransportEvents[K]): void {
    (this.listeners[event] as Set<TransportEvents[K]>).add(fn);
  }

  off<K extends keyof TransportEvents>(event: K, fn: TransportEvents[K]): void {
    (this.listeners[event] as Set<TransportEvents[K]>).delete(fn);
  }

  private shut(): void {
    this.opened = false;
    this.wire.setConnected(false);
  }
}
