import { describe, expect, it } from 'vitest';
import {
  checksum, cleanLine, commandCode, commandParam, frame, isEmergencyParserCommand, isEmergencyStop,
} from '../../../src/printer/protocol/gcode-line.js';

const marlin = { maxLineBytes: 95 };

describe('frame and checksum', () => {
  // Values seen in real host/firmware logs (PROTOCOL-NOTES A2).
  it.each([
    [0, 'M110 N0', 'N0 M110 N0*125'],
    [1, 'M115', 'N1 M115*39'],
    [12, 'G1 X1 Y-11 Z2 F12000', 'N12 G1 X1 Y-11 Z2 F12000*27'],
    [-1, 'M110 N-1', 'N-1 M110 N-1*125'],
  ])('frames line %i %s', (n, cmd, wire) => {
    expect(frame(n, cmd)).toBe(wire);
  });

  it('xors every byte', () => {
    expect(checksum('')).toBe(0);
    expect(checksum('A')).toBe(65);
    expect(checksum('AA')).toBe(0);
  });
});

describe('cleanLine', () => {
  it.each([
    ['G1 X10 ; move', 'G1 X10'],
    ['  G28  ', 'G28'],
    ['G1 (paren comment) X5', 'G1  X5'],
    ['G1 X5 (unclosed comment', 'G1 X5'],
    ['; only a comment', ''],
    ['', ''],
    ['M117 Hello; world', 'M117 Hello'],
    ['M117 Tulostus valmis – nouda', 'M117 Tulostus valmis ? nouda'],
    ['M118 Hyvää päivää', 'M118 Hyv?? p?iv??'],
    ['G1\tX1', 'G1\tX1'],
    // Prusa checksums at the first `*` and skips line numbers on lines holding PRUSA: messages carry neither.
    ['M117 Layer 2*5 done', 'M117 Layer 2+5 done'],
    ['M117 PRUSA MK3S ready', 'M117 Prusa MK3S ready'],
    ['M486 S1 APRUSA*part', 'M486 S1 APrusa+part'],
  ])('%j → %j', (raw, cleaned) => {
    expect(cleanLine(raw, marlin)).toEqual({ ok: true, command: cleaned });
  });

  it.each([
    ['M117 a\\b', 'line_has_backslash'],
    ['M23 /kansio/ö.gco', 'line_not_ascii'],
    ['G1 X10 Y€', 'line_not_ascii'],
    ['G1 X\x005', 'line_not_ascii'],
    [`M117 ${'x'.repeat(80)}`, 'line_too_long'],
  ])('refuses %j with %s', (raw, reason) => {
    const r = cleanLine(raw, marlin);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe(reason);
      expect(r.message.length).toBeGreaterThan(10);
    }
  });

  it('accepts the longest line that still fits when numbered past N 9,999,999', () => {
    const fits = `M117 ${'x'.repeat(95 - 14 - 5)}`;
    const r = cleanLine(fits, marlin);
    expect(r.ok).toBe(true);
    expect(frame(99_999_999, fits).length).toBeLessThanOrEqual(95);
    expect(cleanLine(`${fits}x`, marlin).ok).toBe(false);
  });
});

describe('command words', () => {
  it.each([
    ['G01 X1', 'G1'], ['g0', 'G0'], ['M600', 'M600'], ['T1', 'T1'], ['M104 S0', 'M104'], ['X10', null], ['', null],
  ])('%j has code %j', (cmd, code) => {
    expect(commandCode(cmd)).toBe(code);
  });

  it('reads parameters after the code word', () => {
    expect(commandParam('G4 S30', 'S')).toBe(30);
    expect(commandParam('G4 P500', 'P')).toBe(500);
    expect(commandParam('G4 P500', 'S')).toBeNull();
    expect(commandParam('M104 S215.5', 'S')).toBe(215.5);
  });

  it('recognises emergency commands', () => {
    expect(isEmergencyStop('M112')).toBe(true);
    expect(isEmergencyStop('M1120')).toBe(false);
    expect(['M108', 'M410', 'M524', 'M876 S1', 'M105'].map(isEmergencyParserCommand)).toEqual([true, true, true, true, false]);
  });
});
