/**
 * The per-line helpers were rewritten as hand scanners for speed (docs/performance.md). Their
 * meaning is still the readable regular expression or sort below: these properties hold them to it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanLine, commandCode } from '../../../src/printer/protocol/gcode-line.js';
import { LinkRates } from '../../../src/printer/link-metrics.js';

/** Short strings over the characters that matter to a command code, and some that only get in the way. */
const codeLike = fc.string({
  unit: fc.constantFrom('G', 'M', 'T', 'g', 'm', 't', 'X', 'N', ' ', '\t', '\u00a0', '0', '0', '1', '2', '9', ';', '(', ')', '.', '-'),
  maxLength: 14,
});

function referenceCode(command: string): string | null {
  const m = /^\s*([GMTgmt])\s*0*(\d+)/.exec(command);
  return m ? `${m[1]!.toUpperCase()}${m[2]}` : null;
}

function referenceStrip(raw: string): string {
  let out = '';
  let inParen = false;
  for (const ch of raw) {
    if (inParen) { if (ch === ')') inParen = false; continue; }
    if (ch === ';') break;
    if (ch === '(') { inParen = true; continue; }
    out += ch;
  }
  return out.trim();
}

describe('hand-written hot paths mean what the regular expressions meant', () => {
  it('commandCode', () => {
    fc.assert(fc.property(codeLike, (text) => { expect(commandCode(text)).toBe(referenceCode(text)); }), { numRuns: 5000 });
    expect(commandCode('M1234567890 S1')).toBe('M1234567890');
    expect(commandCode('g000')).toBe('G0');
  });

  it('cleanLine strips comments as before', () => {
    fc.assert(fc.property(codeLike, (text) => {
      const cleaned = cleanLine(text, { maxLineBytes: 1000 });
      if (cleaned.ok) expect(cleaned.command).toBe(referenceStrip(text));
    }), { numRuns: 5000 });
  });

  it('RTT percentiles are the nearest-rank values of the sorted samples', () => {
    const rates = new LinkRates();
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 1024 }), (samples) => {
      const sorted = [...samples].sort((a, b) => a - b);
      const rank = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
      const m = rates.snapshot(0, { linesSent: 0, bytesSent: 0, linesAcked: 0, resends: 0, timeouts: 0, rttSamplesMs: Float64Array.from(samples) });
      expect([m.rttP50Ms, m.rttP99Ms]).toEqual([rank(0.5), rank(0.99)]);
    }), { numRuns: 500 });
  });
});
