import { describe, expect, it } from 'vitest';
import { createCommandWords, Word, readCommandWords, wordValue } from '../../../src/analysis/gcode/gcode-words.js';

function read(line: string) {
  const w = createCommandWords();
  const buf = Buffer.from(line, 'latin1');
  readCommandWords(buf, 0, buf.length, w);
  return w;
}

describe('G-code words', () => {
  it.each([
    ['G1 X10.5 Y-3 E.0345 F1800', 'G', 1, { X: 10.5, Y: -3, E: 0.0345, F: 1800 }],
    ['g1x1.5y2', 'G', 1, { X: 1.5, Y: 2 }],
    ['N123 G1 X1*45', 'G', 1, { X: 1 }],
    ['M104 S210 ; set temperature', 'M', 104, { S: 210 }],
    // No exponents: Marlin cuts a value at E, so compact lines read as the firmware reads them.
    ['G1X60Y50E1', 'G', 1, { X: 60, Y: 50, E: 1 }],
    ['G1 X250E-1', 'G', 1, { X: 250, E: -1 }],
    ['G1 (inline) X+2', 'G', 1, { X: 2 }],
    // Marlin skips blanks between a letter and its number.
    ['M 500', 'M', 500, {}],
    ['M104 S 300', 'M', 104, { S: 300 }],
    ['G1 X\t-5 Y 2.5', 'G', 1, { X: -5, Y: 2.5 }],
  ])('%s', (line, letter, code, params) => {
    const w = read(line);
    expect(w.letter).toBe(letter);
    expect(w.code).toBe(code);
    expect(w.malformed).toBe(false);
    for (const [k, v] of Object.entries(params)) expect(wordValue(w, Word[k as keyof typeof Word])).toBeCloseTo(v, 12);
    expect(wordValue(w, Word.Z)).toBeNaN();
  });

  it('a letter with no number stays a bare flag, blanks or not', () => {
    const w = read('G28 X  Y');
    expect(w).toMatchObject({ code: 28, malformed: false });
    expect(Number.isNaN(wordValue(w, Word.X)) && Number.isNaN(wordValue(w, Word.Y))).toBe(true);
    expect(w.present).toBe((1 << Word.X) | (1 << Word.Y));
  });

  it('free-text commands stop at the comment, without reading words', () => {
    const w = read('M117 Printing X1 ; note');
    expect(w.code).toBe(117);
    expect(w.present).toBe(0);
    expect(w.commandEnd).toBe('M117 Printing X1 '.length);
  });

  it("Prusa's printer checks are commands with free text, not malformed lines", () => {
    const model = read('M862.3 P "MK3S" ; printer model check');
    expect(model).toMatchObject({ letter: 'M', malformed: false, present: 0 });
    expect(Math.trunc(model.code)).toBe(862);
    expect(read('M115 U3.12.2 ; tell printer latest fw version')).toMatchObject({ letter: 'M', code: 115, malformed: false });
  });

  it('not G-code is marked malformed, never thrown', () => {
    expect(read('START_PRINT BED=60').malformed).toBe(true);
    expect(read('G1 X1 \\ Y2').malformed).toBe(true);
    expect(read('\u00ff\u0001G1').malformed).toBe(true);
    expect(read('G X1').malformed).toBe(true);
  });
});
