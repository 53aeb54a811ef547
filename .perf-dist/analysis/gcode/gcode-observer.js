/** The command part of the current line, decoded only when a rule needs the text (one object reused per line). */
export class RawCommand {
    buf = Buffer.alloc(0);
    start = 0;
    end = 0;
    text() {
        return this.buf.toString('latin1', this.start, this.end);
    }
}
//# sourceMappingURL=gcode-observer.js.map