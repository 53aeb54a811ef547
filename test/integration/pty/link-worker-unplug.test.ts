/**
 * A USB printer pulled mid-print, with the daemon's link in a worker thread: `tulostamo virtual-printer`
 * as its own process on a socat pty (the real serialport binding, opened inside the worker), reached
 * through a symlink as udev's by-id names are. Killing the printer process takes the pty away; a new
 * printer behind the same symlink is what plugging the cable back in looks like.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { addUser, removeDir, startTestApp, tempDataDir, waitFor, type TestApp } from '../http/harness.js';
import { hasSocat } from './stream-over-pty.js';

const WHEEL = readFileSync('../shared/fixtures/gcode/benchy-wheel-prusaslicer-2.5.gcode');

const printers: ChildProcess[] = [];

async function startPrinter(): Promise<{ child: ChildProcess; path: string }> {
  const child = spawn(process.execPath, ['bin/tulostamo.js', 'virtual-printer', '--time-scale', '50'], { stdio: ['ignore', 'pipe', 'ignore'] });
  printers.push(child);
  const rl = createInterface({ input: child.stdout! });
  const [path] = await once(rl, 'line') as [string];
  rl.close();
  return { child, path };
}

async function stopPrinter(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  // SIGTERM, not SIGKILL: the printer ends its socat, so the pty goes away as a pulled cable's would.
  child.kill('SIGTERM');
  await once(child, 'exit');
}

let t: TestApp | null = null;
afterEach(async () => {
  await t?.stop();
  if (t) removeDir(t.dataDir);
  t = null;
  for (const c of printers.splice(0)) await stopPrinter(c);
});

describe.skipIf(!hasSocat)('unplugging a pty printer under a print, link in a worker', () => {
  it('interrupts the job, goes disconnected, reconnects when the printer is back, and does not resume', async () => {
    const dataDir = tempDataDir();
    const port = join(dataDir, 'printer-by-id');
    const first = await startPrinter();
    symlinkSync(first.path, port);
    t = await startTestApp(dataDir, { printers: [{ id: 'usb', profile: 'marlin', serialPath: port }] });
    const app = t;
    const staff = await addUser(app, 'staff');
    const printer = app.app.printers.get('usb');
    const states: string[] = [];
    printer.on('printer:state_changed', ({ to }) => states.push(to));
    await waitFor(() => printer.state(), (s) => s === 'idle', 20_000);

    const job = (await app.http.post('/api/jobs').set('X-Api-Key', staff.apiKey).attach('file', WHEEL, 'pyörä.gcode').expect(201)).body.job;
    await app.app.analysis.idle();
    await app.http.post('/api/printers/usb/bed-cleared').set('X-Api-Key', staff.apiKey).expect(200);
    await app.http.post('/api/printers/usb/start').set('X-Api-Key', staff.apiKey).send({ jobId: job.id }).expect(200);
    await waitFor(() => printer.status().print?.lineAcked ?? 0, (n) => n > 100, 30_000);

    await stopPrinter(first.child);
    const interrupted = await waitFor(() => app.app.queue.jobs.require(job.id), (j) => j.state === 'interrupted', 10_000);
    expect(interrupted.progress?.lineAcked ?? 0).toBeGreaterThan(100);
    expect(states).toContain('disconnected');

    const second = await startPrinter();
    unlinkSync(port);
    symlinkSync(second.path, port);
    await waitFor(() => printer.state(), (s) => s === 'idle', 30_000);
    expect(app.app.queue.jobs.require(job.id).state).toBe('interrupted');
    expect(printer.status().print).toBeNull();
    // After the cable is back: the handshake and polls only, not one line of the file.
    const log = (await app.http.get('/api/printers/usb/log').set('X-Api-Key', staff.apiKey)).body.log as Array<{ direction: string; text: string }>;
    const reopened = log.findLastIndex((e) => e.direction === 'note' && e.text.startsWith('opened '));
    expect(reopened).toBeGreaterThan(0);
    const sentSince = log.slice(reopened).filter((e) => e.direction === 'sent').map((e) => e.text);
    expect(sentSince.some((l) => /M110/.test(l))).toBe(true);
    expect(sentSince.filter((l) => /\bG[01] /.test(l))).toEqual([]);
  }, 90_000);
});
