/**
 * The one module that touches `serialport`. Framing is the shared LineFramer rather than
 * @serialport/parser-readline: that parser splits on a single delimiter, and firmware ends lines with
 * `\n`, `\r\n` or a bare `\r`, so one pure framer serves this and the virtual transport alike.
 *
 * Every way a port can die (EIO on a pulled cable, a pty whose other end closed, a write error) ends as
 * one `disconnected` event; nothing here throws after open() has resolved.
 */
import { read as fsRead } from 'node:fs';
import { promisify } from 'node:util';
import { SerialPort } from 'serialport';
import { SerialPortStream } from '@serialport/stream';
import bindingsCpp from '@serialport/bindings-cpp';
import { unixRead } from '@serialport/bindings-cpp/dist/unix-read.js';
import { LineFramer } from './line-framer.js';
import type { Transport, TransportEvents } from './transport.js';

type BindingInterface = ConstructorParameters<typeof SerialPortStream>[0]['binding'];

export interface SerialTransportOptions {
  path: string;
  baudRate: number;
  /** The real binding by default; tests pass SerialPortMock.binding. */
  binding?: BindingInterface;
}

type ReadFn = NonNullable<Parameters<typeof unixRead>[0]['fsReadAsync']>;
const readAsync = promisify(fsRead) as unknown as ReadFn;

/**
 * A tty that has hung up (USB adapter unplugged, pty whose other end closed) reads 0 bytes forever;
 * bindings-cpp retries such reads in a busy loop and never reports the loss. Treating a 0-byte read as
 * an error turns it into the stream's ordinary disconnect path.
 */
const readOrHangup: ReadFn = (async (...args: Parameters<ReadFn>) => {
  const result = await readAsync(...args);
  if (result.bytesRead === 0) throw Object.assign(new Error('the device hung up'), { code: 'EHANGUP' });
  return result;
}) as ReadFn;

function hangupAware(base: BindingInterface): BindingInterface {
  return {
    list: () => base.list(),
    open: async (options) => {
      const port = await base.open(options);
      if (port instanceof bindingsCpp.LinuxPortBinding || port instanceof bindingsCpp.DarwinPortBinding) {
        port.read = (buffer, offset, length) => unixRead({ binding: port, buffer, offset, length, fsReadAsync: readOrHangup });
      }
      return port;
    },
  };
}

export type SystemPortInfo = Awaited<ReturnType<typeof SerialPort.list>>[number];

/** The OS's own port listing (udev on Linux); rejects where udevadm is missing — ports.ts falls back. */
export function listSystemPorts(): Promise<SystemPortInfo[]> {
  return SerialPort.list();
}

type Listeners = { [K in keyof TransportEvents]: Set<TransportEvents[K]> };

export class SerialTransport implements Transport {
  readonly description: string;
  private port: SerialPortStream | null = null;
  private framer = new LineFramer();
  private closingOnPurpose = false;
  private readonly listeners: Listeners = { line: new Set(), disconnected: new Set() };

  constructor(private readonly opts: SerialTransportOptions) {
    this.description = `${opts.path} @ ${opts.baudRate}`;
  }

  open(): Promise<void> {
    if (this.port) return Promise.reject(new Error(`${this.opts.path} is already open`));
    this.framer = new LineFramer();
    this.closingOnPurpose = false;
    const options = {
      binding: this.opts.binding ?? hangupAware(SerialPort.binding),
      path: this.opts.path,
      baudRate: this.opts.baudRate,
      autoOpen: false,
      // Exclusive: a second host writing to the same printer would interleave lines mid-print.
      lock: true,
      // Keep DTR up on close where the driver honours it, so closing does not reset the board.
      hupcl: false,
    };
    const port = new SerialPortStream(options);
    return new Promise((resolve, reject) => {
      port.open((err) => {
        if (err) { reject(err); return; }
        this.port = port;
        port.on('data', (chunk: Buffer) => this.onData(chunk));
        port.on('error', (e: Error) => this.lost(port, e.message));
        port.on('close', (e: Error | null) => this.lost(port, e?.message ?? 'port closed'));
        resolve();
      });
    });
  }

  write(data: string): void {
    const port = this.port;
    if (!port) return;
    port.write(Buffer.from(data, 'latin1'), (err) => {
      if (err) this.lost(port, `write failed: ${err.message}`);
    });
  }

  close(): Promise<void> {
    const port = this.port;
    if (!port) return Promise.resolve();
    this.closingOnPurpose = true;
    this.port = null;
    return new Promise((resolve) => {
      if (!port.isOpen) { resolve(); return; }
      // A port that is already failing may report an error on close; it is closed either way.
      port.close(() => resolve());
    });
  }

  isOpen(): boolean { return this.port !== null; }

  /** Changes the baud rate of an open port (used by baud detection). */
  setBaudRate(baudRate: number): Promise<void> {
    const port = this.port;
    if (!port) return Promise.reject(new Error(`${this.opts.path} is not open`));
    return new Promise((resolve, reject) => port.update({ baudRate }, (err) => (err ? reject(err) : resolve())));
  }

  on<K extends keyof TransportEvents>(event: K, fn: TransportEvents[K]): void {
    (this.listeners[event] as Set<TransportEvents[K]>).add(fn);
  }

  off<K extends keyof TransportEvents>(event: K, fn: TransportEvents[K]): void {
    (this.listeners[event] as Set<TransportEvents[K]>).delete(fn);
  }

  private onData(chunk: Buffer): void {
    for (const line of this.framer.push(chunk)) {
      for (const fn of this.listeners.line) fn(line);
    }
  }

  private lost(port: SerialPortStream, reason: string): void {
    if (this.port !== port || this.closingOnPurpose) return;
    this.port = null;
    if (port.isOpen) port.close(() => undefined);
    for (const fn of this.listeners.disconnected) fn(reason);
  }
}
