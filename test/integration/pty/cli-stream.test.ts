import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fileCommands } from '../../unit/link/executed-log.js';

const hasSocat = spawnSync('socat', ['-V']).status === 0;
const BIN = 'bin/tulostamo.js';
const WHEEL = '../shared/fixtures/gcode/benchy-wheel-prusaslicer-2.5.gcode';
/** The commands run through dist/ (what `npm start` and users run); these are the sources it must be current with. */
const SOURCES = ['cli/main', 'cli/commands/stream', 'cli/commands/virtual-printer', 'printer/printer-link', 'printer/stream-file',
  'printer/virtual-on-pty', 'printer/transport/serial-transport', 'printer/protocol/sender'];

function distIsCurrent(): boolean {
  return SOURCES.every((s) => existsSync(`dist/${s}.js`) && statSync(`dist/${s}.js`).mtimeMs >= statSync(`src/${s}.ts`).mtimeMs);
}

const children: ChildProcess[] = [];
function tulostamo(args: string[]): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

async function finished(child: ChildProcess): Promise<{ code: number | null; stdout: string[]; stderr: string }> {
  const stdout: string[] = [];
  let stderr = '';
  createInterface({ input: child.stdout! }).on('line', (l) => stdout.push(l));
  child.stderr!.on('data', (d) => { stderr += d; });
  const [code] = await once(child, 'exit') as [number | null];
  return { code, stdout, stderr };
}

async function firstLine(child: ChildProcess): Promise<string> {
  const rl = createInterface({ input: child.stdout! });
  const [line] = await once(rl, 'line') as [string];
  rl.close();
  return line;
}

beforeAll(() => {
  // `npm test` builds first; a single-file run after an edit rebuilds here.
  if (!distIsCurrent()) spawnSync('npx', ['tsc', '-p', '.'], { stdio: 'ignore' });
}, 300_000);

// SIGTERM, not SIGKILL: the virtual printer must get the chance to end its socat.
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode !== null || c.signalCode !== null) continue;
    c.kill('SIGTERM');
    await once(c, 'exit');
  }
});

describe.skipIf(!hasSocat)('tulostamo stream against tulostamo virtual-printer (child processes, real pty)', () => {
  it('streams a slicer file, exits 0 and ends with a JSON summary; the printer cleans up on SIGTERM', async () => {
    const printer = tulostamo(['virtual-printer', '--time-scale', '200']);
    const path = await firstLine(printer);
    expect(path).toMatch(/^\/dev\/pts\/\d+$/);

    const stream = await finished(tulostamo(['stream', WHEEL, '--port', path, '--mode', 'buffered']));
    expect(stream.stderr).toBe('');
    expect(stream.code).toBe(0);
    const summary = JSON.parse(stream.stdout.at(-1)!);
    expect(summary).toMatchObject({ lines: fileCommands(WHEEL).length, bytes: statSync(WHEEL).size, mode: 'buffered' });
    // No faults are injected; the one resend seen under load comes from the printer's boot banner still
    // sitting in the pty when the host says hello (the same race as a board that resets on open).
    expect(summary.resends).toBeGreaterThanOrEqual(0);
    expect(summary.resends).toBeLessThanOrEqual(2);
    expect(summary.seconds).toBeGreaterThan(0);

    printer.kill('SIGTERM');
    const [code] = await once(printer, 'exit') as [number | null];
    expect(code).toBe(0);
    expect(existsSync(path)).toBe(false);
  }, 60_000);

  it('fails with a clear message and a non-zero exit on a port that does not exist', async () => {
    const run = await finished(tulostamo(['stream', WHEEL, '--port', '/dev/tulostamo-no-such-port']));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^tulostamo stream: .*\/dev\/tulostamo-no-such-port.*\(port_open_failed\)/m);
    expect(run.stdout).toEqual([]);
  }, 30_000);

  it('refuses bad arguments with exit 2', async () => {
    const run = await finished(tulostamo(['stream', WHEEL]));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^tulostamo stream: --port PATH is required.*\(bad_arguments\)$/m);
  }, 30_000);
});
