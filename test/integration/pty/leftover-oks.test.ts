/**
 * A board that does not reset when the port opens keeps running what a killed session left in its
 * buffer, and their oks reach the next session after its hello. Through the real serialport binding on
 * a pty: the next session must still tell M115's ok from theirs, or it connects without knowing the
 * firmware and counts every later ok one line early.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { RealClock } from '../../../src/core/clock.js';
import { PrinterLink } from '../../../src/printer/printer-link.js';
import { loadProfile } from '../../../src/printer/profiles.js';
import { frame } from '../../../src/printer/protocol/gcode-line.js';
import { SerialTransport } from '../../../src/printer/transport/serial-transport.js';
import { startVirtualPrinterOnPty } from '../../../src/printer/virtual-on-pty.js';

const hasSocat = spawnSync('socat', ['-V']).status === 0;

describe.skipIf(!hasSocat)('a session after one killed mid-command, on a pty', () => {
  it('connects knowing the firmware, with the old lines\' oks not counted for M115', async () => {
    const profile = loadProfile('prusa-mk3s');
    const printer = await startVirtualPrinterOnPty({ profile });
    const killed = new SerialTransport({ path: printer.hostPath, baudRate: profile.baudRate });
    const link = new PrinterLink({ transport: new SerialTransport({ path: printer.hostPath, baudRate: profile.baudRate }), profile, clock: new RealClock() });
    const warnings: string[] = [];
    link.on('log', ({ level, message }) => { if (level === 'warn') warnings.push(message); });
    try {
      const heard: string[] = [];
      killed.on('line', (line) => heard.push(line));
      await killed.open();
      // The virtual board boots once, when it is made; only a booted board keeps lines for later.
      await expect.poll(() => heard.includes('start'), { timeout: 5000 }).toBe(true);
      const lines = ['M110 N0', 'G4 P4000', 'G4 P20', 'G4 P20'];
      killed.write(lines.map((text, n) => `${frame(n, text)}\n`).join(''));
      // The dwell is running, and the other lines wait in the firmware's buffer, when the session dies.
      // M110's ok: the dwell has begun. The session dies well before the dwell ends.
      await expect.poll(() => heard.some((l) => l.startsWith('ok')), { timeout: 5000 }).toBe(true);
      await killed.close();

      const connected = await link.connect({ timeoutMs: 10_000 });
      expect(connected.firmwareName).toMatch(/^Prusa-Firmware/);
      expect(warnings.filter((w) => w.startsWith('ok before the M115 report')).length).toBeGreaterThanOrEqual(1);
      // Acknowledgements are in step again: a dwell's ok comes only once it has run.
      const acked: number[] = [];
      link.on('acked', ({ command }) => { if (command.text === 'G4 P300') acked.push(Date.now()); });
      const sentAt = Date.now();
      link.send({ text: 'G4 P300', source: 'operator' });
      await expect.poll(() => acked.length, { timeout: 5000 }).toBe(1);
      expect(acked[0]! - sentAt).toBeGreaterThanOrEqual(280);
    } finally {
      await link.close();
      await printer.stop();
    }
  }, 20_000);
});
