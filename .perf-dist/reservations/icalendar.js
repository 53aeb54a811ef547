/**
 * RFC 5545 text for a read-only booking feed: CRLF line ends, lines folded at 75 octets without
 * splitting a UTF-8 character, TEXT values escaped, all times in UTC. Pure.
 */
const MAX_LINE_OCTETS = 75;
export function escapeText(value) {
    return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}
/** 20261128T143000Z */
export function utcStamp(atMs) {
    return new Date(atMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
/** Splits a content line into 75-octet pieces; continuation lines start with one space, which counts. */
export function foldLine(line) {
    if (Buffer.byteLength(line, 'utf8') <= MAX_LINE_OCTETS)
        return line;
    const pieces = [];
    let current = '';
    let octets = 0;
    for (const ch of line) {
        const size = Buffer.byteLength(ch, 'utf8');
        const limit = pieces.length === 0 ? MAX_LINE_OCTETS : MAX_LINE_OCTETS - 1;
        if (octets + size > limit) {
            pieces.push(current);
            current = '';
            octets = 0;
        }
        current += ch;
        octets += size;
    }
    pieces.push(current);
    return pieces.join('\r\n ');
}
export function renderCalendar(cal) {
    const lines = [
        'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Tulostamo//Library reservations//EN', 'CALSCALE:GREGORIAN',
        'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(cal.name)}`,
    ];
    for (const e of cal.events) {
        lines.push('BEGIN:VEVENT', `UID:${e.uid}`, `DTSTAMP:${utcStamp(cal.nowMs)}`, `DTSTART:${utcStamp(e.startsAtMs)}`, `DTEND:${utcStamp(e.endsAtMs)}`, `SUMMARY:${escapeText(e.summary)}`);
        if (e.description)
            lines.push(`DESCRIPTION:${escapeText(e.description)}`);
        lines.push('STATUS:CONFIRMED', 'TRANSP:OPAQUE', 'END:VEVENT');
    }
    lines.push('END:VCALENDAR');
    return lines.map(foldLine).join('\r\n') + '\r\n';
}
//# sourceMappingURL=icalendar.js.map