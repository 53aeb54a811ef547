/**
 * Lines in, bytes out. A Transport frames the byte stream into lines (`\n`, `\r\n` or `\r`; NUL
 * stripped; decoded as latin-1 so bad bytes never throw). serial-transport.ts (the only importer of
 * `serialport`) and virtual-transport.ts implement it.
 */
export interface TransportEvents {
  line: (text: string) => void;
  /** The port went away (cable pulled, EIO, pty closed). Not emitted for close() we asked for. */
  disconnected: (reason: string) => void;
}

export interface Transport {
  readonly description: string;
  open(): Promise<void>;
  write(data: string): void;
  close(): Promise<void>;
  isOpen(): boolean;
  on<K extends keyof TransportEvents>(event: K, fn: TransportEvents[K]): void;
  off<K extends keyof TransportEvents>(event: K, fn: TransportEvents[K]): void;
}
