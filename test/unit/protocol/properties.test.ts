/**
 * Properties over arbitrary input: firmware output can be any bytes, and a G-code file any text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checksum, cleanLine, frame } from '../../../src/printer/protocol/gcode-line.js';
import { parseResponse } from '../../../src/printer/protocol/responses.js';

const anyLatin1 = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 120 });

describe('properties', () => {
  it('parseResponse never throws and always keeps the line', () => {
    fc.assert(fc.property(anyLatin1, (line) => {
      const r = parseResponse(line);
      expect(typeof r.kind).toBe('string');
      expect(r.raw).toBe(line.replace(/\0/g, '').trim());
    }), { numRuns: 3000 });
  });

  it('an accepted line is plain ASCII without comments or backslashes and fits when numbered', () => {
    fc.assert(fc.property(anyLatin1, fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 40, max: 256 }), (raw, n, maxLineBytes) => {
      const r = cleanLine(raw, { maxLineBytes });
      if (!r.ok) {
        expect(['line_has_backslash', 'line_not_ascii', 'line_too_long']).toContain(r.reason);
        return;
      }
      expect(r.command).toMatch(/^[\x20-\x7e\t]*$/);
      // A lone `)` is ordinary text to the firmware too; only `(` opens a comment.
      expect(r.command).not.toMatch(/[;\\(]/);
      expect(r.command).toBe(r.command.trim());
      if (r.command) expect(frame(n, r.command).length).toBeLessThanOrEqual(maxLineBytes);
    }), { numRuns: 3000 });
  });

  it('a framed line carries the XOR of everything before its last `*`', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.string({ minLength: 1, maxLength: 60 }), (n, cmd) => {
      const wire = frame(n, cmd);
      const star = wire.lastIndexOf('*');
      expect(Number(wire.slice(star + 1))).toBe(checksum(wire.slice(0, star)));
      expect(wire.startsWith(`N${n} `)).toBe(true);
    }), { numRuns: 2000 });
  });
});
