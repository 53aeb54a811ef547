/**
 * One outgoing G-code line, exactly as the firmware will see it: comments stripped, then numbered and
 * checksummed. Pure functions, no I/O.
 *
 * Why clean before framing: Marlin drops `;`/`(` comments and `\` escapes *before* it verifies the
 * checksum, and truncates lines past MAX_CMD_SIZE. A host that checksums the raw text therefore gets a
 * mismatch on every send of that line — an endless resend loop. So we send only what survives cleaning.
 */
/**
 * Bytes framing adds to a command: `N` + up to 8 digits + space + `*` + up to 3 digits. Reserved up
 * front so a line accepted here can never grow past the limit when it is numbered (even past N 9,999,999).
 */
export const FRAME_OVERHEAD_BYTES = 1 + 8 + 1 + 1 + 3;
/** Text commands whose argument is free text shown to a person: non-ASCII there is only cosmetic. */
const TEXT_COMMANDS = new Set(['M117', 'M118']);
/** Strips comments and surrounding space; an empty `command` means nothing needs to be sent. */
export function cleanLine(raw, opts) {
    let text = stripComments(raw).trim();
    if (text.includes('\\')) {
        return { ok: false, reason: 'line_has_backslash', message: `Line contains a backslash, which the firmware would drop: ${quote(raw)}` };
    }
    if (!isPlainAscii(text)) {
        if (!TEXT_COMMANDS.has(commandCode(text) ?? '')) {
            return { ok: false, reason: 'line_not_ascii', message: `Line contains bytes outside printable ASCII: ${quote(raw)}` };
        }
        // Prusa drops high-bit bytes before checksumming, so any we kept would break the checksum.
        text = text.replace(/[^\x20-\x7e]/g, '?');
    }
    if (text.length + FRAME_OVERHEAD_BYTES > opts.maxLineBytes) {
        return {
            ok: false, reason: 'line_too_long',
            message: `Line is ${text.length} bytes; with its number and checksum it could exceed the firmware's ${opts.maxLineBytes}-byte limit`,
        };
    }
    return { ok: true, command: text };
}
function stripComments(raw) {
    let out = '';
    let inParen = false;
    for (const ch of raw) {
        if (inParen) {
            if (ch === ')')
                inParen = false;
            continue;
        }
        if (ch === ';')
            break;
        if (ch === '(') {
            inParen = true;
            continue;
        }
        out += ch;
    }
    return out;
}
function isPlainAscii(text) {
    return /^[\x20-\x7e\t]*$/.test(text);
}
function quote(raw) {
    return JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw);
}
/** XOR of every character code, as the firmware computes it over `N<n> <command>`. */
export function checksum(text) {
    let cs = 0;
    for (let i = 0; i < text.length; i++)
        cs ^= text.charCodeAt(i) & 0xff;
    return cs;
}
/** `N<n> <cmd>*<xor>` (without the newline). */
export function frame(lineNumber, command) {
    const body = `N${lineNumber} ${command}`;
    return `${body}*${checksum(body)}`;
}
/** `G1`, `M104`, `T0`… normalised (`g01` → `G1`); null for an empty or non-command line. */
export function commandCode(command) {
    const m = /^\s*([GMTgmt])\s*0*(\d+)/.exec(command);
    if (!m)
        return null;
    return `${m[1].toUpperCase()}${m[2]}`;
}
/** Numeric value of a parameter letter (`S` in `G4 S30`), or null when absent. */
export function commandParam(command, letter) {
    const m = new RegExp(`(?:^|\\s)${letter}\\s*(-?\\d+(?:\\.\\d*)?|-?\\.\\d+)`, 'i').exec(command.replace(/^\s*[GMT]\d+/i, ''));
    return m ? Number(m[1]) : null;
}
export function isEmergencyStop(command) {
    return commandCode(command) === 'M112';
}
/**
 * Commands Marlin's EMERGENCY_PARSER acts on as the bytes arrive (M108 break heating wait, M410 quick
 * stop, M524 abort SD print, M876 answer a prompt). Only there may they jump the queue: without that
 * parser they would just wait in the firmware's queue behind whatever blocks it.
 */
const EMERGENCY_PARSER_CODES = new Set(['M108', 'M410', 'M524', 'M876']);
export function isEmergencyParserCommand(command) {
    return EMERGENCY_PARSER_CODES.has(commandCode(command) ?? '');
}
//# sourceMappingURL=gcode-line.js.map