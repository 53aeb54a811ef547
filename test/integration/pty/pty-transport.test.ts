import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { RealClock } from '../../../src/core/clock.js';
import { PrinterLink } from '../../../src/printer/printer-link.js';
import { loadProfile } from '../../../src/printer/profiles.js';
import { createPtyPair } from '../../../src/printer/transport/pty-pair.js';
import { startVirtualPrinterOnPty } from '../../../src/printer/virtual-on-pty.js';
import { SerialTransport } from '../../../src/printer/transport/serial-transport.js';

const hasSocat = spawnSync('socat', ['-V']).status === 0;

function waitFor<T>(what: string, get: () => T | undefined, timeoutMs = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      const v = get();
      if (v !== undefined) return resolve(v);
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 5);
    };
    poll();
  });
}

describe.skipIf(!hasSocat)('SerialTransport on a real pseudo-terminal (socat)', () => {
  it('carries lines both ways through the real serialport binding', async () => {
    const pair = await createPtyPair();
    const host = new SerialTransport({ path: pair.paths[0], baudRate: 250000 });
    const device = new SerialTransport({ path: pair.paths[1], baudRate: 250000 });
    const atHost: string[] = [];
    const atDevice: string[] = [];
    host.on('line', (l) => atHost.push(l));
    device.on('line', (l) => atDevice.push(l));
    try {
      await host.open();
      await device.open();
      host.write('N0 M110 N0*125\nN1 M115*39\n');
      device.write('\u0000start\r\nok\rFIRMWARE_NAME:Marlin\n');
      await waitFor('device lines', () => (atDevice.length >= 2 ? true : undefined));
      await waitFor('host lines', () => (atHost.length >= 3 ? true : undefined));
      expect(atDevice).toEqual(['N0 M110 N0*125', 'N1 M115*39']);
      expect(atHost).toEqual(['start', 'ok', 'FIRMWARE_NAME:Marlin']);
    } finally {
      await host.close();
      await device.close();
      await pair.close();
    }
  });

  it('refuses a second opener of the same port (exclusive lock)', async () => {
    const pair = await createPtyPair();
    const first = new SerialTransport({ path: pair.paths[0], baudRate: 115200 });
    const second = new SerialTransport({ path: pair.paths[0], baudRate: 115200 });
    try {
      await first.open();
      await expect(second.open()).rejects.toThrow();
    } finally {
      await first.close();
      await pair.close();
    }
  });

  it('emits disconnected, and nothing throws, when the other end disappears', async () => {
    const pair = await createPtyPair();
    const host = new SerialTransport({ path: pair.paths[0], baudRate: 115200 });
    const reasons: string[] = [];
    host.on('disconnected', (r) => reasons.push(r));
    await host.open();
    await pair.close();
    const reason = await waitFor('disconnected', () => reasons[0]);
    expect(reason).toMatch(/./);
    expect(host.isOpen()).toBe(false);
    host.write('M105\n');
    await host.close();
    expect(reasons).toHaveLength(1);
  });
});

describe.skipIf(!hasSocat)('PrinterLink over a pty whose printer goes away', () => {
  it('emits disconnected once, never throws, and a reconnect attempt fails cleanly', async () => {
    const profile = loadProfile('marlin');
    const printer = await startVirtualPrinterOnPty({ profile, timeScale: 100 });
    const link = new PrinterLink({ transport: new SerialTransport({ path: printer.hostPath, baudRate: profile.baudRate }), profile, clock: new RealClock() });
    const reasons: string[] = [];
    link.on('disconnected', ({ reason }) => reasons.push(reason));
    try {
      await link.connect({ timeoutMs: 10_000 });
      link.send({ text: 'G28', source: 'operator' });
      await printer.stop();
      await waitFor('disconnected', () => reasons[0]);
      expect(link.isOperational()).toBe(false);
      link.send({ text: 'M105', source: 'operator' });
      await expect(link.connect({ timeoutMs: 1000 })).rejects.toMatchObject({ code: 'port_open_failed' });
      expect(reasons).toHaveLength(1);
    } finally {
      await link.close();
    }
  });
});
