import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../../src/printer/profiles.js';
import type { FirmwareProfile } from '../../../src/printer/profile-types.js';
import { fileCommands, simPrinter, writeTemp } from '../../integration/stream/sim-printer.js';

const marlin = loadProfile('marlin');
const moves = (n: number) => Array.from({ length: n }, (_, i) => `G1 X${20 + (i % 60)} Y${20 + ((i * 7) % 60)} E0.05 F${1800 + (i % 5) * 300}`);
const HEATED = ['M140 S60', 'M104 S200', 'G28', 'M190 S60', 'M109 S200', 'G90', 'M83', 'G1 Z0.3 F600', ...moves(400), 'M104 S0', 'M140 S0'];
const heatedFile = writeTemp('heated.gcode', HEATED.join('\n') + '\n');

/** Commands the host put on the wire since `sinceMs` (line numbers and checksums removed), from the serial log. */
function sentCommands(sim: ReturnType<typeof simPrinter>, sinceMs = 0): string[] {
  return sim.link.serialLog().filter((e) => e.direction === 'sent' && e.atMs >= sinceMs)
    .map((e) => /^N\d+ (.*)\*\d+$/.exec(e.text)?.[1] ?? e.text);
}

/** `needle` appears in `hay` in this order (other lines may sit between). */
function inOrder(hay: string[], needle: string[]): boolean {
  let i = 0;
  for (const h of hay) if (h === needle[i]) i++;
  return i === needle.length;
}

async function printing(profile: FirmwareProfile = marlin, opts: Parameters<typeof simPrinter>[0] = { profile }) {
  const sim = simPrinter({ ...opts, profile });
  await sim.connect();
  const started = sim.controller.startPrint({ jobRef: 'job-1', filePath: heatedFile, fileName: 'heated.gcode' });
  await sim.runUntil(() => (sim.controller.status().print?.lineAcked ?? 0) > 60);
  await started;
  return sim;
}

describe('PrinterController on the virtual printer', () => {
  it('pauses with M114 and the park script, resumes to the same position and heat, and prints every line once', async () => {
    const sim = await printing();
    const pause = sim.controller.pause();
    expect(sim.controller.state()).toBe('pausing');
    await sim.runUntil(() => sim.controller.state() === 'paused');
    await pause;
    const atPause = sim.controller.status();
    expect(inOrder(sentCommands(sim), ['M400', 'M114', ...marlin.machine.scripts.pause])).toBe(true);
    expect(sim.setup.printer.status().position).toMatchObject({ x: 0, y: 200 });
    const executedAtPause = sim.executedWork().length;
    await sim.advance(60_000);
    expect(sim.executedWork().length).toBe(executedAtPause);

    const resumeAtMs = sim.clock.nowMs();
    const resume = sim.controller.resume();
    let resumed = false;
    void resume.then(() => { resumed = true; });
    await sim.runUntil(() => resumed);
    const saved = atPause.position!;
    const restore = [`G1 X${saved.x} Y${saved.y} F6000`, `G1 Z${saved.z} F600`, ...marlin.machine.scripts.resume, `G92 E${saved.e}`, 'G90', 'M83'];
    expect(inOrder(sentCommands(sim, resumeAtMs), ['M140 S60', 'M104 S200', 'M190 S60', 'M109 S200', 'G90', ...restore])).toBe(true);

    await sim.runUntil(sim.ended);
    expect(sim.named('printer:print_finished')).toHaveLength(1);
    // The firmware ran the park, then the way back to the saved position, then the file where it stopped.
    const executed = sim.executedWork();
    const fileMoves = fileCommands(HEATED.join('\n'), marlin).filter((t) => /^G1 X\d+ Y\d+ E/.test(t));
    const next = fileMoves[executed.slice(0, executedAtPause).filter((t) => /^G1 X\d+ Y\d+ E/.test(t)).length]!;
    expect(inOrder(executed.slice(executedAtPause), [...restore, next])).toBe(true);
    expect(executed.filter((t) => /^G1 X\d+ Y\d+ E/.test(t))).toEqual(fileMoves);
  });

  it('cancels: drops the queue, runs the cancel script (heaters off) and reports print_cancelled', async () => {
    const sim = await printing();
    const cancel = sim.controller.cancel();
    await sim.runUntil(() => sim.controller.state() === 'idle');
    await cancel;
    expect(sim.named('printer:print_failed')).toEqual([expect.objectContaining({ jobRef: 'job-1', code: 'print_cancelled' })]);
    expect(inOrder(sentCommands(sim), marlin.machine.scripts.cancel)).toBe(true);
    const temps = sim.setup.printer.status().temps;
    expect([temps.hotendTargetC, temps.bedTargetC]).toEqual([0, 0]);
    const expected = fileCommands(HEATED.join('\n'), marlin);
    const executed = sim.executedWork();
    expect(executed.length).toBeLessThan(expected.length);
    const jobPart = executed.slice(0, executed.indexOf('M108'));
    expect(jobPart.length).toBeGreaterThan(60);
    expect(jobPart).toEqual(expected.slice(0, jobPart.length));
    expect(executed.slice(jobPart.length)).toEqual(['M108', ...marlin.machine.scripts.cancel]);
  });

  it('an unplugged cable interrupts the print, and the controller reconnects by itself', async () => {
    const sim = await printing(marlin, { profile: marlin, reconnectDelaysMs: [2000] });
    sim.setup.printer.injectDisconnect('cable pulled');
    expect(sim.controller.state()).toBe('disconnected');
    expect(sim.named('printer:print_interrupted')).toEqual([expect.objectContaining({ jobRef: 'job-1', code: 'link_lost' })]);
    expect(sim.named('printer:print_interrupted')[0]!.progress.lineAcked).toBeGreaterThan(60);
    await sim.runUntil(() => sim.controller.state() === 'idle', 30_000);
    const small = writeTemp('small.gcode', 'G90\nG1 X5 Y5 F3000\nG1 X6 Y6\n');
    const again = sim.controller.startPrint({ jobRef: 'job-2', filePath: small, fileName: 'small.gcode' });
    await sim.runUntil(() => sim.count('printer:print_finished') > 0, 60_000);
    await again;
    expect(sim.named('printer:print_finished')[0]!.jobRef).toBe('job-2');
  });

  it('at start-up keeps trying until the printer can be reached, then goes idle', async () => {
    const sim = simPrinter({ profile: marlin, reconnectDelaysMs: [1000, 2000] });
    // The port is not there yet (printer switched off, cable not in): the first two opens fail.
    const realOpen = sim.setup.transport.open.bind(sim.setup.transport);
    let refusals = 2;
    sim.setup.transport.open = async () => {
      if (refusals > 0) { refusals--; throw new Error('ENOENT: no such port'); }
      return realOpen();
    };
    sim.controller.connectWhenAvailable();
    await sim.runUntil(() => sim.controller.state() === 'idle', 60_000);
    expect(refusals).toBe(0);
    expect(sim.clock.nowMs()).toBeGreaterThanOrEqual(3000);
  });

  it('a disconnect while still connecting (daemon shutdown) leaves it disconnected: no reconnect is scheduled', async () => {
    const sim = simPrinter({ profile: marlin, reconnectDelaysMs: [1000] });
    let opens = 0;
    const realOpen = sim.setup.transport.open.bind(sim.setup.transport);
    sim.setup.transport.open = async () => { opens++; return realOpen(); };
    sim.controller.connectWhenAvailable();
    // The port is open and the handshake under way (it needs simulated time) when the daemon stops.
    await new Promise((r) => setImmediate(r));
    expect(sim.controller.state()).toBe('connecting');
    await sim.controller.disconnect();
    await sim.advance(60_000);
    expect(sim.controller.state()).toBe('disconnected');
    expect(opens).toBe(1);
  });

  it('a firmware reset mid-print fails the job and never resumes it', async () => {
    const sim = await printing();
    sim.setup.printer.reset();
    await sim.runUntil(() => sim.count('printer:print_failed') > 0, 10_000);
    expect(sim.named('printer:print_failed')[0]).toMatchObject({ code: 'printer_reset' });
    const executedAtReset = sim.setup.printer.executed().length;
    await sim.runUntil(() => sim.controller.state() === 'idle', 30_000);
    await sim.advance(120_000);
    const after = sim.setup.printer.executed().slice(executedAtReset).map((c) => c.text);
    expect(after.filter((t) => t.startsWith('G1 X'))).toEqual([]);
    expect(sim.controller.status().print).toBeNull();
  });

  it('thermal runaway in the firmware fails the print and raises an alarm', async () => {
    const sim = await printing();
    sim.setup.printer.injectThermalRunaway();
    await sim.runUntil(() => sim.count('printer:print_failed') > 0, 10_000);
    expect(sim.named('printer:print_failed')[0]).toMatchObject({ code: 'thermal_runaway' });
    expect(sim.named('printer:alarm')).toEqual([expect.objectContaining({ code: 'thermal_runaway' })]);
    expect(sim.controller.state()).toBe('error');
    expect(sim.controller.status().error?.code).toBe('thermal_runaway');
    // Staff clear the error by connecting again: the port re-opens, the board resets, the link re-syncs.
    const reconnected = sim.controller.connect();
    await sim.runUntil(() => sim.controller.state() === 'idle', 60_000);
    await reconnected;
    expect(sim.controller.status().error).toBeNull();
  });

  it('a heater that does not rise stops the print with M112 and a heater_not_rising alarm', async () => {
    const sim = simPrinter({ profile: marlin, hotend: { gainC: 0, tauS: 60, ambientC: 22 } });
    await sim.connect();
    const started = sim.controller.startPrint({ jobRef: 'cold', filePath: heatedFile, fileName: 'heated.gcode' });
    started.catch(() => {});
    await sim.runUntil(() => sim.count('printer:alarm') > 0, 30 * 60_000);
    expect(sim.named('printer:alarm')[0]).toMatchObject({ code: 'heater_not_rising' });
    expect(sim.named('printer:print_failed')[0]).toMatchObject({ code: 'heater_not_rising' });
    expect(sentCommands(sim)).toContain('M112');
    expect(sim.controller.state()).toBe('error');
  });

  it('a temperature above the profile limit stops the print (heaters off without M112 where the profile says so)', async () => {
    const strict: FirmwareProfile = {
      ...marlin,
      machine: { ...marlin.machine, maxHotendTempC: 150 },
      safety: { ...marlin.safety, emergencyStopOnAlarm: false },
    };
    const sim = simPrinter({ profile: strict });
    await sim.connect();
    sim.controller.startPrint({ jobRef: 'hot', filePath: heatedFile, fileName: 'heated.gcode' }).catch(() => {});
    await sim.runUntil(() => sim.count('printer:alarm') > 0, 30 * 60_000);
    expect(sim.named('printer:alarm')[0]).toMatchObject({ code: 'temp_above_limit' });
    await sim.runUntil(() => sim.setup.printer.status().temps.hotendTargetC === 0, 10_000);
    expect(sentCommands(sim)).not.toContain('M112');
    expect(sim.named('printer:print_failed')[0]).toMatchObject({ code: 'temp_above_limit' });
  });

  it('temperature reports that stop during a print stop it with a temp_reports_stopped alarm', async () => {
    const sim = simPrinter({ profile: marlin });
    await sim.connect();
    sim.controller.sendLine('M155 S0');
    await sim.advance(5_000);
    sim.controller.startPrint({ jobRef: 'quiet', filePath: heatedFile, fileName: 'heated.gcode' }).catch(() => {});
    await sim.runUntil(() => sim.count('printer:alarm') > 0, 30 * 60_000);
    const [alarm] = sim.events.filter((e) => e.name === 'printer:alarm');
    expect(alarm!.payload).toMatchObject({ code: 'temp_reports_stopped' });
    expect(sim.named('printer:print_failed')[0]).toMatchObject({ code: 'temp_reports_stopped' });
    // The last report was the end of the M109 wait: the alarm comes one timeout later, not before.
    const lastReportMs = sim.link.serialLog().filter((e) => e.direction === 'received' && /T:\d/.test(e.text)).at(-1)!.atMs;
    expect(alarm!.atMs - lastReportMs).toBeGreaterThanOrEqual(marlin.safety.tempReportTimeoutMs);
    expect(sentCommands(sim)).toContain('M112');
  });

  it('emergency stop goes out at once and the call does not wait for the printer', async () => {
    const sim = await printing();
    const before = sim.clock.nowMs();
    sim.controller.emergencyStop();
    expect(sim.clock.nowMs()).toBe(before);
    expect(sim.link.serialLog().filter((e) => e.direction === 'sent' && e.atMs === before).map((e) => e.text)).toContain('M112');
    expect(sim.controller.state()).toBe('error');
    expect(sim.named('printer:print_failed')[0]).toMatchObject({ code: 'emergency_stop' });
  });

  it('refuses a second start and motion from the terminal while printing, but answers queries', async () => {
    const sim = await printing();
    await expect(sim.controller.startPrint({ jobRef: 'x', filePath: heatedFile, fileName: 'x' }))
      .rejects.toMatchObject({ code: 'printer_not_ready' });
    expect(() => sim.controller.sendLine('G1 X0')).toThrow(expect.objectContaining({ code: 'printer_busy_printing' }));
    expect(() => sim.controller.sendLine('M105')).not.toThrow();
    await expect(sim.controller.resume()).rejects.toMatchObject({ code: 'printer_state_refuses' });
  });

  it('emits status at most 4 times a second, only when something changed', async () => {
    const sim = await printing();
    await sim.runUntil(() => sim.clock.nowMs() > 200_000);
    const statuses = sim.events.filter((e) => e.name === 'printer:status');
    expect(statuses.length).toBeGreaterThan(50);
    for (let i = 1; i < statuses.length; i++) {
      // Simulated times are sums of fractional milliseconds: allow for the last bits.
      expect(statuses[i]!.atMs - statuses[i - 1]!.atMs).toBeGreaterThanOrEqual(250 - 1e-6);
      expect(statuses[i]!.payload).not.toEqual(statuses[i - 1]!.payload);
    }
    const printed = statuses.map((s) => s.payload).filter((p) => 'print' in p && p.print !== null);
    expect(printed.at(-1)).toMatchObject({ state: 'printing', print: { jobRef: 'job-1', fileName: 'heated.gcode' } });
  });
});
