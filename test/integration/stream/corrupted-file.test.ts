import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../../src/printer/profiles.js';
import { fileCommands, simPrinter, writeTemp } from './sim-printer.js';

const BENCHY = '../shared/fixtures/gcode/3DBenchy-prusaslicer-2.5.gcode';
const PREFIX_LINES = 10_000;

describe('a real slicer file over a wire that corrupts 2 % of lines', () => {
  const text = readFileSync(BENCHY, 'latin1').split('\n').slice(0, PREFIX_LINES).join('\n') + '\n';
  const filePath = writeTemp('benchy-prefix.gcode', text);
  const profile = loadProfile('marlin');
  const expected = fileCommands(text, profile);

  it.each(['pingpong', 'buffered'] as const)('%s: the printer executes every command exactly once, in order', async (mode) => {
    const sim = simPrinter({ profile, mode, faults: { seed: 42, corruptLineRate: 0.02 } });
    await sim.connect();
    const started = sim.controller.startPrint({ jobRef: 'j1', filePath, fileName: 'benchy-prefix.gcode' });
    await sim.runUntil(sim.ended);
    await started;

    expect(sim.named('printer:print_failed')).toEqual([]);
    expect(text.split('\n').length).toBeGreaterThan(10_000);
    expect(expected.length).toBeGreaterThan(9_000);
    expect(sim.setup.faults.counts.corruptedBytes).toBeGreaterThan(expected.length * 0.01);
    expect(sim.link.metrics().resends).toBeGreaterThan(0);
    const executed = sim.executedWork();
    expect(executed.length).toBe(expected.length);
    expect(executed).toEqual(expected);
    const [done] = sim.named('printer:print_finished');
    expect(done.progress.lineAcked).toBe(text.split('\n').findLastIndex((l) => l.trim() !== '' && !l.trim().startsWith(';')) + 1);
  });
});
