import { describe, expect, it } from 'vitest';
import { noHeaterReadings, printProgress, withTemperatureReport } from '../../../src/printer/printer-status.js';
import { parseTemperatureReport } from '../../../src/printer/protocol/temperatures.js';
import { nextPrinterState } from '../../../src/printer/controller-states.js';
import type { PrinterState } from '../../../src/printer/printer-types.js';

describe('status snapshot pieces', () => {
  it('turns a Prusa report into hotends, bed and other sensors', () => {
    const r = withTemperatureReport(noHeaterReadings(), parseTemperatureReport('T:21.5 /0.0 B:21.8 /60.0 T0:21.5 /0.0 @:0 B@:0 P:20.1 A:25.3'));
    expect(r).toEqual({
      hotends: [{ actualC: 21.5, targetC: 0 }], bed: { actualC: 21.8, targetC: 60 }, chamber: null,
      otherSensors: { P: 20.1, A: 25.3 },
    });
  });

  it('keeps what a partial report leaves out (Repetier targets on their own line)', () => {
    const first = withTemperatureReport(noHeaterReadings(), parseTemperatureReport('T0:200.0 /0 T1:180.0 /0 B:60 /0 C:30 /40'));
    const next = withTemperatureReport(first, parseTemperatureReport('TargetExtr1:215'));
    expect(next.hotends).toEqual([{ actualC: 200, targetC: 0 }, { actualC: 180, targetC: 215 }]);
    expect(next.chamber).toEqual({ actualC: 30, targetC: 40 });
    expect(next.bed).toEqual(first.bed);
  });

  it('reports progress by acknowledged bytes, with a remaining-time guess once past 1 %', () => {
    const base = { jobRef: 'j1', fileName: 'a.gcode', bytesTotal: 1000, startedAtMs: 1000, finished: false };
    const early = printProgress({ ...base, mark: { byteOffset: 5, line: 2, layer: null }, nowMs: 2000 });
    expect(early).toMatchObject({ fraction: 0.005, remainingMs: null, elapsedMs: 1000, lineAcked: 2 });
    const half = printProgress({ ...base, mark: { byteOffset: 500, line: 40, layer: 7 }, nowMs: 61_000 });
    expect(half).toMatchObject({ bytesAcked: 500, fraction: 0.5, remainingMs: 60_000, layer: 7 });
    const done = printProgress({ ...base, mark: { byteOffset: 990, line: 80, layer: 9 }, nowMs: 90_000, finished: true });
    expect(done).toMatchObject({ fraction: 1, remainingMs: 0, bytesAcked: 990 });
  });
});

describe('printer state table', () => {
  const all: PrinterState[] = ['disconnected', 'connecting', 'idle', 'printing', 'pausing', 'paused', 'cancelling', 'error'];

  it('walks a print through pause, resume and cancel', () => {
    let s: PrinterState = 'disconnected';
    for (const e of ['connect_requested', 'link_ready', 'print_started', 'pause_requested', 'pause_done', 'resume_requested',
      'cancel_requested', 'cancel_done'] as const) {
      const next = nextPrinterState(s, e);
      expect(next, `${s} + ${e}`).not.toBeNull();
      s = next!;
    }
    expect(s).toBe('idle');
  });

  it('refuses what makes no sense', () => {
    expect(nextPrinterState('printing', 'resume_requested')).toBeNull();
    expect(nextPrinterState('idle', 'pause_requested')).toBeNull();
    expect(nextPrinterState('disconnected', 'print_started')).toBeNull();
    expect(nextPrinterState('cancelling', 'pause_requested')).toBeNull();
  });

  it('loses the link from every connected state, and leaves error only through the link', () => {
    for (const s of all.filter((x) => x !== 'disconnected')) expect(nextPrinterState(s, 'link_lost')).toBe('disconnected');
    for (const s of ['printing', 'pausing', 'paused'] as const) expect(nextPrinterState(s, 'halted')).toBe('error');
    expect(nextPrinterState('error', 'print_started')).toBeNull();
    expect(nextPrinterState('error', 'link_ready')).toBe('idle');
  });
});
