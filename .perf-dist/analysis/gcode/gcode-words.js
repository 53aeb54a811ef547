/**
 * Byte-level reader for one G-code line. The analyser sees every line of files of hundreds of MB, so it
 * reads numbers straight out of the Buffer instead of building strings and running regexes: that is
 * what keeps the pass within a small factor of the raw read speed.
 */
const A = 65;
const SEMICOLON = 59;
const STAR = 42;
export function createCommandWords() {
    return { letter: '', code: NaN, present: 0, values: new Float64Array(26), commandEnd: 0, malformed: false };
}
/** Index of each parameter letter in `values` and bit in `present` (hot paths index, never look up by string). */
export const Word = {
    E: 4, F: 5, I: 8, J: 9, P: 15, R: 17, S: 18, T: 19, X: 23, Y: 24, Z: 25,
};
export function hasWord(words, index) {
    return ((words.present >>> index) & 1) !== 0;
}
/** The parameter's value, NaN when absent or given without a number. */
export function wordValue(words, index) {
    return ((words.present >>> index) & 1) !== 0 ? words.values[index] : NaN;
}
/** An exponent after a number is read as the firmware's strtod would ("1e-3"); `out.end` is where it stops. */
function applyExponent(buf, i, end, value, out) {
    let j = i + 1;
    let expSign = 1;
    if (buf[j] === 45) {
        expSign = -1;
        j++;
    }
    else if (buf[j] === 43) {
        j++;
    }
    let exp = 0;
    let expDigits = 0;
    while (j < end && buf[j] >= 48 && buf[j] <= 57) {
        exp = exp * 10 + (buf[j] - 48);
        j++;
        expDigits++;
    }
    if (expDigits === 0) {
        out.end = i;
        return value;
    }
    out.end = j;
    return value * 10 ** (expSign * exp);
}
const exponentEnd = { end: 0 };
/**
 * Reads `buf[start, end)` (one line, no newline) into `out`. Line numbers (`N`) and checksums (`*cs`) are
 * skipped; lower-case letters count as upper-case, as firmware does. Never throws.
 */
export function readCommandWords(buf, start, end, out) {
    out.letter = '';
    out.code = NaN;
    out.malformed = false;
    const values = out.values;
    let present = 0;
    let i = start;
    let first = true;
    while (i < end) {
        let c = buf[i];
        if (c === 32 || c === 9 || c === 13) {
            i++;
            continue;
        }
        if (c === SEMICOLON || c === STAR)
            break;
        if (c === 40 /* ( */) { // RS-274 style inline comment
            while (i < end && buf[i] !== 41)
                i++;
            i++;
            continue;
        }
        if (c >= 97 && c <= 122)
            c -= 32;
        if (c < A || c > 90) {
            out.malformed = true;
            i++;
            continue;
        }
        i++;
        // The number is read inline: this loop runs for every word of every line of every file.
        let d = buf[i];
        let negative = false;
        if (d === 45) {
            negative = true;
            i++;
        }
        else if (d === 43) {
            i++;
        }
        let value = 0;
        let digits = 0;
        while (i < end) {
            d = buf[i];
            if (d < 48 || d > 57)
                break;
            value = value * 10 + (d - 48);
            i++;
            digits++;
        }
        if (i < end && buf[i] === 46) {
            i++;
            let frac = 0;
            let scale = 1;
            while (i < end) {
                d = buf[i];
                if (d < 48 || d > 57)
                    break;
                if (scale < 1e15) {
                    frac = frac * 10 + (d - 48);
                    scale *= 10;
                }
                i++;
                digits++;
            }
            value += frac / scale;
        }
        if (digits === 0)
            value = NaN;
        else if (i < end && (buf[i] === 101 || buf[i] === 69)) {
            value = applyExponent(buf, i, end, value, exponentEnd);
            i = exponentEnd.end;
        }
        if (negative)
            value = -value;
        if (first) {
            if (c === 78 /* N */)
                continue;
            first = false;
            out.letter = String.fromCharCode(c);
            out.code = value;
            if (digits === 0 && c !== 84 /* bare T is legal on some firmwares */)
                out.malformed = true;
            // M117/M118/M23… carry free text: stop reading words, the policy reads the raw text.
            if (c === 77 && (value === 117 || value === 118 || value === 23 || value === 28 || value === 30 || value === 32)) {
                while (i < end && buf[i] !== SEMICOLON)
                    i++;
                break;
            }
        }
        else {
            // A bare flag (`G28 X`, `M84 E`) means "this axis" with no value: NaN, present.
            values[c - A] = value;
            present |= 1 << (c - A);
        }
    }
    out.present = present;
    out.commandEnd = i < end ? i : end;
}
//# sourceMappingURL=gcode-words.js.map