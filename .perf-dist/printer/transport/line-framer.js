/**
 * Splits a byte stream into lines for both transports. Firmware output has no integrity check, so this
 * must survive anything: `\n`, `\r\n` and a bare `\r` all end a line (a `\r\n` split across two chunks
 * still counts once), NUL bytes vanish (`\x00start` after a reset), bytes are latin-1 so nothing can fail
 * to decode, and a line that never ends is cut into `maxLineChars` pieces instead of growing forever.
 */
export class LineFramer {
    maxLineChars;
    partial = '';
    afterCr = false;
    constructor(maxLineChars = 4096) {
        this.maxLineChars = maxLineChars;
        if (!(maxLineChars > 0))
            throw new RangeError(`maxLineChars must be > 0, got ${maxLineChars}`);
    }
    /** Takes one chunk (a latin-1 string or raw bytes) and returns the lines it completed, in order. */
    push(chunk) {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('latin1');
        const lines = [];
        let start = 0;
        for (let i = 0; i < text.length; i++) {
            const c = text.charCodeAt(i);
            if (c !== 10 && c !== 13)
                continue;
            if (c === 10 && this.afterCr && i === start && this.partial === '') {
                this.afterCr = false;
                start = i + 1;
                continue;
            }
            this.append(text.slice(start, i), lines);
            lines.push(this.partial);
            this.partial = '';
            this.afterCr = c === 13;
            start = i + 1;
        }
        if (start < text.length) {
            this.afterCr = false;
            this.append(text.slice(start), lines);
        }
        return lines;
    }
    append(piece, lines) {
        let rest = piece.includes('\0') ? piece.replaceAll('\0', '') : piece;
        while (this.partial.length + rest.length > this.maxLineChars) {
            const room = this.maxLineChars - this.partial.length;
            lines.push(this.partial + rest.slice(0, room));
            this.partial = '';
            rest = rest.slice(room);
        }
        this.partial += rest;
    }
}
//# sourceMappingURL=line-framer.js.map