/**
 * `npm run bench:stream`: how close the host streams to what the printer and the wire allow.
 *
 * Everything runs in process on one SimClock: the real controller, link and sender against the virtual
 * Marlin (115200 baud, RX 128 bytes, BUFSIZE 4, 16-block planner, 2 ms turnaround, ADVANCED_OK). For
 * each file the lower bound is max(motion-bound time, bytes ÷ wire rate), where the motion-bound time
 * is the same file on the same firmware model over an unlimited link (bytes arrive at once, no turnaround), so
 * homing and heating count the same on both sides of the ratio. Prints figures; asserts nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimClock } from '../core/clock.js';
import { PrinterController } from '../printer/printer-controller.js';
import { PrinterLink } from '../printer/printer-link.js';
import { loadProfile } from '../printer/profiles.js';
import type { FirmwareProfile, StreamMode } from '../printer/profile-types.js';
import { cleanLine, frame } from '../printer/protocol/gcode-line.js';
import { createVirtualPrinterSetup, type VirtualPrinterSetup } from '../printer/virtual/virtual-setup.js';
import { denseArcGcode } from './dense-arc-gcode.js';
import { HostCpuMeter } from './host-cpu-meter.js';
import { OracleHost } from './oracle-host.js';
import { WireIdleAccount } from './wire-idle-account.js';

const BAUD_RATE = 115_200;
const BYTES_PER_S = BAUD_RATE / 10;
const TURNAROUND_MS = 2;
const PLANNER_BLOCKS = 16;
/** The virtual wire takes an infinite baud rate as "bytes arrive at once". */
const UNLIMITED_BAUD = Infinity;
const BENCHY = '../shared/fixtures/gcode/3DBenchy-prusaslicer-2.5.gcode';
const DENSE_ARC_SEGMENTS = 20_000;
const WARM_UP_SEGMENTS = 3_000;

interface RunResult {
  simMs: number;
  bytesWritten: number;
  jobLines: number;
  firstJobLineNumber: number;
  underruns: number;
  plannerStarvedMs: number;
  motionBusyMs: number;
  overrunBytes: number;
  hostCpuMs: number | null;
  /** What the meter subtracted as its own cost, for the reader to judge. */
  meterOverheadMs: number;
  resends: number;
  idle: WireIdleAccount | null;
  /** Sim time and bytes written when each `;LAYER_CHANGE` was acknowledged (real hosts only). */
  layerMarks: Array<{ atMs: number; bytes: number }>;
}

interface RunOptions { filePath: string; profile: FirmwareProfile; mode: StreamMode; baudRate: number; turnaroundMs: number }

function virtualMarlin(clock: SimClock, profile: FirmwareProfile, baudRate: number, turnaroundMs: number): VirtualPrinterSetup {
  return createVirtualPrinterSetup({
    clock, profile, baudRate, turnaroundMs, advancedOk: true, blockBufferSize: PLANNER_BLOCKS, logExecuted: false,
  });
}

async function runPrint(o: RunOptions): Promise<RunResult> {
  const clock = new SimClock();
  const meter = new HostCpuMeter();
  meter.calibrate();
  const setup = virtualMarlin(clock, o.profile, o.baudRate, o.turnaroundMs);
  const link = new PrinterLink({ transport: meter.transport(setup.transport), profile: o.profile, clock: meter.clock(clock), mode: o.mode });
  const controller = new PrinterController({ id: 'bench', link, clock: meter.clock(clock) });
  const connected = controller.connect();
  await drive(clock, () => controller.state() === 'idle');
  await connected;

  let finished = false;
  let failure: string | null = null;
  let jobLines = 0;
  let firstJobLineNumber = -1;
  const layerMarks: RunResult['layerMarks'] = [];
  const layerOffsets = layerStartOffsets(o.filePath);
  link.on('acked', ({ command, lineNumber }) => {
    if (command.source !== 'job') return;
    // Comment lines never reach the link: a layer has begun once a command after its comment is acknowledged.
    while (command.fileOffset !== undefined && layerMarks.length < layerOffsets.length && command.fileOffset > layerOffsets[layerMarks.length]!) {
      layerMarks.push({ atMs: clock.nowMs(), bytes: meter.bytesWritten });
    }
    jobLines++;
    if (firstJobLineNumber < 0 && lineNumber !== null) firstJobLineNumber = lineNumber;
  });
  controller.on('printer:print_finished', () => { finished = true; });
  controller.on('printer:print_failed', (e) => { failure = `${e.code}: ${e.message}`; });
  const idle = new WireIdleAccount(ROOM_FOR_A_LINE_BYTES);
  const sample = () => idle.sample({
    nowMs: clock.nowMs(), wireBusyUntilMs: setup.wire.toPrinter.busyUntilMs(), hostBlock: link.sendBlockedBy(),
    firmware: setup.printer.loopActivity(), rxRoomBytes: rxRoom(setup),
  });
  const startMs = clock.nowMs();
  const statsBefore = setup.printer.stats();
  const cpuBefore = meter.cpuMs();
  const sectionsBefore = meter.sectionCount();
  const started = meter.run(() => controller.startPrint({ jobRef: 'bench', filePath: o.filePath, fileName: o.filePath }));
  await drive(clock, () => finished || failure !== null, sample);
  await started;
  if (failure) throw new Error(`print failed: ${failure}`);
  const simMs = clock.nowMs() - startMs;
  const stats = setup.printer.stats();
  return {
    simMs, bytesWritten: meter.bytesWritten, jobLines, firstJobLineNumber,
    underruns: stats.plannerUnderruns - statsBefore.plannerUnderruns,
    plannerStarvedMs: stats.plannerStarvedMs - statsBefore.plannerStarvedMs,
    motionBusyMs: stats.motionBusyMs - statsBefore.motionBusyMs,
    overrunBytes: stats.overrunBytes,
    hostCpuMs: meter.cpuMs() - cpuBefore, resends: link.metrics().resends,
    meterOverheadMs: ((meter.sectionCount() - sectionsBefore) * meter.overheadPerSectionUs()) / 1000,
    idle, layerMarks,
  };
}

/** PrusaSlicer's layer comment; the dense-arc generator writes the same. */
const LAYER_MARK = ';LAYER_CHANGE';

function layerStartOffsets(filePath: string): number[] {
  const text = readFileSync(filePath, 'latin1');
  const offsets: number[] = [];
  for (let at = text.indexOf(LAYER_MARK); at >= 0; at = text.indexOf(LAYER_MARK, at + 1)) {
    if (at === 0 || text[at - 1] === '\n') offsets.push(at);
  }
  return offsets;
}

/**
 * Σ over layers of max(motion-bound time, wire time) — the bound taken per layer instead of
 * per file. The firmware buffers a few dozen lines, not a layer, so a slow layer's spare wire time
 * cannot help a fast layer: no host gets much below this figure.
 */
function perLayerBoundMs(ideal: RunResult): number {
  let total = 0;
  let prev = { atMs: 0, bytes: 0 };
  for (const mark of [...ideal.layerMarks, { atMs: ideal.simMs, bytes: ideal.bytesWritten }]) {
    total += Math.max(mark.atMs - prev.atMs, ((mark.bytes - prev.bytes) / BYTES_PER_S) * 1000);
    prev = mark;
  }
  return total;
}

/** A line of the dense-arc file is ~39 bytes framed: idle time with this much RX room was lost to the host's view. */
const ROOM_FOR_A_LINE_BYTES = 40;

function rxRoom(setup: VirtualPrinterSetup): number {
  return setup.printer.rxFreeBytes() - setup.wire.toPrinter.pendingBytes();
}

/** The same job lines through the oracle host (see oracle-host.ts), numbered as the real host numbered them. */
async function runOracle(filePath: string, profile: FirmwareProfile, firstLineNumber: number): Promise<RunResult> {
  const clock = new SimClock();
  const setup = virtualMarlin(clock, profile, BAUD_RATE, TURNAROUND_MS);
  const framed: string[] = [];
  for (const raw of readFileSync(filePath, 'latin1').split('\n')) {
    const c = cleanLine(raw, { maxLineBytes: profile.dialect.maxLineBytes });
    if (c.ok && c.command !== '') framed.push(`${frame(firstLineNumber + framed.length, c.command)}\n`);
  }
  const oracle = new OracleHost(clock, setup.printer, setup.wire, framed, firstLineNumber);
  await drive(clock, () => { oracle.pump(); return oracle.finished(); });
  const stats = setup.printer.stats();
  return {
    simMs: clock.nowMs() - oracle.startedAtMs!, bytesWritten: oracle.bytesSent(), jobLines: framed.length, firstJobLineNumber: firstLineNumber,
    underruns: stats.plannerUnderruns, plannerStarvedMs: stats.plannerStarvedMs, motionBusyMs: stats.motionBusyMs,
    overrunBytes: stats.overrunBytes, hostCpuMs: null, meterOverheadMs: 0, resends: 0, idle: null, layerMarks: [],
  };
}

/**
 * Runs the SimClock until `done`, yielding to the event loop so promise continuations (connect) run.
 * `between` runs before every event, when the state of the last one is complete.
 */
async function drive(clock: SimClock, done: () => boolean, between?: () => void): Promise<void> {
  const stop = between ? () => { between(); return done(); } : done;
  for (;;) {
    await new Promise((r) => setImmediate(r));
    if (stop()) return;
    const events = clock.run({ stop, maxEvents: 200_000 });
    if (events === 0 && !done()) throw new Error('simulation stalled: no timers left');
  }
}

interface Row { file: string; profile: string; host: StreamMode | 'oracle'; r: RunResult; lowerBoundMs: number; oracleMs: number }

const s1 = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function markdownTable(head: string[], body: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

function resultTable(rows: Row[]): string {
  const head = ['file', 'profile', 'host', 'sim time', '÷ lower bound', '÷ oracle', 'bytes/s', '% of wire', 'underruns',
    'planner idle', 'motion', 'RX overruns', 'resends', 'host CPU ms/1k lines', '(meter cost taken out)'];
  const body = rows.map(({ file, profile, host, r, lowerBoundMs, oracleMs }) => {
    const bytesPerS = r.bytesWritten / (r.simMs / 1000);
    const perK = (ms: number) => ((ms / r.jobLines) * 1000).toFixed(2);
    return [file, profile, host, s1(r.simMs), (r.simMs / lowerBoundMs).toFixed(3), (r.simMs / oracleMs).toFixed(3),
      bytesPerS.toFixed(0), `${((100 * bytesPerS) / BYTES_PER_S).toFixed(1)} %`, String(r.underruns),
      s1(r.simMs - r.motionBusyMs), s1(r.motionBusyMs), String(r.overrunBytes), String(r.resends),
      r.hostCpuMs === null ? '—' : perK(r.hostCpuMs), r.hostCpuMs === null ? '—' : perK(r.meterOverheadMs)];
  });
  return markdownTable(head, body);
}

/** The biggest idle causes of each real-host run, as `host reason / firmware loop: seconds`. */
function idleTable(rows: Row[]): string {
  const head = ['file', 'profile', 'host', 'wire idle', `idle with RX room ≥ ${ROOM_FOR_A_LINE_BYTES} B`, 'largest causes (host reason / firmware loop)'];
  const body = rows.filter((row) => row.r.idle !== null).map(({ file, profile, host, r }) => {
    const idle = r.idle!;
    const causes = [...idle.idleMs.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4)
      .map(([key, ms]) => `${key}: ${(ms / 1000).toFixed(2)} s`).join('; ');
    return [file, profile, host, s1(idle.totalMs()), s1(idle.roomIdleMs), causes];
  });
  return markdownTable(head, body);
}

/** A Marlin whose firmware refuses a flushed tail (`*` without N, as Prusa does): the sender may use its full window. */
function rejectingFlushedTails(base: FirmwareProfile): FirmwareProfile {
  return { ...base, name: `${base.name}+rejects-tails`, dialect: { ...base.dialect, rejectsChecksumWithoutLineNumber: true } };
}

async function main(): Promise<void> {
  const marlin = { ...loadProfile('marlin'), baudRate: BAUD_RATE };
  const profiles = [marlin, rejectingFlushedTails(marlin)];
  const dir = mkdtempSync(join(tmpdir(), 'stream-bench-'));
  const arcPath = join(dir, 'dense-arc.gcode');
  writeFileSync(arcPath, denseArcGcode({ segments: DENSE_ARC_SEGMENTS, seed: 7 }).join('\n') + '\n');
  const files = [{ label: `dense-arc ${DENSE_ARC_SEGMENTS}`, path: arcPath }, { label: '3DBenchy', path: BENCHY }];
  const rows: Row[] = [];
  const bounds: string[] = [];
  try {
    // Host CPU is a steady-state figure (a daemon streams for hours): without a warm-up the first
    // measured run would also carry the JIT compiling the sender, in both modes.
    const warmPath = join(dir, 'warm-up.gcode');
    writeFileSync(warmPath, denseArcGcode({ segments: WARM_UP_SEGMENTS, seed: 1 }).join('\n') + '\n');
    for (const mode of ['pingpong', 'buffered'] as const) {
      await runPrint({ filePath: warmPath, profile: marlin, mode, baudRate: BAUD_RATE, turnaroundMs: TURNAROUND_MS });
    }
    for (const f of files) {
      const ideal = await runPrint({ filePath: f.path, profile: marlin, mode: 'buffered', baudRate: UNLIMITED_BAUD, turnaroundMs: 0 });
      console.error(`${f.label}: motion-bound time ${s1(ideal.simMs)} (${ideal.jobLines} lines)`);
      const fileRows: Row[] = [];
      for (const profile of profiles) {
        for (const mode of ['pingpong', 'buffered'] as const) {
          if (mode === 'pingpong' && profile !== marlin) continue; // one line in flight: the flush rule changes nothing
          const r = await runPrint({ filePath: f.path, profile, mode, baudRate: BAUD_RATE, turnaroundMs: TURNAROUND_MS });
          fileRows.push({ file: f.label, profile: profile.name, host: mode, r, lowerBoundMs: 0, oracleMs: 0 });
          console.error(`  ${profile.name} ${mode}: ${s1(r.simMs)}`);
        }
      }
      const oracle = await runOracle(f.path, marlin, fileRows[0]!.r.firstJobLineNumber);
      console.error(`  oracle: ${s1(oracle.simMs)}`);
      fileRows.push({ file: f.label, profile: 'any', host: 'oracle', r: oracle, lowerBoundMs: 0, oracleMs: 0 });
      const wireMs = (fileRows[0]!.r.bytesWritten / BYTES_PER_S) * 1000;
      for (const row of fileRows) {
        row.lowerBoundMs = Math.max(ideal.simMs, (row.r.bytesWritten / BYTES_PER_S) * 1000);
        row.oracleMs = oracle.simMs;
      }
      rows.push(...fileRows);
      const lowerMs = Math.max(ideal.simMs, wireMs);
      const perLayerMs = perLayerBoundMs(ideal);
      bounds.push(`${f.label}: motion-bound ${s1(ideal.simMs)}, wire-bound ${s1(wireMs)}; `
        + `per-layer bound ${s1(perLayerMs)} = ${(perLayerMs / lowerMs).toFixed(3)} × lower bound; `
        + `oracle ${s1(oracle.simMs)} = ${(oracle.simMs / lowerMs).toFixed(3)} × lower bound`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`Wire: ${BAUD_RATE} baud = ${BYTES_PER_S} bytes/s; firmware turnaround ${TURNAROUND_MS} ms; planner ${PLANNER_BLOCKS} blocks; RX 128 B; BUFSIZE 4.`);
  console.log('Lower bound = max(motion-bound time over an unlimited link, bytes written ÷ wire rate).');
  console.log('Per-layer bound = the same max taken for each layer and summed (the firmware buffers lines, not layers).');
  console.log('Oracle = a host that sees the true RX state with zero latency and sends every byte that is sure to fit.');
  for (const b of bounds) console.log(`  ${b}`);
  console.log('');
  console.log(resultTable(rows));
  console.log('\nWhere the wire to the printer sat idle (real hosts):\n');
  console.log(idleTable(rows));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
