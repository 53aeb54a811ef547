import { describe, expect, it } from 'vitest';
import { LineFramer } from '../../../src/printer/transport/line-framer.js';

function frameAll(chunks: Array<string | Uint8Array>, max?: number): string[] {
  const f = new LineFramer(max);
  return chunks.flatMap((c) => f.push(c));
}

describe('LineFramer', () => {
  it('ends lines on \\n, \\r\\n and a bare \\r', () => {
    expect(frameAll(['ok\nok T:20\r\nstart\rok\n'])).toEqual(['ok', 'ok T:20', 'start', 'ok']);
  });
  it('counts a \\r\\n split across chunks once', () => {
    expect(frameAll(['ok\r', '\nok\n'])).toEqual(['ok', 'ok']);
  });
  it('keeps a blank line between two line ends', () => {
    expect(frameAll(['a\n\nb\n'])).toEqual(['a', '', 'b']);
  });
  it('joins a line split over many chunks', () => {
    expect(frameAll(['o', 'k N1', '2 P15 B3', '\n'])).toEqual(['ok N12 P15 B3']);
  });
  it('strips NUL bytes (the \\x00start after a reset)', () => {
    expect(frameAll(['\x00start\n'])).toEqual(['start']);
  });
  it('decodes bytes as latin-1, never failing on bad UTF-8', () => {
    expect(frameAll([Uint8Array.from([0xff, 0x6f, 0x6b, 0x0a])])).toEqual(['ÿok']);
  });
  it('cuts a line that never ends into pieces of the cap, losing nothing', () => {
    const out = frameAll(['x'.repeat(25), 'y\n'], 10);
    expect(out).toEqual(['xxxxxxxxxx', 'xxxxxxxxxx', 'xxxxxy']);
  });
});
