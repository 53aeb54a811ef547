import { describe, expect, it } from 'vitest';
import { LineAssembler, type AssemblerOptions } from '../../../src/printer/virtual/line-assembler.js';

function lines(input: string, options: Partial<AssemblerOptions> = {}): string[] {
  const a = new LineAssembler({ maxLineBytes: 95, keepBlankLines: false, dropHighBitBytes: false, ...options });
  const out: string[] = [];
  for (const ch of input) {
    const line = a.feed(ch.charCodeAt(0));
    if (line !== null) out.push(line);
  }
  return out;
}

describe('LineAssembler (Marlin 2 serial reader)', () => {
  it('ends lines on LF and CR and skips the empty line between CR and LF', () => {
    expect(lines('G28\r\nM105\nM114\r')).toEqual(['G28', 'M105', 'M114']);
  });
  it('skips leading spaces only', () => {
    expect(lines('   G1 X1  \n')).toEqual(['G1 X1  ']);
  });
  it('drops a ; comment before anything is checked', () => {
    expect(lines('N3 G1 X1*12 ; move\n; only a comment\n')).toEqual(['N3 G1 X1*12 ']);
  });
  it('takes the byte after a backslash literally and removes the backslash', () => {
    expect(lines('M117 a\\;b\n')).toEqual(['M117 a;b']);
  });
  it('treats 0x08 as backspace', () => {
    expect(lines('G1 X12\b3\n')).toEqual(['G1 X13']);
  });
  it('silently cuts a line at maxLineBytes', () => {
    expect(lines(`M117 ${'x'.repeat(200)}\n`, { maxLineBytes: 20 })).toEqual([`M117 ${'x'.repeat(15)}`]);
  });
  it('ignores blank lines unless told to report them (Smoothie)', () => {
    expect(lines('\n\n;c\nG4\n')).toEqual(['G4']);
    expect(lines('\n;c\r\nG4\n', { keepBlankLines: true })).toEqual(['', '', 'G4']);
  });
  it('drops high-bit bytes when told to (Prusa MK3)', () => {
    expect(lines('M117 ä\n', { dropHighBitBytes: true })).toEqual(['M117 ']);
  });
  it('starts afresh after reset()', () => {
    const a = new LineAssembler({ maxLineBytes: 95, keepBlankLines: false, dropHighBitBytes: false });
    for (const ch of 'N5 G1 X') a.feed(ch.charCodeAt(0));
    a.reset();
    const out = [...'10\n'].map((ch) => a.feed(ch.charCodeAt(0))).filter((l) => l !== null);
    expect(out).toEqual(['10']);
  });
});
