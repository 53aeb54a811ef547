/**
 * Stop or Pause pressed on the printer's own screen during a host print: Prusa's firmware (and Marlin with
 * host action commands) stops or pauses and asks the host, with `// action:…`, to stop sending. The daemon
 * must do as asked, on the real controller and link with the virtual printer on a simulated clock.
 */
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../../src/printer/profiles.js';
import { simPrinter, writeTemp } from './sim-printer.js';

const prusa = loadProfile('prusa-mk3s');
const moves = (n: number) => Array.from({ length: n }, (_, i) => `G1 X${20 + (i % 60)} Y${20 + ((i * 7) % 60)} E0.05 F1800`);
const FILE = writeTemp('printer-actions.gcode', `${['G28', 'G90', 'M83', 'G1 Z0.3 F600', ...moves(600)].join('\n')}\n`);

async function printing() {
  const sim = simPrinter({ profile: prusa });
  await sim.connect();
  const started = sim.controller.startPrint({ jobRef: 'job-1', filePath: FILE, fileName: 'a.gcode' });
  await sim.runUntil(() => (sim.controller.status().print?.lineAcked ?? 0) > 60);
  await started;
  return sim;
}

describe("the printer's own Stop and Pause during a host print", () => {
  it('// action:cancel ends the print: nothing more is sent, and the job fails as stopped on the printer', async () => {
    const sim = await printing();
    sim.setup.printer.pressHostAction('cancel');
    await sim.runUntil(() => sim.controller.state() === 'idle', 60_000);
    // What the printer had queued, and the cancel script, run out; then nothing more comes.
    await sim.advance(20_000);
    const executed = sim.executedWork().length;
    await sim.advance(60_000);
    expect(sim.executedWork().length).toBe(executed);
    expect(sim.controller.status().print).toBeNull();
    expect(sim.named('printer:print_failed')).toEqual([expect.objectContaining({ jobRef: 'job-1', code: 'print_cancelled_on_printer' })]);
  });

  it('// action:pause pauses the print, and // action:resume takes it up again to the end', async () => {
    const sim = await printing();
    sim.setup.printer.pressHostAction('pause');
    await sim.runUntil(() => sim.controller.state() === 'paused', 60_000);
    await sim.advance(20_000);
    const executed = sim.executedWork().length;
    await sim.advance(60_000);
    expect(sim.executedWork().length).toBe(executed);
    sim.setup.printer.pressHostAction('resume');
    await sim.runUntil(() => sim.count('printer:print_finished') > 0);
    expect(sim.named('printer:print_failed')).toEqual([]);
  });
});
