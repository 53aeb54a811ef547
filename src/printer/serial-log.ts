/**
 * The staff's view of the wire: a fixed-size ring of timestamped entries, so a printer that runs for
 * weeks keeps the last few thousand lines and never grows.
 */
import type { SerialLogEntry } from './printer-types.js';

export const DEFAULT_SERIAL_LOG_ENTRIES = 2000;

export class SerialLog {
  private readonly ring: SerialLogEntry[] = [];
  private head = 0;

  constructor(private readonly capacity = DEFAULT_SERIAL_LOG_ENTRIES) {
    if (!(capacity >= 1)) throw new RangeError(`serial log capacity must be ≥ 1, got ${capacity}`);
  }

  add(entry: SerialLogEntry): void {
    if (this.ring.length < this.capacity) this.ring.push(entry);
    else this.ring[this.head] = entry;
    this.head = (this.head + 1) % this.capacity;
  }

  /** The newest `limit` entries, oldest first. */
  entries(limit = this.capacity): SerialLogEntry[] {
    const ordered = this.ring.length < this.capacity
      ? this.ring
      : [...this.ring.slice(this.head), ...this.ring.slice(0, this.head)];
    return ordered.slice(Math.max(0, ordered.length - limit));
  }
}
