import { describe, expect, it } from 'vitest';
import type { FaultOptions } from '../../../src/printer/virtual/fault-injector.js';
import { framed, openBench } from './harness.js';

/** A minimal one-line-in-flight host: the next line on each ok, back to n on `Resend: n`. */
async function pingPong(faults: Partial<FaultOptions>, lineCount = 200) {
  const b = await openBench({ faults });
  const lines = Array.from({ length: lineCount }, (_, i) => framed(i + 1, `G1 X${i % 50} Y${(i * 7) % 50} F6000`));
  let next = 0;
  b.transport.on('line', (l) => {
    const resend = /^Resend: (\d+)$/.exec(l);
    if (resend) next = Number(resend[1]) - 1;
    else if (l.startsWith('ok') && next < lines.length) b.send(lines[next++]);
  });
  b.send(lines[next++]);
  b.clock.run();
  return b;
}

describe('fault injection', () => {
  it('is off by default: a clean run executes every line once, in order', async () => {
    const b = await pingPong({});
    expect(b.printer.stats().lineErrors).toBe(0);
    expect(b.printer.executed().map((c) => c.lineNumber)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('corrupts incoming bytes reproducibly for a seed: checksum errors, resends, the same transcript twice', async () => {
    const first = await pingPong({ seed: 42, corruptByteRate: 0.003 });
    const again = await pingPong({ seed: 42, corruptByteRate: 0.003 });
    const other = await pingPong({ seed: 43, corruptByteRate: 0.003 });
    expect(first.faults.counts.corruptedBytes).toBeGreaterThan(0);
    expect(first.printer.stats().lineErrors).toBeGreaterThan(0);
    expect(first.received.some((l) => /^Resend: \d+$/.test(l))).toBe(true);
    expect(again.received).toEqual(first.received);
    expect(again.faults.counts).toEqual(first.faults.counts);
    expect(other.received).not.toEqual(first.received);
    // One line in flight: every numbered line still ran exactly once, in order.
    const numbered = first.printer.executed().filter((c) => c.numbered).map((c) => c.lineNumber);
    expect(numbered).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('corrupts whole lines at a per-line rate', async () => {
    const b = await pingPong({ seed: 5, corruptLineRate: 0.1 });
    expect(b.faults.counts.corruptedBytes).toBeGreaterThan(5);
    expect(b.printer.stats().lineErrors).toBeGreaterThan(5);
  });

  it('drops bytes', async () => {
    const b = await pingPong({ seed: 7, dropByteRate: 0.005 });
    expect(b.faults.counts.droppedBytes).toBeGreaterThan(0);
    expect(b.printer.stats().lineErrors).toBeGreaterThan(0);
  });

  it('loses oks: the host above stalls exactly where the first ok went missing', async () => {
    const b = await pingPong({ seed: 3, loseOkRate: 0.05 });
    expect(b.faults.counts.lostOks).toBe(1);
    expect(b.printer.executed().length).toBeLessThan(200);
    expect(b.received.filter((l) => l.startsWith('ok'))).toHaveLength(b.printer.executed().length - 1);
  });

  it('garbles firmware output lines', async () => {
    const b = await pingPong({ seed: 11, garbleOutputLineRate: 0.05 }, 100);
    const garbled = b.received.filter((l) => !/^ok P\d+ B\d$/.test(l) && !/^ok N\d+ P\d+ B\d$/.test(l));
    expect(b.faults.counts.garbledLines).toBeGreaterThan(0);
    expect(garbled.length).toBeGreaterThan(0);
  });

  it('inserts busy periods with keepalive lines', async () => {
    const b = await pingPong({ seed: 1, busyRate: 0.02, busyMs: 5000 }, 100);
    expect(b.faults.counts.busyPeriods).toBeGreaterThan(0);
    expect(b.received.filter((l) => l === 'echo:busy: processing').length).toBe(2 * b.faults.counts.busyPeriods);
  });
});
