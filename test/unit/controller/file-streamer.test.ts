import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStreamer, layerAfterComment } from '../../../src/printer/file-streamer.js';

function tempFile(content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'streamer-'));
  const path = join(dir, 'x.gcode');
  writeFileSync(path, content);
  return path;
}

describe('FileStreamer', () => {
  it('skips blank and comment-only lines and reports offsets and 1-based lines', () => {
    const text = '; header\n\nG28\r\n  ;TYPE:x\nG1 X1 ; move\nM84';
    const s = FileStreamer.open(tempFile(text));
    const cmds = s.take(10);
    expect(cmds.map((c) => [c.text, c.fileLine, c.fileOffset])).toEqual([
      ['G28', 3, text.indexOf('G28')],
      ['G1 X1 ; move', 5, text.indexOf('G1 X1')],
      ['M84', 6, text.indexOf('M84')],
    ]);
    expect(s.exhausted()).toBe(true);
    s.close();
  });

  it('does not send the byte-order mark a Windows editor put before the first line', () => {
    const s = FileStreamer.open(tempFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('G28\nG1 X1\n')])), 2);
    expect(s.take(10).map((c) => [c.text, c.fileLine])).toEqual([['G28', 1], ['G1 X1', 2]]);
  });

  it('splits lines that straddle chunk boundaries exactly as a whole-file split does', () => {
    const lines = Array.from({ length: 500 }, (_, i) => (i % 7 === 0 ? `;c${i}` : `G1 X${i}.${i % 10} Y${(i * 3) % 200}`));
    const text = lines.join('\n') + '\n';
    const path = tempFile(text);
    const expected = FileStreamer.open(path, 1 << 20).take(10_000);
    for (const chunk of [3, 7, 16, 64]) {
      const s = FileStreamer.open(path, chunk);
      expect(s.take(10_000)).toEqual(expected);
    }
    expect(expected.length).toBe(lines.filter((l) => !l.startsWith(';')).length);
    for (const c of expected) expect(text.slice(c.fileOffset, c.fileOffset + c.text.length)).toBe(c.text);
  });

  it('moves the acknowledged mark only on acknowledge, past the line and its newline', () => {
    const text = 'G28\n;LAYER_CHANGE\nG1 Z0.2\nG1 X5\n';
    const s = FileStreamer.open(tempFile(text));
    const [a, b, c] = s.take(3);
    expect(s.acked()).toEqual({ byteOffset: 0, line: 0, layer: null });
    s.acknowledge(a.fileOffset);
    expect(s.acked()).toEqual({ byteOffset: 4, line: 1, layer: null });
    s.acknowledge(c.fileOffset);
    expect(s.acked()).toEqual({ byteOffset: text.length, line: 4, layer: 1 });
    expect(b.fileLine).toBe(3);
    expect(s.finished()).toBe(false);
    expect(s.next()).toBeNull();
    expect(s.finished()).toBe(true);
  });

  it('places the printer at the oldest unacknowledged command, past the comments before it', () => {
    const text = 'G28\nM140 S60\n; heat the bed\nM190 S60\nG1 X5\n';
    const s = FileStreamer.open(tempFile(text));
    expect(s.workingOffset()).toBe(0);
    const [home, setBed, wait] = s.take(3);
    s.acknowledge(setBed.fileOffset);
    expect(s.acked().byteOffset).toBe(text.indexOf(';'));
    expect(s.workingOffset()).toBe(wait.fileOffset);
    expect(wait.fileOffset).toBe(text.indexOf('M190'));
    s.acknowledge(wait.fileOffset);
    expect(s.workingOffset()).toBe(text.indexOf('G1'));
    expect(home.fileOffset).toBe(0);
    // Nothing handed out and unacknowledged: the mark.
    const [move] = s.take(1);
    s.acknowledge(move.fileOffset);
    expect(s.workingOffset()).toBe(text.length);
  });

  it('rewinds to the acknowledged mark and hands out the unacknowledged lines again', () => {
    const text = Array.from({ length: 50 }, (_, i) => `G1 X${i}`).join('\n');
    const s = FileStreamer.open(tempFile(text), 16);
    const first = s.take(20);
    s.acknowledge(first[9].fileOffset);
    s.rewindToAcked();
    const again = s.take(100);
    expect(again[0]).toEqual(first[10]);
    expect(again.length).toBe(40);
    expect(again.at(-1)!.text).toBe('G1 X49');
  });

  it('never throws on bytes that are not UTF-8', () => {
    const s = FileStreamer.open(tempFile(Buffer.from([0x4d, 0x31, 0x31, 0x37, 0x20, 0xff, 0xfe, 0x0a])));
    expect(s.next()!.text).toBe('M117 \u00ff\u00fe');
  });

  it('refuses a missing file with a reason code', () => {
    expect(() => FileStreamer.open('/nonexistent/x.gcode')).toThrow(expect.objectContaining({ code: 'gcode_file_unreadable' }));
  });

  it('counts PrusaSlicer and Cura layer comments as 1-based layers', () => {
    expect(layerAfterComment(';LAYER_CHANGE', null)).toBe(1);
    expect(layerAfterComment(';LAYER_CHANGE', 4)).toBe(5);
    expect(layerAfterComment(';LAYER:0', null)).toBe(1);
    expect(layerAfterComment(';TYPE:Skirt', 3)).toBe(3);
  });

  it('reads a real 3.5 MB slicer file with a 64 KiB buffer and finds every layer', () => {
    const s = FileStreamer.open('../shared/fixtures/gcode/3DBenchy-prusaslicer-2.5.gcode');
    let n = 0, last = null;
    for (let c = s.next(); c; c = s.next()) { n++; last = c; s.acknowledge(c.fileOffset); }
    expect(n).toBeGreaterThan(100_000);
    expect(s.acked().line).toBe(last!.fileLine);
    expect(s.acked().byteOffset).toBe(last!.fileOffset + last!.text.length + 1);
    expect(s.acked().layer).toBe(240);
    expect(last!.fileLine).toBeLessThanOrEqual(138_552);
  });
});
