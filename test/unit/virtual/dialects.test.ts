import { describe, expect, it } from 'vitest';
import { framed, openBench, profileFor } from './harness.js';

const corrupt = (line: string) => line.replace(/\*\d+$/, '*0');

describe('each dialect has its own wire behaviour', () => {
  it('Prusa refuses an unnumbered line with a checksum, and has no ADVANCED_OK', async () => {
    const b = await openBench({ profile: profileFor('prusa-mk3s') });
    b.send(framed(1, 'G90'), 'G91*12');
    b.clock.run();
    b.send('M105');
    b.clock.run();
    expect(b.received).toEqual([
      'ok', 'Error:No Line Number with checksum, Last Line: 1', 'Resend: 2', 'ok',
      expect.stringMatching(/^ok T:22\.\d \/0\.0 B:22\.\d \/0\.0 T0:22\.\d \/0\.0 @:0 B@:0 P:[\d.]+ A:[\d.]+$/),
    ]);
  });

  it('Klipper checks nothing, reports T0, answers // Unknown command, and shuts down on M112', async () => {
    const b = await openBench({ profile: profileFor('klipper') });
    b.send(corrupt(framed(9, 'G90')), 'M105', 'FOO_BAR 1');
    b.clock.run();
    expect(b.received).toEqual(['ok', expect.stringMatching(/^ok T0:22\.\d \/0\.0 B:22\.\d \/0\.0$/), '// Unknown command:"FOO_BAR"', 'ok']);
    b.received.length = 0;
    b.send('M112');
    b.clock.run();
    b.send('M105');
    b.clock.run();
    expect(b.received).toEqual([
      '// Klipper state: Shutdown', '!! Shutdown due to M112 command', '!! Printer is shutdown', 'ok', '!! Printer is shutdown', 'ok',
    ]);
  });

  it('RepRapFirmware drops a bad checksum without a word and never asks for a resend', async () => {
    const b = await openBench({ profile: profileFor('reprapfirmware') });
    b.send(corrupt(framed(1, 'G91')), framed(7, 'M105'));
    b.clock.run();
    expect(b.received).toEqual([expect.stringMatching(/^ok T:22\.\d \/0\.0 T0:22\.\d \/0\.0 B:22\.\d \/0\.0$/)]);
    expect(b.printer.executed().map((c) => c.text)).toEqual(['M105']);
    expect(b.printer.stats().linesDropped).toBe(1);
  });

  it('Smoothieware asks with rs N<n> and no ok, and acknowledges blank and comment lines', async () => {
    const b = await openBench({ profile: profileFor('smoothieware') });
    b.send(framed(1, 'G90'));
    b.clock.run();
    b.send(corrupt(framed(2, 'G90')));
    b.clock.run();
    b.transport.write('\r\n; just a comment\n');
    b.clock.run();
    expect(b.received).toEqual(['ok', 'rs N2', 'ok', 'ok']);
  });

  it('Repetier asks with Resend:<n> + ok, then skips the stray lines already on their way', async () => {
    const profile = profileFor('marlin', { flushesRxOnLineError: false, sendsSkip: true }, 'repetier');
    const b = await openBench({ profile });
    b.send(framed(1, 'G90'));
    b.clock.run();
    b.received.length = 0;
    b.send(corrupt(framed(2, 'G91')), framed(3, 'G90'), framed(4, 'G91'));
    b.clock.run();
    expect(b.received).toEqual(['Error:Wrong checksum', 'Resend:2', 'ok', 'skip 3', 'ok', 'skip 4', 'ok']);
    b.received.length = 0;
    b.send(framed(2, 'G91'), framed(3, 'G90'), framed(4, 'G91'), framed(3, 'G90'));
    b.clock.run();
    // The duplicate is answered as it is read, ahead of the oks of the lines still executing.
    expect(b.received).toEqual(['ok 2', 'skip 3', 'ok', 'ok 3', 'ok 4']);
    b.received.length = 0;
    b.send('G4 S3');
    b.clock.run();
    expect(b.received).toEqual(['busy:processing', 'ok']);
  });
});
