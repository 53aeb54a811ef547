import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../../src/printer/profiles.js';
import { fileCommands, simPrinter, writeTemp } from './sim-printer.js';

const profile = loadProfile('marlin');
const LINES = 120;
// Short moves with distinct coordinates: a repeated or skipped line changes the executed log.
const text = ['G90', 'M83', ...Array.from({ length: LINES }, (_, i) =>
  `G1 X${(10 + (i * 7) % 90).toFixed(1)} Y${(10 + (i * 13) % 90).toFixed(2)} E0.0${(i % 9) + 1} F${3000 + i}`)].join('\n') + '\n';
const filePath = writeTemp('moves.gcode', text);
const expected = fileCommands(text, profile);

const faultsArb = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  corruptByteRate: fc.double({ min: 0, max: 0.004, noNaN: true }),
  dropByteRate: fc.double({ min: 0, max: 0.002, noNaN: true }),
  garbleOutputLineRate: fc.double({ min: 0, max: 0.05, noNaN: true }),
  loseOkRate: fc.double({ min: 0, max: 0.03, noNaN: true }),
});

describe('random corruption in both directions, Marlin RX flush on', () => {
  it.each(['pingpong', 'buffered'] as const)('%s: no executed line is skipped or repeated', async (mode) => {
    expect(profile.dialect.flushesRxOnLineError).toBe(true);
    let finished = 0;
    let resends = 0;
    await fc.assert(fc.asyncProperty(faultsArb, async (faults) => {
      const sim = simPrinter({ profile, mode, faults });
      await sim.connect();
      const started = sim.controller.startPrint({ jobRef: 'p', filePath, fileName: 'moves.gcode' });
      started.catch(() => {});
      await sim.runUntil(sim.ended, 3_600_000);
      resends += sim.link.metrics().resends;
      const executed = sim.executedWork();
      // A fault may end the print early; what ran must still be the file's beginning, each line once.
      expect(executed).toEqual(expected.slice(0, executed.length));
      if (sim.count('printer:print_finished') > 0) {
        finished++;
        expect(executed).toEqual(expected);
      }
    }), { numRuns: 25, seed: mode === 'pingpong' ? 11 : 12 });
    // Most runs must get through: a link that gives up at the first fault would pass the prefix check trivially.
    expect(finished).toBeGreaterThanOrEqual(20);
    expect(resends).toBeGreaterThan(0);
  });
});
