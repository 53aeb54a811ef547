import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, renderCalendar, utcStamp } from '../../../src/reservations/icalendar.js';

const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');

describe('iCalendar text', () => {
  it('escapes backslash, semicolon, comma and newlines in TEXT values', () => {
    expect(escapeText('a\\b; c, d\ne\r\nf')).toBe('a\\\\b\\; c\\, d\\ne\\nf');
  });

  it('writes UTC date-times with a Z', () => {
    expect(utcStamp(Date.UTC(2030, 5, 3, 7, 5, 9, 999))).toBe('20300603T070509Z');
  });

  it('folds at 75 octets without splitting a UTF-8 character, and unfolds back to the same line', () => {
    const line = `SUMMARY:${'Ääkköspaja 🖨️ '.repeat(12)}`;
    const folded = foldLine(line);
    const pieces = folded.split('\r\n');
    expect(pieces.length).toBeGreaterThan(2);
    for (const p of pieces) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
    pieces.slice(1).forEach((p) => expect(p.startsWith(' ')).toBe(true));
    expect(pieces.join('')).not.toContain('\uFFFD');
    expect(unfold(folded)).toBe(line);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
    expect(foldLine('X:' + 'a'.repeat(73))).toBe('X:' + 'a'.repeat(73));
    expect(foldLine('X:' + 'a'.repeat(74))).toBe('X:' + 'a'.repeat(73) + '\r\n a');
  });

  it('renders a calendar with one VEVENT per booking, each with UID and DTSTAMP', () => {
    const text = renderCalendar({
      name: 'Tulostamo: mk3', nowMs: Date.UTC(2030, 0, 1),
      events: [{ uid: 'booking-7@tulostamo', startsAtMs: Date.UTC(2030, 5, 3, 7), endsAtMs: Date.UTC(2030, 5, 3, 9), summary: 'Paja, osa 1' }],
    });
    expect(text).toBe([
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Tulostamo//Library reservations//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH',
      'X-WR-CALNAME:Tulostamo: mk3', 'BEGIN:VEVENT', 'UID:booking-7@tulostamo', 'DTSTAMP:20300101T000000Z',
      'DTSTART:20300603T070000Z', 'DTEND:20300603T090000Z', 'SUMMARY:Paja\\, osa 1', 'STATUS:CONFIRMED', 'TRANSP:OPAQUE', 'END:VEVENT',
      'END:VCALENDAR', '',
    ].join('\r\n'));
  });
});
