import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { RealClock } from '../../../src/core/clock.js';
import { detectBaud, looksLikeFirmware } from '../../../src/printer/transport/baud-detect.js';
import { createPtyPair } from '../../../src/printer/transport/pty-pair.js';
import { SerialTransport } from '../../../src/printer/transport/serial-transport.js';

const hasSocat = spawnSync('socat', ['-V']).status === 0;

describe('looksLikeFirmware', () => {
  it.each([
    [['start'], true],
    [['ok'], true],
    [['FIRMWARE_NAME:Marlin 2.1.2.1 (Aug 21 2023) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin'], true],
    [['Cap:AUTOREPORT_TEMP:1'], true],
    [['echo:Unknown command: "M999"'], true],
    [['ok T:21.3 /0.0 B:21.0 /0.0 @:0 B@:0'], true],
    [['// Klipper state: Ready'], true],
    [['\u00f8\u0087ok\u00ff'], false],
    [['\u00e0\u00fe\u00f8\u0080\u0080x'], false],
    [[''], false],
  ])('%j → %s', (lines, expected) => {
    expect(looksLikeFirmware(lines)).toBe(expected);
  });
});

describe.skipIf(!hasSocat)('detectBaud on a pseudo-terminal (socat)', () => {
  it('finds the rate at which a silent board answers M115, and nothing where nobody answers', async () => {
    const pair = await createPtyPair();
    // A native-USB board that does not reset on open: silent until M115 reaches it.
    const board = new SerialTransport({ path: pair.paths[1], baudRate: 115200 });
    board.on('line', (l) => { if (l === 'M115') board.write('FIRMWARE_NAME:Marlin 2.1.2.1\nok\n'); });
    try {
      await board.open();
      const clock = new RealClock();
      expect(await detectBaud({ path: pair.paths[0], clock, candidates: [250000, 115200], listenMs: 1000 })).toBe(250000);
      await board.close();
      expect(await detectBaud({ path: pair.paths[0], clock, candidates: [250000, 115200], listenMs: 150 })).toBeNull();
    } finally {
      await board.close();
      await pair.close();
    }
  });

  it('hears the whole answer out, so the session that opens the port next gets none of it', async () => {
    const pair = await createPtyPair();
    // M110's ok comes at once; the M115 report a moment later, as from a board busy with its display.
    const board = new SerialTransport({ path: pair.paths[1], baudRate: 115200 });
    board.on('line', (l) => {
      if (l === 'M110 N0') board.write('ok\n');
      if (l === 'M115') setTimeout(() => board.write('FIRMWARE_NAME:Marlin 2.1.2.1\nCap:AUTOREPORT_TEMP:1\nok\n'), 120);
    });
    const next = new SerialTransport({ path: pair.paths[0], baudRate: 115200 });
    const heardNext: string[] = [];
    next.on('line', (l) => heardNext.push(l));
    try {
      await board.open();
      expect(await detectBaud({ path: pair.paths[0], clock: new RealClock(), candidates: [115200], listenMs: 1000 })).toBe(115200);
      await next.open();
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(heardNext).toEqual([]);
    } finally {
      await next.close();
      await board.close();
      await pair.close();
    }
  });
});
