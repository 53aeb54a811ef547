import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../../src/analysis/analyze-file.js';
import type { GcodeAnalysis } from '../../../src/analysis/gcode/gcode-analysis.js';
import { findMaterial, loadMaterials } from '../../../src/analysis/materials.js';
import { timelineOf, type PrintTimeline } from '../../../src/printer/print-timeline.js';
import type { PrintProgress } from '../../../src/printer/printer-types.js';
import { loadProfile } from '../../../src/printer/profiles.js';
import { simPrinter, writeTemp } from './sim-printer.js';

const WHEEL_GCODE = '../shared/fixtures/gcode/benchy-wheel-prusaslicer-2.5.gcode';
const profile = loadProfile('prusa-mk3s');
const marlin = loadProfile('marlin');
const SAMPLE_EVERY_MS = 5_000;

async function wheelAnalysis(): Promise<GcodeAnalysis> {
  const materials = loadMaterials();
  const result = await analyzeFile(WHEEL_GCODE, { profile, material: findMaterial(materials, 'PLA'), pricing: materials });
  if (!result.ok || result.analysis.kind !== 'gcode') throw new Error('the wheel did not analyse');
  return result.analysis;
}

const timelineFrom = (a: GcodeAnalysis): PrintTimeline =>
  timelineOf({ bytesTotal: a.bytes, totalSeconds: a.estimate.seconds, layers: a.layerTable, heatWaits: a.heatWaits });

interface Sample { atMs: number; progress: PrintProgress }

/** Prints on the virtual printer (simulated time: heaters, motion) and samples the status every few seconds. */
async function printFile(timeline: PrintTimeline | null, during?: (sim: ReturnType<typeof simPrinter>) => Promise<void>, filePath = WHEEL_GCODE,
  printerProfile = profile) {
  const sim = simPrinter({ profile: printerProfile });
  await sim.connect();
  const started = sim.controller.startPrint({ jobRef: 'j', filePath, fileName: 'print.gcode', timeline });
  await sim.runUntil(() => sim.controller.status().print !== null);
  const t0 = sim.clock.nowMs();
  const samples: Sample[] = [];
  let nextMs = t0;
  const sample = () => {
    const progress = sim.controller.status().print;
    if (progress && sim.clock.nowMs() >= nextMs) {
      samples.push({ atMs: sim.clock.nowMs() - t0, progress });
      nextMs += SAMPLE_EVERY_MS;
    }
  };
  if (during) {
    await sim.runUntil(() => { sample(); return (sim.controller.status().print?.fraction ?? 0) >= 0.6; });
    await during(sim);
  }
  await sim.runUntil(() => { sample(); return sim.ended(); });
  await started;
  const finished = sim.named('printer:print_finished')[0]?.progress;
  if (!finished) throw new Error(`the print did not finish: ${JSON.stringify(sim.named('printer:print_failed'))}`);
  return { samples, totalMs: sim.clock.nowMs() - t0, finished };
}

/** How far each sample's remaining time is from the truth, as a share of the whole print. */
const errorsOf = (samples: Sample[], totalMs: number) =>
  samples.map((s) => Math.abs((s.progress.remainingMs ?? Infinity) - (totalMs - s.atMs)) / totalMs);

describe('live progress from the analysis\'s per-layer times, on the virtual printer', () => {
  it('starts at our estimate and stays within 10 % of the real remaining time once layers print; by bytes it is far off', async () => {
    const analysis = await wheelAnalysis();
    expect(analysis.heatWaits.map((w) => w.heater)).toEqual(['bed', 'hotend']);
    const timed = await printFile(timelineFrom(analysis));
    const byBytes = await printFile(null);
    // The virtual printer's heaters and motion are its own models, not ours: the total is what it took.
    expect(Math.abs(timed.totalMs / 1000 - analysis.estimate.seconds) / analysis.estimate.seconds).toBeLessThan(0.1);
    expect(timed.samples[0].progress.remainingMs! / 1000).toBeCloseTo(analysis.estimate.seconds, 0);

    const printing = (s: Sample) => s.progress.layer !== null;
    const timedErrors = errorsOf(timed.samples.filter(printing), timed.totalMs);
    const byteErrors = errorsOf(byBytes.samples.filter(printing), byBytes.totalMs);
    expect(timedErrors.length).toBeGreaterThan(20);
    expect(Math.max(...timedErrors)).toBeLessThan(0.1);
    expect(Math.max(...byteErrors)).toBeGreaterThan(1);
    // Through the start G-code's heating too, the estimate is never off by more than the heaters' difference from our heat model.
    expect(Math.max(...errorsOf(timed.samples, timed.totalMs))).toBeLessThan(0.45);

    const fractions = timed.samples.map((s) => s.progress.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    const last = timed.samples[timed.samples.length - 1].progress;
    expect(last).toMatchObject({ layers: analysis.layers, estimateS: Math.round(analysis.estimate.seconds), layer: analysis.layers });
    expect(timed.finished).toMatchObject({ fraction: 1, remainingMs: 0, layers: analysis.layers });
    expect(byBytes.finished).toMatchObject({ layers: null, estimateS: null });
  }, 60_000);

  it('corrects a model twice too optimistic by the pace measured since the first layer', async () => {
    // Long moves: a quarter of an hour of printing in a few hundred lines, for plain Marlin (temperatures autoreported).
    const layers = Array.from({ length: 60 }, (_, i) => [
      ';LAYER_CHANGE', `;Z:${(0.2 * (i + 1)).toFixed(1)}`, `G1 Z${(0.2 * (i + 1)).toFixed(1)} F600`,
      ...Array.from({ length: 8 }, (_, k) => `G1 X${k % 2 === 0 ? 150 : 50} Y${50 + 10 * k + (i % 2)} E2 F3000`),
    ]).flat();
    const path = writeTemp('slow.gcode', ['M140 S60', 'M104 S215', 'G28', 'M190 S60', 'M109 S215', 'G90', 'M83', ...layers, 'M104 S0', 'M140 S0'].join('\n') + '\n');
    const materials = loadMaterials();
    const result = await analyzeFile(path, { profile: marlin, material: findMaterial(materials, 'PLA'), pricing: materials });
    if (!result.ok || result.analysis.kind !== 'gcode') throw new Error('the file did not analyse');
    const honest = timelineFrom(result.analysis);
    expect(honest.totalSeconds).toBeGreaterThan(900);
    const half: PrintTimeline = { ...honest, totalSeconds: honest.totalSeconds / 2, pointSeconds: honest.pointSeconds.map((s) => s / 2) };
    const run = await printFile(half, undefined, path, marlin);
    const laterHalf = run.samples.filter((s) => s.atMs > run.totalMs / 2);
    const errors = errorsOf(laterHalf, run.totalMs);
    // What the model alone would say at the same places.
    const uncorrected = laterHalf.map((s) => Math.abs(half.totalSeconds * (1 - s.progress.fraction) * 1000 - (run.totalMs - s.atMs)) / run.totalMs);
    expect(Math.max(...errors)).toBeLessThan(0.1);
    expect(Math.max(...uncorrected)).toBeGreaterThan(0.2);
  }, 60_000);

  it('ignores a timeline measured on another file', async () => {
    const analysis = await wheelAnalysis();
    const other = { ...timelineFrom(analysis), bytesTotal: analysis.bytes + 1 };
    const run = await printFile(other);
    expect(run.samples.every((s) => s.progress.layers === null && s.progress.estimateS === null)).toBe(true);
    expect(run.samples.at(-1)!.progress.fraction).toBeCloseTo(run.samples.at(-1)!.progress.bytesAcked / analysis.bytes, 9);
  }, 60_000);

  it('holds the remaining time still while paused, and leaves the pause out of the pace', async () => {
    const analysis = await wheelAnalysis();
    let beforeMs = 0;
    let duringMs = 0;
    const run = await printFile(timelineFrom(analysis), async (sim) => {
      const paused = sim.controller.pause();
      await sim.runUntil(() => sim.controller.state() === 'paused');
      await paused;
      beforeMs = sim.controller.status().print!.remainingMs!;
      await sim.advance(10 * 60_000);
      duringMs = sim.controller.status().print!.remainingMs!;
      const resumed = sim.controller.resume();
      let done = false;
      void resumed.then(() => { done = true; });
      await sim.runUntil(() => done);
    });
    expect(duringMs).toBe(beforeMs);
    const printedMs = run.totalMs - 10 * 60_000;
    const afterPause = run.samples.filter((s) => s.progress.elapsedMs > 10 * 60_000 + 60_000);
    // Measured against the time printing, not the 14 minutes the print took with its pause.
    const errors = afterPause.map((s) => Math.abs(s.progress.remainingMs! - (run.totalMs - s.atMs)) / printedMs);
    expect(afterPause.length).toBeGreaterThan(5);
    expect(Math.max(...errors)).toBeLessThan(0.1);
    expect(run.finished.elapsedMs).toBeGreaterThan(10 * 60_000);
  }, 60_000);

  it('keeps a pause that comes while a resume is still reheating out of the printing time', async () => {
    const analysis = await wheelAnalysis();
    const run = await printFile(timelineFrom(analysis), async (sim) => {
      const pauseFor = async (ms: number) => {
        const paused = sim.controller.pause();
        await sim.runUntil(() => sim.controller.state() === 'paused');
        await paused;
        await sim.advance(ms);
      };
      await pauseFor(5 * 60_000);
      void sim.controller.resume();
      // The resume script is still heating and travelling when the second pause comes.
      await sim.advance(200);
      expect(sim.controller.state()).toBe('printing');
      await pauseFor(5 * 60_000);
      const resumed = sim.controller.resume();
      let done = false;
      void resumed.then(() => { done = true; });
      await sim.runUntil(() => done);
    });
    const afterPauses = run.samples.filter((s) => s.progress.elapsedMs > 10 * 60_000 + 60_000);
    const printedMs = run.totalMs - 10 * 60_000;
    expect(afterPauses.length).toBeGreaterThan(5);
    expect(Math.max(...afterPauses.map((s) => Math.abs(s.progress.remainingMs! - (run.totalMs - s.atMs)) / printedMs))).toBeLessThan(0.15);
  }, 60_000);

  it('counts down through a heater wait that a comment line stands in front of', async () => {
    const moves = Array.from({ length: 200 }, (_, i) => `G1 X${20 + (i % 60)} Y${20 + ((i * 7) % 60)} E0.05 F1800`);
    const path = writeTemp('comment-wait.gcode', ['G28', 'M140 S60', '; the bed heats while nothing else happens', 'M190 S60',
      ';LAYER_CHANGE', ';Z:0.2', 'M83', 'G1 Z0.2 F600', ...moves].join('\n') + '\n');
    const materials = loadMaterials();
    const result = await analyzeFile(path, { profile: marlin, material: findMaterial(materials, 'PLA'), pricing: materials });
    if (!result.ok || result.analysis.kind !== 'gcode') throw new Error('the file did not analyse');
    expect(result.analysis.heatWaits).toHaveLength(1);
    const run = await printFile(timelineFrom(result.analysis), undefined, path, marlin);
    const waiting = run.samples.filter((s) => s.progress.layer === null && s.atMs > 0).map((s) => s.progress.remainingMs!);
    expect(waiting.length).toBeGreaterThan(10);
    // Through the model's minute of bed heating the countdown runs; where the virtual bed is slower, it holds.
    expect(waiting.every((ms, i) => i === 0 || ms <= waiting[i - 1])).toBe(true);
    expect(waiting[0] - waiting[10]).toBeGreaterThan(45_000);
  }, 60_000);
});
