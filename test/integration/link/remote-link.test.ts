/**
 * RemoteLink and the controller on it, with the real link process (dist/printer/link-worker.js) and the
 * virtual printer inside it at 50× speed: identity of commands across the process boundary, errors
 * that keep their codes, close(), and a link process that dies or hangs under a print.
 */
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { RealClock } from '../../../src/core/clock.js';
import type { LinkPort, LinkWorkerData } from '../../../src/printer/link-messages.js';
import { PrinterController } from '../../../src/printer/printer-controller.js';
import type { PrinterEvents } from '../../../src/printer/printer-types.js';
import { loadProfile } from '../../../src/printer/profiles.js';
import type { Command } from '../../../src/printer/protocol/sender-types.js';
import { RemoteLink, WORKER_SILENCE_LIMIT_MS, forkLinkWorker } from '../../../src/printer/remote-link.js';
import { waitFor } from '../http/harness.js';

const WHEEL = '../shared/fixtures/gcode/benchy-wheel-prusaslicer-2.5.gcode';
const TIME_SCALE = 50;
const profile = loadProfile('marlin');
const VIRTUAL: LinkPort = { kind: 'virtual', baudRate: profile.baudRate, timeScale: TIME_SCALE };

const links: RemoteLink[] = [];
afterEach(async () => { for (const l of links.splice(0)) await l.close(); });

function remoteLink(port: LinkPort = VIRTUAL) {
  const workers: ChildProcess[] = [];
  const clock = new RealClock(TIME_SCALE);
  const link = new RemoteLink({
    profile, port, clock,
    spawn: (script: string, data: LinkWorkerData) => {
      const w = forkLinkWorker(script, data);
      workers.push(w);
      return w;
    },
  });
  links.push(link);
  return { link, workers, clock };
}

/** The first `acked`/`refused` of an operator command (the link's own polls are acknowledged too). */
function operatorEvent(link: RemoteLink, event: 'acked' | 'refused'): Promise<{ command: Command; reason?: string }> {
  return new Promise((resolve) => link.on(event, (e: { command: Command }) => { if (e.command.source === 'operator') resolve(e); }));
}

describe('RemoteLink', () => {
  it('hands back the very command object that was sent, for acks and refusals, and counts it out again', async () => {
    const { link } = remoteLink();
    const info = await link.connect({ timeoutMs: 20_000 });
    expect(info.firmwareName).toMatch(/Marlin/);
    expect(link.firmware()).toEqual(info);

    const query: Command = { text: 'M114', source: 'operator' };
    const acked = operatorEvent(link, 'acked');
    link.send(query);
    expect(link.queuedCount('operator')).toBe(1);
    expect((await acked).command).toBe(query);

    const bad: Command = { text: 'G1 X10 \\ Y10', source: 'operator' };
    const refused = operatorEvent(link, 'refused');
    link.send(bad);
    expect(await refused).toMatchObject({ command: bad, reason: 'line_has_backslash' });
    await waitFor(() => link.queuedCount(), (n) => n === 0);
  });

  it('rejects connect() with the link\'s own reason code when the port cannot be opened', async () => {
    const { link } = remoteLink({ kind: 'serial', path: '/dev/tulostamo-no-such-port', baudRate: 115200 });
    await expect(link.connect({ timeoutMs: 5000 })).rejects.toMatchObject({ code: 'port_open_failed' });
  });

  it('close() ends the worker with no disconnected event; connect() starts a new one; the serial log keeps what came before', async () => {
    const { link, workers } = remoteLink();
    const lost: unknown[] = [];
    link.on('disconnected', (d) => lost.push(d));
    await link.connect({ timeoutMs: 20_000 });
    await link.close();
    expect(workers).toHaveLength(1);
    expect(workers[0].exitCode ?? workers[0].signalCode).not.toBeNull();
    await link.connect({ timeoutMs: 20_000 });
    expect(workers).toHaveLength(2);
    const notes = (await link.serialLog()).filter((e) => e.direction === 'note').map((e) => e.text);
    expect(notes.filter((n) => n.startsWith('opened '))).toHaveLength(2);
    expect(notes).toContain('closed');
    expect(lost).toEqual([]);
  });
});

describe('a link process that dies under a print', () => {
  it('interrupts the job, reconnects with a new worker, and never resumes the print', async () => {
    const { link, workers, clock } = remoteLink();
    const controller = new PrinterController({ id: 'p', link, clock, reconnectDelaysMs: [500] });
    const seen: Array<{ event: keyof PrinterEvents; payload: unknown }> = [];
    for (const event of ['printer:print_interrupted', 'printer:print_started', 'printer:state_changed'] as const) {
      controller.on(event, (payload) => seen.push({ event, payload }));
    }
    await controller.connect();
    await controller.startPrint({ jobRef: 'wheel', filePath: WHEEL, fileName: 'wheel.gcode' });
    await waitFor(() => controller.status().print?.lineAcked ?? 0, (n) => n > 100, 30_000);

    workers[0].kill('SIGKILL');
    await waitFor(() => seen.some((s) => s.event === 'printer:print_interrupted'), (v) => v);
    expect(seen.find((s) => s.event === 'printer:print_interrupted')!.payload).toMatchObject({ jobRef: 'wheel', code: 'link_lost' });
    expect(seen).toContainEqual({ event: 'printer:state_changed', payload: { printerId: 'p', from: 'printing', to: 'disconnected' } });
    expect(controller.status().error).toEqual({ code: 'link_lost', message: 'link_worker_exited' });

    await waitFor(() => controller.state(), (s) => s === 'idle', 20_000);
    expect(workers).toHaveLength(2);
    expect(controller.status().print).toBeNull();
    expect(seen.filter((s) => s.event === 'printer:print_started')).toHaveLength(1);
    // Everything the new worker sent: the handshake and polls, not one line of the file.
    const log = await controller.serialLog();
    const exitAt = log.findIndex((e) => e.text.startsWith('the link worker exited'));
    expect(exitAt).toBeGreaterThanOrEqual(0);
    const sentSince = log.slice(exitAt).filter((e) => e.direction === 'sent').map((e) => e.text);
    expect(sentSince.length).toBeGreaterThan(0);
    expect(sentSince.filter((l) => /\bG[01] /.test(l))).toEqual([]);
    await controller.disconnect();
  });
});

describe('a link process that hangs under a print', () => {
  it('is killed after the silence limit, interrupts the job, and a new worker connects; the print is never resumed', async () => {
    const { link, workers } = remoteLink();
    // The controller on wall time, as with real hardware: at 50× its 15 s temperature watchdog would
    // fail the print within 0.3 s of the hang, long before the silence limit.
    const controller = new PrinterController({ id: 'p', link, clock: new RealClock(), reconnectDelaysMs: [500] });
    const lost: Array<{ reason: string }> = [];
    link.on('disconnected', (d) => lost.push(d));
    const interrupted: unknown[] = [];
    controller.on('printer:print_interrupted', (e) => interrupted.push(e));
    await controller.connect();
    await controller.startPrint({ jobRef: 'wheel', filePath: WHEEL, fileName: 'wheel.gcode' });
    await waitFor(() => controller.status().print?.lineAcked ?? 0, (n) => n > 100, 30_000);

    // Stopped, the process neither exits nor answers: only its silence can give it away.
    const hung = workers[0];
    process.kill(hung.pid!, 'SIGSTOP');
    const stoppedAt = performance.now();
    // Should the check fail, afterEach's close() kills the stopped process: it never answers.
    await waitFor(() => interrupted.length, (n) => n > 0, WORKER_SILENCE_LIMIT_MS + 5000);
    // Not before the limit; the last report may have left a moment before the stop.
    expect(performance.now() - stoppedAt).toBeGreaterThan(WORKER_SILENCE_LIMIT_MS - 500);
    expect(lost).toEqual([{ reason: 'link_worker_unresponsive' }]);
    expect(interrupted).toEqual([expect.objectContaining({ jobRef: 'wheel', code: 'link_lost' })]);
    expect(controller.status().error).toEqual({ code: 'link_lost', message: 'link_worker_unresponsive' });
    await waitFor(() => hung.signalCode, (s) => s === 'SIGKILL');

    await waitFor(() => controller.state(), (s) => s === 'idle', 20_000);
    expect(workers).toHaveLength(2);
    expect(controller.status().print).toBeNull();
    const log = await controller.serialLog();
    const hangAt = log.findIndex((e) => e.text.startsWith('the link worker stopped responding'));
    expect(hangAt).toBeGreaterThanOrEqual(0);
    expect(log.slice(hangAt).filter((e) => e.direction === 'sent' && /\bG[01] /.test(e.text))).toEqual([]);
    await controller.disconnect();
  });
});
