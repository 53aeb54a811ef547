/**
 * The firmware's acceptance test for one assembled line: line number sequence and XOR checksum, with
 * the rules of each firmware family. Pure: the caller keeps `lastLineNumber` and applies the verdict.
 *
 * Marlin rules: a line is numbered only if it starts with `N`; a numbered line needs `*`; N must be
 * last+1 unless the line mentions M110 (then the N after the M110 counts); the gap check comes before
 * the checksum check; the checksum covers every byte before the LAST `*`. Unnumbered lines pass unchecked.
 */
import { checksum } from '../protocol/gcode-line.js';
/** strtol(…, 10) from `start`: optional sign and digits, 0 when there are none. */
function leadingInt(text, start) {
    const m = /^[+-]?\d+/.exec(text.slice(start, start + 12));
    return m ? Number(m[0]) : 0;
}
/** The command as the parser sees it: without `N<n> ` in front and without `*cs` behind. */
export function commandText(line) {
    let start = 0;
    if (line.charCodeAt(0) === 78 /* N */) {
        start = 1;
        if (line[start] === '-' || line[start] === '+')
            start++;
        while (start < line.length && line.charCodeAt(start) >= 48 && line.charCodeAt(start) <= 57)
            start++;
        while (line.charCodeAt(start) === 32)
            start++;
    }
    const star = line.lastIndexOf('*');
    const end = star >= start ? star : line.length;
    return line.slice(start, end).trimEnd();
}
function lineNumberOf(line, rules) {
    const m110At = line.indexOf('M110');
    if (rules.m110 === 'marlin' && m110At >= 0) {
        const second = line.indexOf('N', 4);
        return { n: leadingInt(line, (second >= 0 ? second : 0) + 1), exempt: true };
    }
    const exempt = m110At >= 0 && (rules.m110 === 'leading' || /^N[+-]?\d+ *M110/.test(line));
    return { n: leadingInt(line, 1), exempt };
}
export function checkLine(line, lastLineNumber, rules) {
    const numbered = line.charCodeAt(0) === 78;
    if (rules.checks === 'none' || (!numbered && rules.checks === 'drop_bad' && !line.includes('*'))) {
        return { kind: 'accept', command: commandText(line), lineNumber: null };
    }
    const star = line.lastIndexOf('*');
    if (!numbered) {
        if (star >= 0 && rules.rejectsChecksumWithoutLineNumber) {
            return { kind: 'error', reason: 'checksum_without_line_number', lineNumber: null };
        }
        return { kind: 'accept', command: commandText(line), lineNumber: null };
    }
    const { n, exempt } = lineNumberOf(line, rules);
    const checksumOk = star >= 0 && leadingInt(line, star + 1) === checksum(line.slice(0, star));
    if (rules.checks === 'drop_bad') {
        return checksumOk || star < 0 ? { kind: 'accept', command: commandText(line), lineNumber: n } : { kind: 'drop' };
    }
    const mask = rules.lineNumberMask;
    const expected = mask === null ? lastLineNumber + 1 : (lastLineNumber + 1) & mask;
    if ((mask === null ? n : n & mask) !== expected && !exempt)
        return { kind: 'error', reason: 'line_number_gap', lineNumber: n };
    if (star < 0)
        return { kind: 'error', reason: 'missing_checksum', lineNumber: n };
    if (!checksumOk)
        return { kind: 'error', reason: 'checksum_mismatch', lineNumber: n };
    return { kind: 'accept', command: commandText(line), lineNumber: n };
}
//# sourceMappingURL=line-check.js.map