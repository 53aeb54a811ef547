export const BITS_PER_BYTE = 10;
export function byteTimeMs(baudRate) {
    if (!(baudRate > 0))
        throw new RangeError(`baudRate must be > 0, got ${baudRate}`);
    return (BITS_PER_BYTE * 1000) / baudRate;
}
export class WireDirection {
    clock;
    byteMs;
    sink;
    chunks = [];
    chunkIndex = 0;
    /** Bytes of the chunk in transmission already handed to the sink. */
    delivered = 0;
    chunkStartMs = 0;
    timer = null;
    bytesQueued = 0;
    /** The sink may make the printer read, which pumps again: the inner call must not advance twice. */
    pumping = false;
    constructor(clock, byteMs, sink) {
        this.clock = clock;
        this.byteMs = byteMs;
        this.sink = sink;
    }
    write(data) {
        if (data.length === 0)
            return;
        if (this.chunkIndex === this.chunks.length)
            this.chunkStartMs = this.clock.nowMs();
        this.chunks.push(data);
        this.bytesQueued += data.length;
        if (!this.timer)
            this.armTimer();
    }
    /** Hands every byte that has arrived by now to the sink. */
    pump() {
        this.deliver(false);
    }
    /**
     * `headIsDue`: the timer for the chunk in transmission fired, so all of it has arrived whatever the
     * floating-point arithmetic below says (after hours of simulated time it can be short by one byte).
     */
    deliver(headIsDue) {
        if (this.pumping)
            return;
        this.pumping = true;
        try {
            this.deliverDue(headIsDue);
        }
        finally {
            this.pumping = false;
        }
    }
    deliverDue(headIsDue) {
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
            if (arrived < chunk.length)
                break;
            this.chunkStartMs += chunk.length * this.byteMs;
            this.delivered = 0;
            this.chunkIndex++;
        }
        if (this.chunkIndex === this.chunks.length) {
            this.chunks.length = 0;
            this.chunkIndex = 0;
        }
        else if (this.chunkIndex > 1024) {
            this.chunks.splice(0, this.chunkIndex);
            this.chunkIndex = 0;
        }
    }
    /** Bytes written but not yet arrived. */
    pendingBytes() {
        return this.bytesQueued;
    }
    /** The cable is pulled: bytes in flight are lost. */
    cut() {
        this.clock.clearTimer(this.timer);
        this.timer = null;
        this.chunks.length = 0;
        this.chunkIndex = 0;
        this.delivered = 0;
        this.bytesQueued = 0;
    }
    armTimer() {
        const chunk = this.chunks[this.chunkIndex];
        const endMs = this.chunkStartMs + chunk.length * this.byteMs;
        this.timer = this.clock.setTimer(endMs - this.clock.nowMs(), () => {
            this.timer = null;
            this.deliver(true);
            if (this.chunkIndex < this.chunks.length)
                this.armTimer();
        });
    }
}
export class VirtualWire {
    faults;
    toPrinter;
    toHost;
    hostSink = () => { };
    connected = true;
    constructor(clock, baudRate, printer, faults) {
        this.faults = faults;
        const byteMs = byteTimeMs(baudRate);
        this.toPrinter = new WireDirection(clock, byteMs, (data) => printer.receiveBytes(data));
        this.toHost = new WireDirection(clock, byteMs, (data) => this.hostSink(data));
        printer.setRxSync(() => this.toPrinter.pump());
        printer.onOutput((text) => {
            if (this.connected)
                this.toHost.write(this.garble(text));
        });
    }
    /** Where bytes from the printer go once they have crossed the wire. */
    onHostBytes(fn) {
        this.hostSink = fn;
    }
    hostWrite(data) {
        if (this.connected)
            this.toPrinter.write(this.faults.onHostWrite(data));
    }
    setConnected(connected) {
        this.connected = connected;
        if (!connected) {
            this.toPrinter.cut();
            this.toHost.cut();
        }
    }
    garble(text) {
        if (this.faults.options.garbleOutputLineRate <= 0)
            return text;
        return text.split('\n').map((line) => this.faults.onPrinterLine(line)).join('\n');
    }
}
//# sourceMappingURL=virtual-wire.js.map