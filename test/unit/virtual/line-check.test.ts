import { describe, expect, it } from 'vitest';
import { checkLine, commandText, type LineRules } from '../../../src/printer/virtual/line-check.js';
import { framed } from './harness.js';

const marlin: LineRules = { checks: 'sequence', m110: 'marlin', lineNumberMask: null, rejectsChecksumWithoutLineNumber: false };
const prusa: LineRules = { ...marlin, m110: 'leading_if_first', rejectsChecksumWithoutLineNumber: true };

describe('checkLine with Marlin rules', () => {
  // [line, last N, expected verdict]
  const table: Array<[string, number, ReturnType<typeof checkLine>]> = [
    [framed(5, 'G1 X10'), 4, { kind: 'accept', command: 'G1 X10', lineNumber: 5 }],
    ['N5 G1 X10*1', 4, { kind: 'error', reason: 'checksum_mismatch', lineNumber: 5 }],
    [framed(7, 'G1 X10'), 4, { kind: 'error', reason: 'line_number_gap', lineNumber: 7 }],
    // The gap is reported before the checksum, even when both are wrong.
    ['N7 G1 X10*1', 4, { kind: 'error', reason: 'line_number_gap', lineNumber: 7 }],
    ['N5 G1 X10', 4, { kind: 'error', reason: 'missing_checksum', lineNumber: 5 }],
    ['G1 X10', 4, { kind: 'accept', command: 'G1 X10', lineNumber: null }],
    // Unnumbered with a checksum: Marlin runs it unchecked (the flushed-tail hazard).
    ['G1 X10*99', 4, { kind: 'accept', command: 'G1 X10', lineNumber: null }],
    // M110 is exempt from the gap check and sets the N that follows it.
    [framed(0, 'M110 N0'), 41, { kind: 'accept', command: 'M110 N0', lineNumber: 0 }],
    [framed(100, 'M110 N100'), 3, { kind: 'accept', command: 'M110 N100', lineNumber: 100 }],
  ];
  it.each(table)('%s after N%i', (line, last, verdict) => {
    expect(checkLine(line, last, marlin)).toEqual(verdict);
  });

  it('checksums up to the LAST star, so a star inside the command is part of the sum', () => {
    const line = framed(2, 'M117 a*b');
    expect(checkLine(line, 1, marlin)).toEqual({ kind: 'accept', command: 'M117 a*b', lineNumber: 2 });
  });

  it('matches the checksums of real logs', () => {
    expect(framed(0, 'M110 N0')).toBe('N0 M110 N0*125');
    expect(framed(1, 'M115')).toBe('N1 M115*39');
  });
});

describe('checkLine with other rules', () => {
  it('Prusa refuses a checksum without a line number', () => {
    expect(checkLine('G1 X10*99', 4, prusa)).toEqual({ kind: 'error', reason: 'checksum_without_line_number', lineNumber: null });
  });
  it('Prusa exempts M110 only right after the N, and takes the leading N', () => {
    expect(checkLine(framed(9, 'M110 N9'), 3, prusa)).toMatchObject({ kind: 'accept', lineNumber: 9 });
    expect(checkLine(framed(9, 'G1 X1 ; M110'), 3, prusa)).toMatchObject({ kind: 'error', reason: 'line_number_gap' });
  });
  it('RRF drops a bad checksum silently and ignores the sequence', () => {
    const rrf: LineRules = { ...marlin, checks: 'drop_bad' };
    expect(checkLine('N5 G1 X10*1', 4, rrf)).toEqual({ kind: 'drop' });
    expect(checkLine(framed(50, 'G1 X10'), 4, rrf)).toMatchObject({ kind: 'accept', lineNumber: 50 });
  });
  it('Klipper strips N and checksum without looking at them', () => {
    const klipper: LineRules = { ...marlin, checks: 'none' };
    expect(checkLine('N77 G1 X10*1', 4, klipper)).toEqual({ kind: 'accept', command: 'G1 X10', lineNumber: null });
  });
  it('Repetier compares line numbers modulo 65536', () => {
    const repetier: LineRules = { ...marlin, m110: 'leading', lineNumberMask: 0xffff };
    expect(checkLine(framed(65536, 'G1 X1'), 65535, repetier)).toMatchObject({ kind: 'accept', lineNumber: 65536 });
    expect(checkLine(framed(0, 'G1 X1'), 65535, repetier)).toMatchObject({ kind: 'accept', lineNumber: 0 });
  });
});

describe('commandText', () => {
  it.each([
    ['N12 G1 X1 Y2*33', 'G1 X1 Y2'],
    ['N-1 M110 N-1*125', 'M110 N-1'],
    ['G1 X1', 'G1 X1'],
    ['X5 Y0.25*93', 'X5 Y0.25'],
  ])('%s → %s', (line, text) => expect(commandText(line)).toBe(text));
});
