/**
 * A big file is planned on a second thread while the first one reads (planner-thread.ts). The two
 * halves meet only in the ring of planner records, so the analysis must come out exactly as when one
 * thread does both: these tests compare the two ways on the fixtures, on a file longer than the ring
 * (the reader then waits for the planner), and on generated files with every kind of planner record.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GcodeAnalyser, PLANNER_THREAD_MIN_BYTES, plannerThreadFor } from '../../../src/analysis/gcode/gcode-analysis.js';
import { motionLimitsFromProfile } from '../../../src/analysis/gcode/motion-model.js';
import { PolicyChecker, policyLimitsFor } from '../../../src/analysis/policy/policy-checker.js';
import { PlannerThread } from '../../../src/analysis/gcode/planner-thread.js';
import { TYPICAL_HEAT_RATES } from '../../../src/analysis/gcode/heat-model.js';
import { compiledWasm } from '../../../src/analysis/wasm-module.js';
import { loadProfile } from '../../../src/printer/profiles.js';

const FIXTURES = ['3DBenchy-prusaslicer-2.5.gcode', 'benchy-wheel-prusaslicer-2.5.gcode']
  .map((name) => readFileSync(`../shared/fixtures/gcode/${name}`));
const ender3 = loadProfile('ender3');
/** More moves than the planner thread's ring holds (2^19 records). */
const MOVES_BEYOND_RING = 600_000;

function analyser(plannerThread: boolean) {
  const policy = new PolicyChecker(policyLimitsFor(ender3));
  const a = new GcodeAnalyser({
    limits: motionLimitsFromProfile(ender3.machine.motion), filamentDiameterMm: 1.75, densityGPerCm3: 1.24, observers: [policy], plannerThread,
  });
  return { a, policy };
}

function analyse(bytes: Buffer, chunkBytes: number, plannerThread: boolean) {
  const { a, policy } = analyser(plannerThread);
  for (let i = 0; i < bytes.length; i += chunkBytes) a.push(bytes.subarray(i, i + chunkBytes));
  return { analysis: a.finish(), findings: policy.findings.findings };
}

/** Circles of short extruding moves, with every other planner record now and then: heaters, dwells, limits, flushes, arcs, layers. */
function longFile(moves: number): Buffer {
  const extras = ['M104 S215', 'M109 S220', 'M140 S65', 'M190 S60', 'G4 P250', 'M204 P900 T1500', 'M205 J0.03', 'M203 X150',
    'M201 X800 Y800', 'M400', 'G28 X', 'G2 X120 Y110 I5 J0 E0.3', 'M220 S90', 'G1 E-0.8 F2100', 'G1 E0.8'];
  const lines = ['M83', 'G28', 'M104 S200', 'M190 S55', 'M109 S205', 'G1 Z0.2 F600'];
  for (let i = 0; i < moves; i++) {
    if (i % 4000 === 0) lines.push(';LAYER_CHANGE', `;Z:${(0.2 + i / 20_000).toFixed(2)}`, `G1 Z${(0.2 + i / 20_000).toFixed(2)}`);
    if (i % 997 === 0) lines.push(extras[(i / 997) % extras.length]);
    const angle = i / 40;
    lines.push(`G1 X${(110 + 30 * Math.cos(angle)).toFixed(3)} Y${(110 + 30 * Math.sin(angle)).toFixed(3)} E0.02495${i % 50 === 0 ? ' F1500' : ''}`);
  }
  return Buffer.from(`${lines.join('\n')}\n`, 'latin1');
}

describe('planning on a second thread', () => {
  it('files of several megabytes get a planner thread', () => {
    expect(plannerThreadFor(PLANNER_THREAD_MIN_BYTES)).toBe(true);
    expect(plannerThreadFor(PLANNER_THREAD_MIN_BYTES - 1)).toBe(false);
  });

  it('the PrusaSlicer fixtures come out the same', () => {
    for (const file of FIXTURES) {
      const local = analyse(file, 1 << 20, false);
      expect(local.analysis.layers).toBeGreaterThan(40);
      expect(analyse(file, 1 << 20, true)).toEqual(local);
      expect(analyse(file, 4099, true)).toEqual(local);
    }
  });

  it('a file longer than the ring: the reader waits for the planner, the answer is the same', () => {
    const file = longFile(MOVES_BEYOND_RING);
    const local = analyse(file, 1 << 20, false);
    expect(local.analysis.estimate.heatingSeconds).toBeGreaterThan(0);
    expect(local.analysis.estimate.dwellSeconds).toBeGreaterThan(0);
    expect(local.analysis.layerTable.every((l, i, all) => i === 0 || l.startSeconds > all[i - 1].startSeconds)).toBe(true);
    expect(analyse(file, 1 << 20, true)).toEqual(local);
  });

  it('generated files with every kind of planner record', () => {
    const line = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), fc.constantFrom('', ' E0.5', ' E-1', ' F3000', ' Z0.4'))
        .map(([x, y, rest]) => `G1 X${x} Y${y}${rest}`) },
      { weight: 1, arbitrary: fc.constantFrom('M104 S210', 'M109 S215', 'M140 S60', 'M190 S60', 'G4 S1', 'G4 P20', 'M400', 'G28', 'M204 S700',
        'M205 X5 Y5', 'M205 J0.05', 'M201 E500', 'M203 Z5', 'G2 X10 Y10 I5 J0', 'G3 X0 Y0 R5', ';LAYER_CHANGE', ';Z:0.6', 'G92 E0', 'G91', 'G90', 'M83') },
    );
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 80 }), fc.integer({ min: 1, max: 64 }), (lines, chunkBytes) => {
      const bytes = Buffer.from(`M83\nG1 Z0.2 F600\n${lines.join('\n')}\n`, 'latin1');
      expect(analyse(bytes, chunkBytes, true)).toEqual(analyse(bytes, bytes.length, false));
    }), { numRuns: 40 });
  });

  it('an analysis given up half-way stops its thread, and says so if asked to finish; the next one is unaffected', () => {
    const file = FIXTURES[1];
    const { a } = analyser(true);
    a.push(file.subarray(0, file.length >> 1));
    a.dispose();
    expect(() => a.finish()).toThrow('planner thread stopped');
    expect(analyse(file, 1 << 20, true)).toEqual(analyse(file, 1 << 20, false));
  });

  it('finishing twice gives the same totals', () => {
    const { a } = analyser(true);
    a.push(FIXTURES[1]);
    expect(a.finish().estimate).toEqual(a.finish().estimate);
  });

  it('a planner thread that fails is reported to the reader, which does not wait on', () => {
    const memory = new WebAssembly.Memory({ initial: 2, maximum: 2, shared: true });
    const setup = { memory, ringPtr: 0, ringRecords: 4, lookaheadBlocks: 64, heatRates: TYPICAL_HEAT_RATES };
    // A ring placed beyond the end of the memory: the thread cannot even see it.
    const unseen = new PlannerThread({ ...setup, module: compiledWasm('gcode-core'), ringPtr: 1 << 20 });
    expect(() => unseen.finish(1)).toThrow(/planner thread failed: .*length/);
    // The wrong module: the thread fails before it starts, and the reader hears why.
    const wrong = new PlannerThread({ ...setup, module: compiledWasm('mesh-core') });
    expect(() => wrong.makeRoom(4)).toThrow(/planner thread failed: ./);
  });
});
