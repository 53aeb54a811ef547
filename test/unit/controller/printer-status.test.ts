import { describe, expect, it } from 'vitest';
import { noHeaterReadings, printProgress, withTemperatureReport } from '../../../src/printer/printer-status.js';
import { parseTemperatureReport } from '../../../src/printer/protocol/temperatures.js';

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

  it('reports progress by acknowledged bytes, with a remaining-time guess once past 1 %, for a file without a timeline', () => {
    const base = { jobRef: 'j1', fileName: 'a.gcode', bytesTotal: 1000, startedAtMs: 1000, finished: false, timeline: null, ackedPrintingMs: 0, paceStart: null };
    const early = printProgress({ ...base, mark: { byteOffset: 5, line: 2, layer: null }, workingOffset: 5, nowMs: 2000, printingMs: 1000 });
    expect(early).toMatchObject({ fraction: 0.005, remainingMs: null, elapsedMs: 1000, lineAcked: 2, layers: null, estimateS: null });
    const half = printProgress({ ...base, mark: { byteOffset: 500, line: 40, layer: 7 }, workingOffset: 500, nowMs: 61_000, printingMs: 60_000 });
    expect(half).toMatchObject({ bytesAcked: 500, fraction: 0.5, remainingMs: 60_000, layer: 7 });
    // Twenty seconds of it paused: the pace is the printing time's, the elapsed time the clock's.
    const paused = printProgress({ ...base, mark: { byteOffset: 500, line: 40, layer: 7 }, workingOffset: 500, nowMs: 81_000, printingMs: 60_000 });
    expect(paused).toMatchObject({ remainingMs: 60_000, elapsedMs: 80_000 });
    const done = printProgress({ ...base, mark: { byteOffset: 990, line: 80, layer: 9 }, workingOffset: 990, nowMs: 90_000, printingMs: 89_000, finished: true });
    expect(done).toMatchObject({ fraction: 1, remainingMs: 0, bytesAcked: 990 });
  });

  it('follows the timeline when the file has one: time fraction, its layer number and count, our estimate', () => {
    const timeline = { bytesTotal: 1000, totalSeconds: 600, layerOffsets: [100, 500], pointOffsets: [100, 500], pointSeconds: [300, 400] };
    const base = { jobRef: 'j1', fileName: 'a.gcode', bytesTotal: 1000, startedAtMs: 0, finished: false, timeline, paceStart: { printingMs: 300_000, modelSeconds: 300 } };
    // Half the bytes, but the heating and the first layer were two thirds of the time.
    const p = printProgress({ ...base, mark: { byteOffset: 500, line: 40, layer: 12 }, workingOffset: 500, nowMs: 400_000, printingMs: 400_000, ackedPrintingMs: 400_000 });
    expect(p).toMatchObject({ fraction: 400 / 600, remainingMs: 200_000, layer: 2, layers: 2, estimateS: 600, bytesAcked: 500 });
    const done = printProgress({ ...base, mark: { byteOffset: 1000, line: 80, layer: 12 }, workingOffset: 1000, nowMs: 700_000, printingMs: 700_000, ackedPrintingMs: 700_000, finished: true });
    expect(done).toMatchObject({ fraction: 1, remainingMs: 0 });
  });
});
