/**
 * The pty streaming check shared by the two mode files (one file per mode keeps each under ~30 s on
 * a loaded 2-core machine): socat pair, the real serialport binding on the host side, the virtual
 * printer (fast-forwarded) on the other end, a ≥10,000-line real slicer file with 2 % of lines corrupted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { RealClock } from '../../../src/core/clock.js';
import type { AppError } from '../../../src/core/errors.js';
import { FileStreamer } from '../../../src/printer/file-streamer.js';
import { PrinterLink } from '../../../src/printer/printer-link.js';
import { loadProfile } from '../../../src/printer/profiles.js';
import type { FirmwareProfile, StreamMode } from '../../../src/printer/profile-types.js';
import { streamFile } from '../../../src/printer/stream-file.js';
import { SerialTransport } from '../../../src/printer/transport/serial-transport.js';
import { startVirtualPrinterOnPty } from '../../../src/printer/virtual-on-pty.js';
import { executedJobCommands, fileCommands, trackNonJobLines } from '../../unit/link/executed-log.js';

export const hasSocat = spawnSync('socat', ['-V']).status === 0;

const BENCHY = '../shared/fixtures/gcode/3DBenchy-prusaslicer-2.5.gcode';
const FILE_LINES = 10_500;

/** The first 10,500 lines of a real PrusaSlicer Benchy: start code, heating, the first layers. */
function benchyHead(): string {
  const head = readFileSync(BENCHY, 'latin1').split('\n').slice(0, FILE_LINES).join('\n');
  const path = join(mkdtempSync(join(tmpdir(), 'benchy-')), 'benchy-head.gcode');
  writeFileSync(path, head, 'latin1');
  return path;
}

export async function streamBenchyOverPty(mode: StreamMode, seed: number): Promise<void> {
  const marlin = loadProfile('marlin');
  // A line whose `N` is corrupted runs as an unnumbered unknown command and its ok carries no N; the
  // Sender finds the loss only at its ok-timeout probe. Shortened so a dozen such hits cost seconds, not minutes.
  const profile: FirmwareProfile = { ...marlin, dialect: { ...marlin.dialect, okTimeoutMs: 1000 } };
  const gcodePath = benchyHead();
  // At 1000× the printer's 2 s temperature autoreport would arrive every 2 ms of wall time; the host polls instead.
  const printer = await startVirtualPrinterOnPty({
    profile, timeScale: 1000, capabilities: { AUTOREPORT_TEMP: false }, faults: { corruptLineRate: 0.02, seed },
  });
  const link = new PrinterLink({ transport: new SerialTransport({ path: printer.hostPath, baudRate: profile.baudRate }), profile, clock: new RealClock(), mode });
  try {
    const nonJobLines = trackNonJobLines(link);
    await link.connect({ timeoutMs: 10_000 });
    const executedBefore = printer.setup.printer.executed().length;
    const file = FileStreamer.open(gcodePath);
    const startedMs = performance.now();
    const lines = await streamFile(link, file).catch((e: AppError) => e);
    const seconds = (performance.now() - startedMs) / 1000;
    file.close();

    const expected = fileCommands(gcodePath);
    expect(expected.length).toBeGreaterThan(10_000);
    expect(lines).toBe(expected.length);
    expect(executedJobCommands(printer.setup.printer.executed().slice(executedBefore), nonJobLines)).toEqual(expected);
    const stats = printer.setup.printer.stats();
    expect(stats.lineErrors).toBeGreaterThan(100);
    const m = link.metrics();
    expect(m.resends).toBeGreaterThan(100);
    console.log(`pty ${mode}: ${expected.length} commands in ${seconds.toFixed(1)} s, ${m.resends} resends, `
      + `${stats.lineErrors} line errors, ${m.timeouts} ok-timeouts, rtt p50 ${m.rttP50Ms?.toFixed(2)} ms p99 ${m.rttP99Ms?.toFixed(2)} ms`);
  } finally {
    await link.close();
    await printer.stop();
  }
}
