export const DEFAULT_SERIAL_LOG_ENTRIES = 2000;
export class SerialLog {
    capacity;
    ring = [];
    head = 0;
    constructor(capacity = DEFAULT_SERIAL_LOG_ENTRIES) {
        this.capacity = capacity;
        if (!(capacity >= 1))
            throw new RangeError(`serial log capacity must be ≥ 1, got ${capacity}`);
    }
    add(entry) {
        if (this.ring.length < this.capacity)
            this.ring.push(entry);
        else
            this.ring[this.head] = entry;
        this.head = (this.head + 1) % this.capacity;
    }
    /** The newest `limit` entries, oldest first. */
    entries(limit = this.capacity) {
        const ordered = this.ring.length < this.capacity
            ? this.ring
            : [...this.ring.slice(this.head), ...this.ring.slice(0, this.head)];
        return ordered.slice(Math.max(0, ordered.length - limit));
    }
}
//# sourceMappingURL=serial-log.js.map