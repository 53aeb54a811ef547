import { describe, expect, it } from 'vitest';
import { initialMotionModes, restoreModeCommands, trackMotionModes } from '../../../src/printer/motion-modes.js';

describe('motion modes kept for resume', () => {
  it('follows G90/G91, M82/M83 and the last feedrate of a move', () => {
    const m = initialMotionModes();
    for (const line of ['G21', 'G91', 'M83', 'G1 Z2 F3000', 'G1 X10 Y10 E.5', 'G90', 'G1 F1800', 'G1 X1 ; F99 in a comment', 'M82', 'G92 E0'])
      trackMotionModes(m, line);
    expect(m).toEqual({ relativeXyz: false, relativeE: false, feedrateMmMin: 1800 });
    trackMotionModes(m, 'M83');
    trackMotionModes(m, 'G0 X5 F7800');
    trackMotionModes(m, 'M104 S200 F12');
    expect(restoreModeCommands(m)).toEqual(['G90', 'M83', 'G1 F7800']);
  });

  it('restores no feedrate it never saw', () => {
    expect(restoreModeCommands(initialMotionModes())).toEqual(['G90', 'M82']);
  });
});
