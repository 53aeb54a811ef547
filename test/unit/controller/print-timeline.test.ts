import { describe, expect, it } from 'vitest';
import {
  layerAt, modelSecondsAt, pacePriorSeconds, paceStartAt, printTimelineSchema, timedProgress, timelineOf, type PrintTimeline,
} from '../../../src/printer/print-timeline.js';

// 1,000 bytes: start G-code to byte 100 takes 200 s, then three layers of 60 s, 120 s and 20 s, then the end G-code 20 s.
const timeline: PrintTimeline = {
  bytesTotal: 1000, totalSeconds: 420, layerOffsets: [100, 400, 900], pointOffsets: [100, 400, 900], pointSeconds: [200, 260, 380],
};

describe('print timeline', () => {
  it('spreads the time between known points over their bytes: start G-code, layers, end G-code', () => {
    expect(modelSecondsAt(timeline, 0)).toBe(0);
    expect(modelSecondsAt(timeline, 50)).toBe(100);
    expect(modelSecondsAt(timeline, 100)).toBe(200);
    expect(modelSecondsAt(timeline, 250)).toBe(230);
    expect(modelSecondsAt(timeline, 650)).toBe(320);
    expect(modelSecondsAt(timeline, 950)).toBe(400);
    expect(modelSecondsAt(timeline, 1000)).toBe(420);
    expect(modelSecondsAt(timeline, 5000)).toBe(420);
  });

  it('numbers layers from 1, none before the first layer starts', () => {
    expect([0, 99, 100, 399, 400, 899, 900, 1000].map((b) => layerAt(timeline, b))).toEqual([null, null, 1, 1, 2, 2, 3, 3]);
  });

  it('puts a heater wait\'s minutes on its line, not over the start G-code around it', () => {
    // M190 at byte 40 waits 150 s; M109 at byte 60 waits 30 s; the first layer starts at byte 100, 200 s in.
    const t = timelineOf({
      bytesTotal: 1000, totalSeconds: 420,
      layers: [{ byteOffset: 100, startSeconds: 200 }, { byteOffset: 400, startSeconds: 260 }, { byteOffset: 900, startSeconds: 380 }],
      heatWaits: [{ byteOffset: 40, startSeconds: 10, seconds: 150 }, { byteOffset: 60, startSeconds: 165, seconds: 30 }],
    });
    expect(t.pointOffsets).toEqual([40, 41, 60, 61, 100, 400, 900]);
    expect(t.pointSeconds).toEqual([10, 160, 165, 195, 200, 260, 380]);
    expect(t.layerOffsets).toEqual([100, 400, 900]);
    // Waiting on M190, the acknowledged mark sits at its line's start: the wait is still to come.
    expect(modelSecondsAt(t, 40)).toBe(10);
    // Its line acknowledged (the mark is past the line's end): the wait is over.
    expect(modelSecondsAt(t, 49)).toBeCloseTo(160 + 5 * 8 / 19, 9);
    expect(printTimelineSchema.safeParse(t).success).toBe(true);
  });

  it('starts a layer when a wait between its comment and its first move starts', () => {
    // ;LAYER_CHANGE at byte 300, M109 at 320 waits 40 s from 250 s; the layer's first move starts at 290 s.
    const t = timelineOf({
      bytesTotal: 1000, totalSeconds: 600,
      layers: [{ byteOffset: 100, startSeconds: 50 }, { byteOffset: 300, startSeconds: 290 }],
      heatWaits: [{ byteOffset: 320, startSeconds: 250, seconds: 40 }],
    });
    expect(t.pointOffsets).toEqual([100, 300, 320, 321]);
    expect(t.pointSeconds).toEqual([50, 250, 250, 290]);
    // Working on the M109: the wait is still to come, and the countdown and the fraction run through it,
    // up to the wait's end.
    const during = [0, 20_000, 60_000].map((extraMs) =>
      timedProgress(t, { byteOffset: 320, ackedPrintingMs: 250_000, printingMs: 250_000 + extraMs, paceStart: { printingMs: 50_000, modelSeconds: 50 } }));
    expect(during.map((p) => p.remainingMs)).toEqual([350_000, 330_000, 310_000]);
    expect(during.map((p) => p.fraction)).toEqual([250 / 600, 270 / 600, 290 / 600]);
    // Outside a wait the fraction does not run ahead of the acknowledgements.
    const inLayer = timedProgress(t, { byteOffset: 200, ackedPrintingMs: 150_000, printingMs: 170_000, paceStart: { printingMs: 50_000, modelSeconds: 50 } });
    expect(inLayer.fraction).toBe(150 / 600);
  });

  it('is never built running backwards, whatever the tables say', () => {
    const t = timelineOf({
      bytesTotal: 500, totalSeconds: 100, heatWaits: [],
      layers: [{ byteOffset: 50, startSeconds: 10 }, { byteOffset: 40, startSeconds: 30 }, { byteOffset: 200, startSeconds: 20 }, { byteOffset: 900, startSeconds: 500 }],
    });
    expect(t).toEqual({ bytesTotal: 500, totalSeconds: 100, layerOffsets: [40, 50, 200, 500], pointOffsets: [40, 50, 200, 500], pointSeconds: [10, 10, 20, 100] });
    expect(printTimelineSchema.safeParse(t).success).toBe(true);
    // Two points at the same byte: the later one's time, not a division by zero.
    expect(modelSecondsAt({ ...t, pointOffsets: [40, 40], pointSeconds: [30, 60], layerOffsets: [] }, 40)).toBe(60);
  });

  it('refuses a stored table that is damaged or inconsistent', () => {
    const bad = [
      { ...timeline, pointSeconds: [200, 260] },
      { ...timeline, pointOffsets: [100, 50, 900] },
      { ...timeline, layerOffsets: [100, 50, 900] },
      { ...timeline, pointSeconds: [200, 190, 380] },
      { ...timeline, pointOffsets: [100, 400, 1001] },
      { ...timeline, pointSeconds: [200, 260, 421] },
      { ...timeline, totalSeconds: -1 },
      { ...timeline, bytesTotal: Number.NaN },
      { ...timeline, layerOffsets: ['100', 400, 900] },
      { ...timeline, pointOffsets: undefined },
    ];
    for (const t of bad) expect(printTimelineSchema.safeParse(t).success, JSON.stringify(t)).toBe(false);
    expect(printTimelineSchema.safeParse(timeline).success).toBe(true);
  });

  it('gives the model\'s remaining time before the first layer, and while the print keeps the model\'s pace', () => {
    expect(timedProgress(timeline, { byteOffset: 0, ackedPrintingMs: 0, printingMs: 0, paceStart: null }))
      .toEqual({ fraction: 0, remainingMs: 420_000, layer: null });
    const paceStart = paceStartAt(timeline, 100, 200_000);
    expect(paceStart).toEqual({ printingMs: 200_000, modelSeconds: 200 });
    expect(timedProgress(timeline, { byteOffset: 400, ackedPrintingMs: 260_000, printingMs: 260_000, paceStart }))
      .toEqual({ fraction: 260 / 420, remainingMs: 160_000, layer: 2 });
  });

  it('starts measuring the pace at the first layer: the start G-code\'s heating says nothing about printing speed', () => {
    expect(paceStartAt(timeline, 99, 50_000)).toBeNull();
    // Heating took twice the model's time, printing keeps the model's pace: the estimate stays the model's.
    const paceStart = paceStartAt(timeline, 100, 400_000)!;
    expect(timedProgress(timeline, { byteOffset: 400, ackedPrintingMs: 460_000, printingMs: 460_000, paceStart }).remainingMs).toBe(160_000);
    // A file without layers measures from its first acknowledgement.
    expect(paceStartAt({ ...timeline, layerOffsets: [] }, 0, 0)).toEqual({ printingMs: 0, modelSeconds: 0 });
  });

  it('counts down through a wait, when no line is acknowledged, but not past the end of the wait', () => {
    // Acknowledged up to byte 30 (60 model seconds) 60 s in; the next line holds its acknowledgement for minutes.
    const waits = [0, 30_000, 90_000, 500_000].map((extraMs) =>
      timedProgress(timeline, { byteOffset: 30, ackedPrintingMs: 60_000, printingMs: 60_000 + extraMs, paceStart: null }));
    // The stretch in progress ends at the first layer, 200 s in: 220 s are left after it whatever happens.
    expect(waits.map((w) => w.remainingMs)).toEqual([360_000, 330_000, 270_000, 220_000]);
    expect(waits.every((w) => w.fraction === 60 / 420)).toBe(true);
  });

  it('scales what is left by the pace since the first layer, leaning on the model early on', () => {
    const paceStart = { printingMs: 200_000, modelSeconds: 200 };
    const priorS = pacePriorSeconds(timeline.totalSeconds);
    expect(priorS).toBe(42);
    // Layer 3 reached at 380 model seconds: the 180 model seconds since layer 1 took 360 s, twice as slow.
    const slow = timedProgress(timeline, { byteOffset: 900, ackedPrintingMs: 560_000, printingMs: 560_000, paceStart });
    expect(slow.remainingMs).toBe(Math.round(40 * ((360 + priorS) / (180 + priorS)) * 1000));
    // Fast, and early: the prior keeps a quick first minute from halving the estimate.
    const early = timedProgress(timeline, { byteOffset: 150, ackedPrintingMs: 205_000, printingMs: 205_000, paceStart });
    expect(early.remainingMs).toBe(Math.round(210 * ((5 + priorS) / (10 + priorS)) * 1000));
    expect(early.remainingMs).toBeGreaterThan(180_000);
  });

  it('leans on the model for at least half a minute and at most five', () => {
    expect([60, 600, 6000, 60_000].map(pacePriorSeconds)).toEqual([30, 60, 300, 300]);
  });

  it('never shows less than nothing left', () => {
    const paceStart = { printingMs: 0, modelSeconds: 0 };
    expect(timedProgress(timeline, { byteOffset: 1000, ackedPrintingMs: 400_000, printingMs: 900_000, paceStart }).remainingMs).toBe(0);
  });
});
