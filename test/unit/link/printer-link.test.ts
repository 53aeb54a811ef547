import { describe, expect, it } from 'vitest';
import { SimClock } from '../../../src/core/clock.js';
import { AppError } from '../../../src/core/errors.js';
import { FileStreamer } from '../../../src/printer/file-streamer.js';
import { PrinterLink, type LinkFault } from '../../../src/printer/printer-link.js';
import { loadProfile } from '../../../src/printer/profiles.js';
import type { StreamMode } from '../../../src/printer/profile-types.js';
import { streamFile } from '../../../src/printer/stream-file.js';
import type { Transport, TransportEvents } from '../../../src/printer/transport/transport.js';
import { executedJobCommands, fileCommands, trackNonJobLines } from './executed-log.js';
import { createVirtualPrinterSetup, type VirtualPrinterSetupOptions } from '../../../src/printer/virtual/virtual-setup.js';

const WHEEL = '../shared/fixtures/gcode/benchy-wheel-prusaslicer-2.5.gcode';

function virtualLink(opts: { mode?: StreamMode; serialLogEntries?: number } & Partial<VirtualPrinterSetupOptions> = {}) {
  const clock = new SimClock();
  const profile = loadProfile('marlin');
  const { mode, serialLogEntries, ...vpOpts } = opts;
  const vp = createVirtualPrinterSetup({ clock, profile, ...vpOpts });
  const link = new PrinterLink({ transport: vp.transport, profile, clock, mode, serialLogEntries });
  return { clock, profile, vp, link };
}

/** Runs simulated time (and lets promise callbacks run between slices) until `done()` or the budget ends. */
async function runUntil(clock: SimClock, done: () => boolean, budgetMs = 600_000): Promise<void> {
  const endMs = clock.nowMs() + budgetMs;
  while (!done() && clock.nowMs() < endMs) {
    await new Promise((r) => setImmediate(r));
    if (done()) break;
    clock.run({ stop: done, untilMs: Math.min(endMs, clock.nowMs() + 1000) });
  }
}

async function connected(clock: SimClock, link: PrinterLink) {
  let result: { firmwareName: string | null } | AppError | undefined;
  link.connect().then((r) => { result = r; }, (e: AppError) => { result = e; });
  await runUntil(clock, () => result !== undefined, 60_000);
  await new Promise((r) => setImmediate(r));
  return result;
}

describe('PrinterLink on the virtual printer (SimClock)', () => {
  it.each([true, false])('connects whether or not the board announces itself (reset on open: %s)', async (resetOnOpen) => {
    const { clock, link } = virtualLink({ resetOnOpen });
    const info = await connected(clock, link);
    expect(info).not.toBeInstanceOf(Error);
    expect((info as { firmwareName: string }).firmwareName).toMatch(/Marlin/);
    expect(link.isOperational()).toBe(true);
    const sent = link.serialLog().filter((e) => e.direction === 'sent').map((e) => e.text);
    expect(sent).toContain('N0 M110 N0*125');
  });

  it.each<StreamMode>(['pingpong', 'buffered'])('streams a real file with 2 percent corrupted lines exactly once, in order: %s', async (mode) => {
    const { clock, vp, link } = virtualLink({ mode, faults: { corruptLineRate: 0.02, seed: 7 } });
    expect(await connected(clock, link)).not.toBeInstanceOf(Error);
    const nonJobLines = trackNonJobLines(link);
    const executedBefore = vp.printer.executed().length;
    const file = FileStreamer.open(WHEEL);
    let lines: number | AppError | undefined;
    streamFile(link, file).then((n) => { lines = n; }, (e: AppError) => { lines = e; });
    await runUntil(clock, () => lines !== undefined, 3_600_000);
    file.close();
    const expected = fileCommands(WHEEL);
    expect(lines).toBe(expected.length);
    const executed = executedJobCommands(vp.printer.executed().slice(executedBefore), nonJobLines);
    expect(executed).toEqual(expected);
    expect(vp.faults.counts.corruptedBytes + vp.printer.stats().lineErrors).toBeGreaterThan(0);
    const m = link.metrics();
    expect(m.resends).toBeGreaterThan(0);
    expect(m.linesSent).toBeGreaterThanOrEqual(expected.length + m.resends);
    expect(m.linesPerS).toBeGreaterThan(0);
    expect(m.bytesPerS).toBeGreaterThan(m.linesPerS);
    expect(m.rttP50Ms).not.toBeNull();
    expect(m.rttP99Ms!).toBeGreaterThanOrEqual(m.rttP50Ms!);
    expect(link.serialLog().some((e) => e.mark === 'resend')).toBe(true);
  });

  it('writes M112 synchronously on emergency stop, ahead of queued lines', async () => {
    const { clock, link } = virtualLink({ mode: 'buffered' });
    await connected(clock, link);
    for (let i = 0; i < 20; i++) link.send({ text: `G1 X${i} F600`, source: 'job' });
    const atMs = clock.nowMs();
    link.emergencyStop();
    const log = link.serialLog();
    const stopAt = log.findIndex((e) => e.mark === 'emergency_stop');
    const afterStop = log.slice(stopAt + 1).filter((e) => e.direction === 'sent').map((e) => e.text);
    expect(log.slice(stopAt).every((e) => e.atMs === atMs)).toBe(true);
    expect(afterStop[0]).toBe('M112');
    expect(afterStop.some((t) => /^N\d+ M112\*\d+$/.test(t))).toBe(true);
  });

  it('reports a pulled cable once, and connects again on the same link', async () => {
    const { clock, vp, link } = virtualLink();
    await connected(clock, link);
    const reasons: string[] = [];
    link.on('disconnected', ({ reason }) => reasons.push(reason));
    vp.printer.injectDisconnect('cable pulled');
    expect(reasons).toEqual(['cable pulled']);
    expect(link.isOperational()).toBe(false);
    expect(link.serialLog().some((e) => e.mark === 'disconnected')).toBe(true);
    const again = await connected(clock, link);
    expect(again).not.toBeInstanceOf(Error);
    expect(link.isOperational()).toBe(true);
  });

  it('turns a fatal firmware error into a fault and sends the profile\'s heaters-off lines', async () => {
    const { clock, vp, link, profile } = virtualLink();
    await connected(clock, link);
    const faults: LinkFault[] = [];
    link.on('fault', (f) => faults.push(f));
    vp.printer.injectThermalRunaway();
    await runUntil(clock, () => faults.length > 0, 10_000);
    expect(faults[0]).toMatchObject({ code: 'firmware_halted', fatal: true });
    // The first goes out at once; the halted firmware never acks it, so the rest wait their turn behind it.
    const [first, ...rest] = profile.machine.scripts.emergencyAfter;
    const sent = link.serialLog().filter((e) => e.direction === 'sent').map((e) => e.text);
    expect(sent.at(-1)).toMatch(new RegExp(`^N\\d+ ${first}\\*\\d+$`));
    expect(link.queuedCount('system')).toBe(rest.length);
  });

  it('keeps the serial log bounded, newest entries last', async () => {
    const { clock, link } = virtualLink({ serialLogEntries: 10 });
    await connected(clock, link);
    for (let i = 0; i < 30; i++) link.send({ text: `M117 step ${i}`, source: 'operator' });
    await runUntil(clock, () => link.queuedCount() === 0 && link.inFlightCount() === 0, 10_000);
    const log = link.serialLog();
    expect(log).toHaveLength(10);
    expect(log.map((e) => e.atMs)).toEqual([...log.map((e) => e.atMs)].sort((a, b) => a - b));
    expect(log.some((e) => e.text.includes('M117 step 29'))).toBe(true);
  });
});

/** A port that opens and swallows everything: a printer that is powered off behind its USB bridge. */
class SilentTransport implements Transport {
  readonly description = 'silent test port';
  private open_ = false;
  private readonly listeners = { line: new Set<TransportEvents['line']>(), disconnected: new Set<TransportEvents['disconnected']>() };
  async open() { this.open_ = true; }
  write() {}
  async close() { this.open_ = false; }
  isOpen() { return this.open_; }
  on<K extends keyof TransportEvents>(e: K, fn: TransportEvents[K]) { (this.listeners[e] as Set<TransportEvents[K]>).add(fn); }
  off<K extends keyof TransportEvents>(e: K, fn: TransportEvents[K]) { (this.listeners[e] as Set<TransportEvents[K]>).delete(fn); }
}

describe('PrinterLink against a silent port', () => {
  it('rejects connect() with connect_timeout when the caller\'s limit comes first', async () => {
    const clock = new SimClock();
    const link = new PrinterLink({ transport: new SilentTransport(), profile: loadProfile('marlin'), clock });
    let err: AppError | undefined;
    link.connect({ timeoutMs: 5000 }).catch((e: AppError) => { err = e; });
    await runUntil(clock, () => err !== undefined, 20_000);
    expect(err?.code).toBe('connect_timeout');
    expect(clock.nowMs()).toBeGreaterThanOrEqual(5000);
  });

  it('rejects connect() with the Sender\'s no_response fault otherwise', async () => {
    const clock = new SimClock();
    const link = new PrinterLink({ transport: new SilentTransport(), profile: loadProfile('marlin'), clock });
    let err: AppError | undefined;
    link.connect().catch((e: AppError) => { err = e; });
    await runUntil(clock, () => err !== undefined, 3_600_000);
    expect(err?.code).toBe('no_response');
  });
});
