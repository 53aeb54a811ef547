import { describe, expect, it } from 'vitest';
import { framed, openBench } from './harness.js';

describe('Marlin line errors on the wire', () => {
  it.each([
    ['N2 G28*1', 'Error:checksum mismatch, Last Line: 1'],
    [framed(3, 'G28'), 'Error:Line Number is not Last Line Number+1, Last Line: 1'],
    ['N2 G28', 'Error:No Checksum with line number, Last Line: 1'],
  ])('%s → %s, Resend: 2, ok', async (bad, error) => {
    const b = await openBench();
    b.send(framed(1, 'M105'));
    b.clock.run();
    b.received.length = 0;
    b.send(bad);
    b.clock.run();
    expect(b.received).toEqual([error, 'Resend: 2', 'ok']);
    expect(b.printer.executed().map((c) => c.text)).toEqual(['M105']);
  });

  it('runs an unnumbered line without any check and answers unknown commands', async () => {
    const b = await openBench();
    b.send('M114', 'FOO 1');
    b.clock.run();
    expect(b.received).toEqual(['X:0.00 Y:0.00 Z:0.00 E:0.00 Count X:0 Y:0 Z:0', 'ok P15 B3', 'echo:Unknown command: "FOO 1"', 'ok P15 B3']);
  });

  it('M110 sets the line number, then the sequence continues from it', async () => {
    const b = await openBench();
    b.send(framed(0, 'M110 N0'), framed(1, 'G90'), framed(7, 'M110 N7'), framed(8, 'G91'));
    b.clock.run();
    expect(b.received.map((l) => l.split(' P')[0])).toEqual(['ok N0', 'ok N1', 'ok N7', 'ok N8']);
  });
});

describe('ADVANCED_OK', () => {
  it('counts planner slots down as moves queue, then paces each ok by a finished block', async () => {
    const b = await openBench();
    const moves = Array.from({ length: 20 }, (_, i) => framed(i + 1, `G1 X${(i + 1) * 10} F3000`));
    // One line in flight: the next goes out on each ok.
    let next = 0;
    b.transport.on('line', (l) => { if (l.startsWith('ok') && next < moves.length) b.send(moves[next++]); });
    b.send(moves[next++]);
    b.clock.run();
    const oks = b.timed.filter((t) => t.line.startsWith('ok'));
    expect(oks.map((o) => o.line)).toEqual(moves.map((_, i) => `ok N${i + 1} P${Math.max(14 - i, 0)} B3`));
    // 10 mm at 50 mm/s between straight-on junctions: a full planner frees one slot per 0.2 s. (The
    // first block planned to stop — nothing followed it yet — so the second starts from rest: 208.3 ms.)
    expect(oks[16].atMs - oks[15].atMs).toBeCloseTo(200 + (50 / 3000 / 2) * 1000, 6);
    const gaps = oks.slice(17).map((o, i) => o.atMs - oks[16 + i].atMs);
    for (const gap of gaps) expect(gap).toBeCloseTo(200, 0);
    expect(b.printer.executed().map((c) => c.lineNumber)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('leaves N out of the ok for an unnumbered line, and sends a plain ok after a resend', async () => {
    const b = await openBench();
    b.send('G91', 'N5 G90*0');
    b.clock.run();
    expect(b.received).toEqual(['ok P15 B3', 'Error:Line Number is not Last Line Number+1, Last Line: 0', 'Resend: 1', 'ok']);
  });

  it('stops reading serial while a move waits for the planner (the RX ring overruns)', async () => {
    const b = await openBench();
    const moves = Array.from({ length: 40 }, (_, i) => framed(i + 1, `G1 X${i % 2 ? 0 : 200} F3000`));
    b.send(...moves);
    b.clock.run();
    expect(b.printer.stats().overrunBytes).toBeGreaterThan(0);
    expect(b.received.some((l) => l.startsWith('Error:'))).toBe(true);
  });

  it('M105 answers with its own ok carrying the temperatures', async () => {
    const b = await openBench();
    b.send(framed(1, 'M105'));
    b.clock.run();
    expect(b.received).toEqual(['ok T:22.00 /0.00 B:22.00 /0.00 @:0 B@:0']);
  });
});

describe('the flushed tail (Marlin empties its RX ring on a line error)', () => {
  const BAUD = 9600; // 1.04 ms per byte, so the cut can be placed on a byte
  const byteMs = (10 * 1000) / BAUD;

  /** N1 is a dwell long enough that N2 (corrupt) and the first `cutAt` bytes of N3 are in the ring when the loop reads. */
  async function cutRun(third: string, cutAt: number, rejectsTails = false) {
    const { profileFor } = await import('./harness.js');
    const profile = profileFor('marlin', { rejectsChecksumWithoutLineNumber: rejectsTails });
    const b = await openBench({ baudRate: BAUD, turnaroundMs: 0, profile });
    const bad = framed(2, 'G1 X5').replace(/\*\d+$/, '*0');
    const dwellMs = (bad.length + 1 + cutAt + 0.5) * byteMs;
    b.send(framed(1, `G4 P${dwellMs.toFixed(3)}`), bad, framed(3, third));
    b.clock.run();
    return b;
  }

  it('runs the tail when the cut falls just before a command letter', async () => {
    const b = await cutRun('G1 X10 Y5', 'N3 '.length);
    expect(b.received.slice(0, 4)).toEqual(['ok N1 P15 B3', 'Error:checksum mismatch, Last Line: 1', 'Resend: 2', 'ok']);
    const tail = b.printer.executed()[1];
    expect(tail).toMatchObject({ text: 'G1 X10 Y5', numbered: false, lineNumber: null });
    expect(b.received[4]).toBe('ok P14 B3');
  });

  it('answers a tail cut inside a parameter with Unknown command and an extra ok', async () => {
    const b = await cutRun('G1 X10 Y0.25', 'N3 G1 X10 Y0'.length);
    const tail = /\.25\*\d+/.exec(framed(3, 'G1 X10 Y0.25'))![0];
    expect(b.received.slice(4)).toEqual([`echo:Unknown command: "${tail.replace(/\*\d+$/, '')}"`, 'ok P15 B3']);
  });

  it('refuses the tail where the firmware rejects a checksum without N (Prusa rule)', async () => {
    const b = await cutRun('G1 X10 Y5', 'N3 '.length, true);
    expect(b.received.slice(4)).toEqual(['Error:No Line Number with checksum, Last Line: 1', 'Resend: 2', 'ok']);
    expect(b.printer.executed()).toHaveLength(1);
  });
});
