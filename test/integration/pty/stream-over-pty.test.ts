import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealClock } from '../../../src/core/clock.js';
import type { AppError } from '../../../src/core/errors.js';
import { FileStreamer } from '../../../src/printer/file-streamer.js';
import { PrinterLink } from '../../../src/printer/printer-link.js';
import { loadProfile } from '../../../src/printer/profiles.js';
import type { StreamMode } from '../../../src/printer/profile-types.js';
import { streamFile } from '../../../src/printer/stream-file.js';
import { SerialTransport } from '../../../src/printer/transport/serial-transport.js';
import { startVirtualPrinterOnPty } from '../../../src/printer/virtual-on-pty.js';
import { executedJobCommands, fileCommands, trackNonJobLines } from '../../unit/link/executed-log.js';

const hasSocat = spawnSync('socat', ['-V']).status === 0;
const BENCHY = '../shared/fixtures/gcode/3DBenchy-prusaslicer-2.5.gcode';
const FILE_LINES = 10_500;

let gcodePath = '';

beforeAll(() => {
  // The first 10,500 lines of a real PrusaSlicer Benchy: start code, heating, the first layers.
  const head = readFileSync(BENCHY, 'latin1').split('\n').slice(0, FILE_LINES).join('\n');
  gcodePath = join(mkdtempSync(join(tmpdir(), 'benchy-')), 'benchy-head.gcode');
  writeFileSync(gcodePath, head, 'latin1');
});

describe.skipIf(!hasSocat)('streaming over a real pseudo-terminal (socat + real serialport binding)', () => {
  const stops: Array<() => Promise<void>> = [];
  afterAll(async () => { for (const stop of stops) await stop(); });

  it.each<StreamMode>(['buffered', 'pingpong'])('runs every command of a 10,500-line file exactly once, in order, with 2 percent of lines corrupted: %s', async (mode) => {
    const profile = loadProfile('marlin');
    // At 1000× the printer's 2 s temperature autoreport would arrive every 2 ms of wall time; the host polls instead.
    const printer = await startVirtualPrinterOnPty({
      profile, timeScale: 1000, capabilities: { AUTOREPORT_TEMP: false }, faults: { corruptLineRate: 0.02, seed: mode === 'buffered' ? 11 : 12 },
    });
    stops.push(printer.stop);
    const link = new PrinterLink({ transport: new SerialTransport({ path: printer.hostPath, baudRate: profile.baudRate }), profile, clock: new RealClock(), mode, serialLogEntries: 50000 });
    stops.push(() => link.close());
    const nonJobLines = trackNonJobLines(link);
    await link.connect({ timeoutMs: 10_000 });
    const executedBefore = printer.setup.printer.executed().length;
    const file = FileStreamer.open(gcodePath);
    const startedMs = performance.now();
    let acks = 0; link.on('acked', () => acks++);
    let lastAcks = -1;
    const dbg = setInterval(() => {
      console.log('DBG', acks, JSON.stringify(link.metrics()));
      if (acks === lastAcks) {
        console.log('STALL', mode, acks, JSON.stringify(printer.setup.printer.status()), JSON.stringify(printer.setup.printer.stats()));
        console.log(link.serialLog(3000).filter(e => !e.text.startsWith(' T:') && !e.text.startsWith('T:')).slice(-40).map(e => e.atMs.toFixed(0) + ' ' + e.direction[0] + ':' + e.text + (e.mark ? ' [' + e.mark + ']' : '')).join('\n'));
        console.log(JSON.stringify(printer.setup.printer.executed().slice(-8)));
        clearInterval(dbg);
      }
      lastAcks = acks;
    }, 5000);
    const lines = await streamFile(link, file).catch((e: AppError) => e);
    clearInterval(dbg);
    const seconds = (performance.now() - startedMs) / 1000;
    file.close();

    const expected = fileCommands(gcodePath);
    expect(lines).toBe(expected.length);
    expect(executedJobCommands(printer.setup.printer.executed().slice(executedBefore), nonJobLines)).toEqual(expected);
    expect(printer.setup.printer.stats().lineErrors).toBeGreaterThan(50);
    const m = link.metrics();
    expect(m.resends).toBeGreaterThan(50);
    console.log(`pty ${mode}: ${expected.length} commands in ${seconds.toFixed(1)} s, ${m.resends} resends, `
      + `${printer.setup.printer.stats().lineErrors} line errors, rtt p50 ${m.rttP50Ms?.toFixed(2)} ms p99 ${m.rttP99Ms?.toFixed(2)} ms`);
  }, 60_000);
});
