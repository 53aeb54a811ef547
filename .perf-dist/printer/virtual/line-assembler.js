const LF = 10;
const CR = 13;
const BACKSPACE = 8;
const BACKSLASH = 92;
const SEMICOLON = 59;
export class LineAssembler {
    options;
    buffer = '';
    inComment = false;
    escaped = false;
    /** The previous byte was CR: an LF right after it ends the same line, not a blank one. */
    afterCr = false;
    constructor(options) {
        this.options = options;
    }
    /** Feeds one byte; returns the finished line when this byte ended one, else null. */
    feed(code) {
        const afterCr = this.afterCr;
        this.afterCr = code === CR;
        if (code === LF && afterCr)
            return null;
        if (code === LF || code === CR)
            return this.endLine();
        if (this.inComment)
            return null;
        if (code > 127 && this.options.dropHighBitBytes)
            return null;
        if (this.escaped) {
            this.escaped = false;
            this.append(code);
            return null;
        }
        if (code === BACKSLASH)
            this.escaped = true;
        else if (code === SEMICOLON)
            this.inComment = true;
        else if (code === BACKSPACE)
            this.buffer = this.buffer.slice(0, -1);
        else
            this.append(code);
        return null;
    }
    /** Forgets the partial line (after the firmware flushed its input). */
    reset() {
        this.buffer = '';
        this.inComment = false;
        this.escaped = false;
    }
    append(code) {
        if (this.buffer.length < this.options.maxLineBytes)
            this.buffer += String.fromCharCode(code);
    }
    endLine() {
        let start = 0;
        while (start < this.buffer.length && this.buffer.charCodeAt(start) === 32)
            start++;
        const line = start > 0 ? this.buffer.slice(start) : this.buffer;
        this.reset();
        if (line.length > 0)
            return line;
        return this.options.keepBlankLines ? '' : null;
    }
}
//# sourceMappingURL=line-assembler.js.map