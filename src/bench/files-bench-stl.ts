/**
 * `npm run bench:files:mesh`: STL analysis speed and memory beside the I/O floor, and slicing time
 * through our PrusaSlicer adapter beside the bare PrusaSlicer CLI.
 *
 * Generates watertight UV spheres as binary STL in a temporary directory:
 *   - 1,000,000 triangles (50 MB): timed, each run in a fresh process so peak RSS is that run's alone,
 *       floor     the file through modelFileChunks (the stream the analysis reads), bytes untouched;
 *       parse     the same stream through StlParser into a sink that only counts: the decoding cost alone;
 *       analysis  analyzeModelFile: parse, weld, edges, shells, volume, fit (src/wasm/mesh-core.ts);
 *       memory    first touch of as much fresh wasm memory as the core's tables take for this sphere: a
 *                 part of the analysis no table layout can avoid, short of needing fewer bytes.
 *   - 50,000 triangles: sliced by `prusa-slicer` run directly and by PrusaSlicerCli.slice (ini written,
 *     child process, progress parsing, output verification and rename), alternating, median shown.
 * Prints figures; asserts nothing. Targets: analysis ≤ 2× the floor, peak RSS < 200 MB, adapter overhead < 5 %.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureInChild, median, startRun, type RunFigures as BaseFigures } from './child-run.js';
import { analyzeModelFile } from '../analysis/mesh/index.js';
import { modelFileChunks } from '../analysis/mesh/model-file.js';
import { StlParser } from '../analysis/mesh/stl.js';
import { PRUSA_SLICER_BINARY } from '../slicing/engine-select.js';
import { toPrusaSlicerIni } from '../slicing/prusaslicer-config.js';
import { PrusaSlicerCli } from '../slicing/prusaslicer-cli.js';
import { loadSlicingProfile } from '../slicing/slicer-profiles.js';

const ANALYSIS_RUNS = 7;
/**
 * The core's tables for the 1 M-triangle sphere (500,002 vertices): 28 bytes of record and float32 key
 * per vertex, the big vertex table (2^20 slots of 8 bytes), the two young tables (8,192 slots of 16 bytes).
 */
const CORE_TABLE_BYTES = 500_002 * 28 + (1 << 23) + (1 << 18);
const WASM_PAGE_BYTES = 65536;
const OS_PAGE_BYTES = 4096;
const SLICE_RUNS = 3;
const PRINTER = 'ender3';

interface RunFigures extends BaseFigures { triangles?: number; watertight?: boolean; shells?: number }

/** A UV sphere: every shared vertex is computed from the same (stack, slice) pair, so it welds exactly. */
async function writeSphereStl(file: string, radiusMm: number, slices: number, stacks: number): Promise<number> {
  const triangles = 2 * slices * (stacks - 1);
  const out = createWriteStream(file);
  const header = Buffer.alloc(84);
  header.write('files-bench-stl uv sphere', 0, 'latin1');
  header.writeUInt32LE(triangles, 80);
  out.write(header);
  const point = (stack: number, slice: number): [number, number, number] => {
    if (stack === 0) return [0, 0, radiusMm * 2];
    if (stack === stacks) return [0, 0, 0];
    const theta = (Math.PI * stack) / stacks, phi = (2 * Math.PI * (slice % slices)) / slices;
    return [radiusMm * Math.sin(theta) * Math.cos(phi), radiusMm * Math.sin(theta) * Math.sin(phi), radiusMm + radiusMm * Math.cos(theta)];
  };
  let buffer = Buffer.alloc(50 * 20_000);
  let used = 0;
  const flush = async () => {
    if (!out.write(buffer.subarray(0, used))) await once(out, 'drain');
    buffer = Buffer.alloc(buffer.length);
    used = 0;
  };
  const emit = async (a: number[], b: number[], c: number[]) => {
    [a, b, c].forEach((v, k) => v.forEach((x, axis) => buffer.writeFloatLE(x, used + 12 + k * 12 + axis * 4)));
    used += 50;
    if (used === buffer.length) await flush();
  };
  for (let stack = 0; stack < stacks; stack++) {
    for (let slice = 0; slice < slices; slice++) {
      const a = point(stack, slice), b = point(stack + 1, slice), c = point(stack + 1, slice + 1), d = point(stack, slice + 1);
      // Outward winding: seen from outside, (a, b, c) runs counter-clockwise.
      if (stack > 0) await emit(a, b, d);
      if (stack < stacks - 1) await emit(b, c, d);
    }
  }
  await flush();
  out.end();
  await once(out, 'finish');
  return triangles;
}

async function runChild(mode: string, file: string): Promise<RunFigures> {
  const meter = startRun();
  let extra: Partial<RunFigures> = {};
  let bytes = 0;
  if (mode === 'floor') {
    for await (const chunk of modelFileChunks(file)) bytes += chunk.byteLength;
  } else if (mode === 'parse') {
    let triangles = 0;
    const parser = new StlParser(statSync(file).size, { triangle: () => { triangles++; } });
    for await (const chunk of modelFileChunks(file)) {
      bytes += chunk.byteLength;
      parser.push(chunk);
    }
    if (!parser.end().ok) throw new Error('parse failed');
    extra = { triangles };
  } else if (mode === 'memory') {
    const memory = new WebAssembly.Memory({ initial: 1 });
    memory.grow(Math.ceil(CORE_TABLE_BYTES / WASM_PAGE_BYTES));
    const bytesView = new Uint8Array(memory.buffer);
    for (let i = 0; i < bytesView.length; i += OS_PAGE_BYTES) bytesView[i] = 1;
    bytes = bytesView.length;
  } else {
    const outcome = await analyzeModelFile(file, { printer: { buildVolumeMm: { x: 220, y: 220, z: 250 } }, densityGPerCm3: 1.24 });
    if (!outcome.ok) throw new Error(`${outcome.refusal.code}: ${outcome.refusal.message}`);
    bytes = statSync(file).size;
    extra = { triangles: outcome.value.triangles, watertight: outcome.value.watertight, shells: outcome.value.shells };
  }
  return meter.finish(bytes, extra) as RunFigures;
}

const measure = (mode: string, file: string): RunFigures => measureInChild<RunFigures>(fileURLToPath(import.meta.url), mode, file);

async function benchAnalysis(dir: string): Promise<void> {
  const file = join(dir, 'sphere-1m.stl');
  const triangles = await writeSphereStl(file, 50, 1000, 501);
  const sizeMb = statSync(file).size / 1e6;
  console.log(`STL: ${triangles.toLocaleString('en')} triangles, ${sizeMb.toFixed(1)} MB; ${ANALYSIS_RUNS} runs each, median shown, each run in a fresh process`);
  const floor: RunFigures[] = [];
  const parse: RunFigures[] = [];
  const analysis: RunFigures[] = [];
  const memory: RunFigures[] = [];
  for (let i = 0; i < ANALYSIS_RUNS; i++) {
    floor.push(measure('floor', file));
    parse.push(measure('parse', file));
    analysis.push(measure('analysis', file));
    memory.push(measure('memory', file));
  }
  const row = (name: string, runs: RunFigures[]) => {
    const s = median(runs.map((r) => r.seconds)), cpu = median(runs.map((r) => r.cpuSeconds));
    return `  ${name.padEnd(20)} ${(sizeMb / s).toFixed(0).padStart(5)} MB/s wall (${s.toFixed(3)} s), ${(sizeMb / cpu).toFixed(0).padStart(5)} MB/s CPU `
      + `(${cpu.toFixed(3)} s), peak RSS ${Math.max(...runs.map((r) => r.peakRssMb)).toFixed(0)} MB`;
  };
  console.log(row('I/O floor (stream)', floor));
  console.log(row('STL parse only', parse));
  console.log(row('mesh analysis', analysis));
  const touch = median(memory.map((r) => r.seconds));
  console.log(`  ${'fresh table memory'.padEnd(20)} ${(CORE_TABLE_BYTES / 1e6).toFixed(0)} MB touched once: ${touch.toFixed(3)} s (page faults; the analysis pays them too)`);
  const ratio = (runs: RunFigures[], pick: (r: RunFigures) => number) => median(runs.map(pick)) / median(floor.map(pick));
  console.log(`  parse ratio to floor: ${ratio(parse, (r) => r.seconds).toFixed(2)}× wall, ${ratio(parse, (r) => r.cpuSeconds).toFixed(2)}× CPU`);
  console.log(`  analysis ratio to floor: ${ratio(analysis, (r) => r.seconds).toFixed(2)}× wall, ${ratio(analysis, (r) => r.cpuSeconds).toFixed(2)}× CPU (target ≤ 2×); `
    + `${(triangles / median(analysis.map((r) => r.seconds)) / 1e6).toFixed(2)} M triangles/s; watertight ${analysis[0].watertight}, shells ${analysis[0].shells}`);
}

async function benchSlicing(dir: string): Promise<void> {
  const model = join(dir, 'sphere-50k.stl');
  const triangles = await writeSphereStl(model, 20, 250, 101);
  const profile = loadSlicingProfile({ printer: PRINTER });
  const ini = join(dir, 'direct.ini');
  writeFileSync(ini, toPrusaSlicerIni(profile.settings, profile.signature));
  const direct: number[] = [];
  const adapter: number[] = [];
  for (let i = 0; i < SLICE_RUNS; i++) {
    let t = performance.now();
    const r = spawnSync(PRUSA_SLICER_BINARY, ['--export-gcode', '--loglevel', '1', '--load', ini, '-o', join(dir, 'direct.gcode'), model], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`prusa-slicer failed: ${r.stderr}`);
    direct.push((performance.now() - t) / 1000);
    t = performance.now();
    const outcome = await new PrusaSlicerCli().slice({ modelPath: model, outputPath: join(dir, 'adapter.gcode'), profile });
    if (!outcome.ok) throw new Error(`${outcome.failure.code}: ${outcome.failure.message}`);
    adapter.push((performance.now() - t) / 1000);
  }
  const d = median(direct), a = median(adapter);
  console.log(`\nSlicing: ${triangles.toLocaleString('en')}-triangle sphere (r = 20 mm), ${PRINTER}/pla/normal, ${SLICE_RUNS} runs each alternating, median shown`);
  console.log(`  prusa-slicer directly   ${d.toFixed(2)} s   (runs: ${direct.map((s) => s.toFixed(2)).join(', ')})`);
  console.log(`  our PrusaSlicer adapter ${a.toFixed(2)} s   (runs: ${adapter.map((s) => s.toFixed(2)).join(', ')})`);
  console.log(`  overhead: ${(((a - d) / d) * 100).toFixed(1)} % (target < 5 %)`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tulostamo-bench-stl-'));
  try {
    await benchAnalysis(dir);
    await benchSlicing(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  runChild(process.argv[3], process.argv[4]).then((r) => console.log(JSON.stringify(r)));
} else {
  await main();
}
