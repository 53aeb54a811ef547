import { Buffer } from 'node:buffer';
/** Splits a byte stream into text lines across chunk boundaries; the text formats (ASCII STL, OBJ) share it. */
export class LineSplitter {
    maxLineChars;
    carry = '';
    lineCount = 0;
    /** Set once a line grew past maxLineChars: a binary file fed to a text parser, which must then refuse it. */
    overflowed = false;
    constructor(maxLineChars = 64 * 1024) {
        this.maxLineChars = maxLineChars;
    }
    push(chunk, onLine) {
        // latin1 maps every byte to one char, so a multi-byte UTF-8 name split across chunks cannot corrupt a number.
        const text = this.carry + Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).toString('latin1');
        let start = 0;
        for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
            onLine(text.slice(start, nl), ++this.lineCount);
            start = nl + 1;
        }
        this.carry = text.slice(start);
        if (this.carry.length > this.maxLineChars) {
            this.overflowed = true;
            this.carry = '';
        }
    }
    end(onLine) {
        if (this.carry.length > 0)
            onLine(this.carry, ++this.lineCount);
        this.carry = '';
    }
}
//# sourceMappingURL=line-splitter.js.map