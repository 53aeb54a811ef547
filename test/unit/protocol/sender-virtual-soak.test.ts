/**
 * The Sender behind the real link shell against the virtual printer (the approved fake firmware), on a
 * SimClock, with byte-level noise in both directions and lost oks: every move must run exactly once, in
 * order, as the numbered line we sent, and no flushed tail may ever run on its own.
 */
import { describe, expect, it } from 'vitest';
import { SimClock } from '../../../src/core/clock.js';
import { PrinterLink, type LinkFault } from '../../../src/printer/printer-link.js';
import { loadProfile } from '../../../src/printer/profiles.js';
import type { FirmwareProfile, StreamMode } from '../../../src/printer/profile-types.js';
import { checksum } from '../../../src/printer/protocol/gcode-line.js';
import type { FaultOptions } from '../../../src/printer/virtual/fault-injector.js';
import { createVirtualPrinterSetup } from '../../../src/printer/virtual/virtual-setup.js';

const MOVES = 300;

function moves(): string[] {
  return Array.from({ length: MOVES }, (_, i) => {
    const a = i * 0.21;
    return `G1 X${(100 + 40 * Math.cos(a)).toFixed(3)} Y${(100 + 40 * Math.sin(a)).toFixed(3)} F3000`;
  });
}

async function soak(profile: FirmwareProfile, mode: StreamMode, faults: Partial<FaultOptions>, advancedOk = true) {
  const clock = new SimClock();
  const vp = createVirtualPrinterSetup({ clock, profile, faults, advancedOk, resetOnOpen: false });
  const link = new PrinterLink({ transport: vp.transport, profile, clock, mode, serialLogEntries: 100_000 });
  const linkFaults: LinkFault[] = [];
  link.on('fault', (f) => linkFaults.push(f));
  let connected = false;
  link.connect().then(() => { connected = true; }, () => { connected = true; });
  const runUntil = async (done: () => boolean, budgetMs: number) => {
    const endMs = clock.nowMs() + budgetMs;
    while (!done() && clock.nowMs() < endMs) {
      await new Promise((r) => setImmediate(r));
      clock.run({ stop: done, untilMs: Math.min(endMs, clock.nowMs() + 1000) });
    }
  };
  await runUntil(() => connected, 120_000);
  expect(link.isOperational()).toBe(true);
  const jobAcked: number[] = [];
  const lineNumberOf = new Map<number, number>();
  link.on('acked', ({ command, lineNumber }) => {
    if (command.source !== 'job') return;
    jobAcked.push(command.fileLine!);
    lineNumberOf.set(command.fileLine!, lineNumber!);
  });
  const expected = moves();
  expected.forEach((text, i) => link.send({ text, source: 'job', fileLine: i + 1 }));
  const allAcked = () => new Set(jobAcked).size >= MOVES;
  await runUntil(() => allAcked() || linkFaults.length > 0, 4 * 3_600_000);
  // A line acknowledged by mistake is replayed once the firmware insists on it: give that time to show.
  clock.run({ untilMs: clock.nowMs() + 30_000 });
  const jobNumbers = expected.map((_, i) => lineNumberOf.get(i + 1) ?? null);
  const jobNumberSet = new Set(jobNumbers);
  // Our job lines as the firmware ran them (even if noise that slipped past the checksum made one an
  // unknown command), and any unnumbered move: a flushed tail that ran on its own shows up as null.
  const ranNumbers = vp.printer.executed()
    .filter((e) => (e.numbered ? jobNumberSet.has(e.lineNumber) : /^G1 /.test(e.text)))
    .map((e) => (e.numbered ? e.lineNumber : null));
  return { ranNumbers, jobNumbers, expected, jobAcked, linkFaults, link, vp };
}

// Byte noise four times the rates measured against genuine Marlin (PROTOCOL-NOTES G: 0.05 % corrupted,
// 0.025 % dropped), plus garbled replies and lost oks.
const NOISE: Partial<FaultOptions> = { corruptByteRate: 0.002, dropByteRate: 0.001, garbleOutputLineRate: 0.003, loseOkRate: 0.003 };

describe('Sender on the virtual printer with a noisy line', () => {
  const marlin = loadProfile('marlin');
  // The full ADVANCED_OK window: lines proven queued leave the RX count, and no cap on lines in flight.
  const marlinRefusingTails = { ...marlin, dialect: { ...marlin.dialect, rejectsChecksumWithoutLineNumber: true } };
  const cases: Array<[string, FirmwareProfile, StreamMode, boolean]> = [
    ['Marlin 2', marlin, 'pingpong', true],
    ['Marlin 2', marlin, 'buffered', true],
    ['Marlin 2 without ADVANCED_OK', marlin, 'buffered', false],
    ['Marlin refusing flushed tails, ADVANCED_OK', marlinRefusingTails, 'buffered', true],
    ['Prusa MK3S', loadProfile('prusa-mk3s'), 'buffered', false],
  ];
  for (const [title, profile, mode, advancedOk] of cases) {
    it.each([1, 2, 3])(`${title}, ${mode}: every move runs exactly once, in order (seed %i)`, async (seed) => {
      const r = await soak(profile, mode, { ...NOISE, seed }, advancedOk);
      expect(r.linkFaults).toEqual([]);
      // The window never sends more than the RX buffer can hold: an overrun would lose bytes on a real UART.
      expect(r.vp.printer.stats().overrunBytes).toBe(0);
      // Each job line ran once, in order, as the numbered line we sent; no unnumbered tail ever ran.
      expect(r.ranNumbers).toEqual(r.jobNumbers);
      // Every time a job line's number went out, it carried that line's text (first sends and replays).
      // What the firmware then ran can still differ where noise slipped past the XOR checksum (two flips
      // of one bit cancel out): no host can see that, so executed text is not compared.
      const textOf = new Map(r.jobNumbers.map((n, i) => [n, r.expected[i]!]));
      for (const e of r.link.serialLog()) {
        const m = /^N(\d+) (.*)\*(\d+)$/.exec(e.text);
        if (e.direction !== 'sent' || !m || !textOf.has(Number(m[1]))) continue;
        expect(m[2]).toBe(textOf.get(Number(m[1])));
        expect(Number(m[3])).toBe(checksum(`N${m[1]} ${m[2]}`));
      }
      expect([...new Set(r.jobAcked)]).toEqual(r.expected.map((_, i) => i + 1));
      // The noise really happened and was survived, not avoided.
      expect(r.vp.faults.counts.corruptedBytes + r.vp.faults.counts.droppedBytes).toBeGreaterThan(0);
    });
  }
});
