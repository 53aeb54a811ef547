/**
 * `npm run bench:stream`: how close the host streams to what the printer and the wire allow.
 *
 * Everything runs in process on one SimClock: the real controller, link and sender against the virtual
 * Marlin (115200 baud, RX 128 bytes, BUFSIZE 4, 16-block planner, 2 ms turnaround, ADVANCED_OK). For
 * each file the lower bound is max(motion-bound time, bytes ÷ wire rate), where the motion-bound time
 * is the same file on the same firmware model over an unlimited link (bytes arrive at once, no turnaround), so
 * homing and heating count the same on both sides of the ratio. Prints figures; asserts nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimClock } from '../core/clock.js';
import { PrinterController } from '../printer/printer-controller.js';
import { PrinterLink } from '../printer/printer-link.js';
import { loadProfile } from '../printer/profiles.js';
import { createVirtualPrinterSetup } from '../printer/virtual/virtual-setup.js';
import { denseArcGcode } from './dense-arc-gcode.js';
import { HostCpuMeter } from './host-cpu-meter.js';
const BAUD_RATE = 115_200;
const BYTES_PER_S = BAUD_RATE / 10;
const TURNAROUND_MS = 2;
const PLANNER_BLOCKS = 16;
/** The virtual wire takes an infinite baud rate as "bytes arrive at once". */
const UNLIMITED_BAUD = Infinity;
const BENCHY = '../shared/fixtures/gcode/3DBenchy-prusaslicer-2.5.gcode';
const DENSE_ARC_SEGMENTS = 20_000;
async function runPrint(o) {
    const clock = new SimClock();
    const meter = new HostCpuMeter();
    meter.calibrate();
    const setup = createVirtualPrinterSetup({
        clock, profile: o.profile, baudRate: o.baudRate,
        turnaroundMs: o.turnaroundMs, advancedOk: true, blockBufferSize: PLANNER_BLOCKS, logExecuted: false,
    });
    const link = new PrinterLink({ transport: meter.transport(setup.transport), profile: o.profile, clock: meter.clock(clock), mode: o.mode });
    const controller = new PrinterController({ id: 'bench', link, clock: meter.clock(clock) });
    const connected = controller.connect();
    await drive(clock, () => controller.state() === 'idle');
    await connected;
    let finished = false;
    let failure = null;
    let jobLines = 0;
    link.on('acked', ({ command }) => { if (command.source === 'job')
        jobLines++; });
    controller.on('printer:print_finished', () => { finished = true; });
    controller.on('printer:print_failed', (e) => { failure = `${e.code}: ${e.message}`; });
    const startMs = clock.nowMs();
    const cpuBefore = meter.cpuMs();
    const sectionsBefore = meter.sectionCount();
    const started = meter.run(() => controller.startPrint({ jobRef: 'bench', filePath: o.filePath, fileName: o.filePath }));
    await drive(clock, () => finished || failure !== null);
    await started;
    if (failure)
        throw new Error(`print failed: ${failure}`);
    const simMs = clock.nowMs() - startMs;
    const stats = setup.printer.stats();
    return {
        simMs, bytesWritten: meter.bytesWritten, jobLines, underruns: stats.plannerUnderruns,
        hostCpuMs: meter.cpuMs() - cpuBefore, resends: link.metrics().resends,
        meterOverheadMs: ((meter.sectionCount() - sectionsBefore) * meter.overheadPerSectionUs()) / 1000,
    };
}
/** Runs the SimClock until `done`, yielding to the event loop so promise continuations (connect) run. */
async function drive(clock, done) {
    for (;;) {
        await new Promise((r) => setImmediate(r));
        if (done())
            return;
        const events = clock.run({ stop: done, maxEvents: 200_000 });
        if (events === 0 && !done())
            throw new Error('simulation stalled: no timers left');
    }
}
function formatTable(rows) {
    const head = ['file', 'profile', 'mode', 'sim time', '÷ lower bound', 'bytes/s', '% of wire', 'underruns', 'resends', 'host CPU ms/1k lines', '(meter cost taken out)'];
    const body = rows.map(({ file, profile, mode, r, lowerBoundMs }) => {
        const bytesPerS = r.bytesWritten / (r.simMs / 1000);
        return [file, profile, mode, `${(r.simMs / 1000).toFixed(1)} s`, (r.simMs / lowerBoundMs).toFixed(3),
            bytesPerS.toFixed(0), `${((100 * bytesPerS) / BYTES_PER_S).toFixed(1)} %`, String(r.underruns), String(r.resends),
            ((r.hostCpuMs / r.jobLines) * 1000).toFixed(2), ((r.meterOverheadMs / r.jobLines) * 1000).toFixed(2)];
    });
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
    const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
    return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
/** A Marlin whose firmware refuses a flushed tail (`*` without N, as Prusa does): the sender may use its full window. */
function rejectingFlushedTails(base) {
    return { ...base, name: `${base.name}+rejects-tails`, dialect: { ...base.dialect, rejectsChecksumWithoutLineNumber: true } };
}
async function main() {
    const marlin = { ...loadProfile('marlin'), baudRate: BAUD_RATE };
    const profiles = [marlin, rejectingFlushedTails(marlin)];
    const dir = mkdtempSync(join(tmpdir(), 'stream-bench-'));
    const arcPath = join(dir, 'dense-arc.gcode');
    writeFileSync(arcPath, denseArcGcode({ segments: DENSE_ARC_SEGMENTS, seed: 7 }).join('\n') + '\n');
    const files = [{ label: `dense-arc ${DENSE_ARC_SEGMENTS}`, path: arcPath }, { label: '3DBenchy', path: BENCHY }];
    const rows = [];
    try {
        for (const f of files) {
            const ideal = await runPrint({ filePath: f.path, profile: marlin, mode: 'buffered', baudRate: UNLIMITED_BAUD, turnaroundMs: 0 });
            console.error(`${f.label}: motion-bound time ${(ideal.simMs / 1000).toFixed(1)} s (${ideal.jobLines} lines)`);
            for (const profile of profiles) {
                for (const mode of ['pingpong', 'buffered']) {
                    if (mode === 'pingpong' && profile !== marlin)
                        continue; // one line in flight: the flush rule changes nothing
                    const r = await runPrint({ filePath: f.path, profile, mode, baudRate: BAUD_RATE, turnaroundMs: TURNAROUND_MS });
                    const lowerBoundMs = Math.max(ideal.simMs, (r.bytesWritten / BYTES_PER_S) * 1000);
                    rows.push({ file: f.label, profile: profile.name, mode, r, lowerBoundMs, motionMs: ideal.simMs });
                    console.error(`  ${profile.name} ${mode}: ${(r.simMs / 1000).toFixed(1)} s`);
                }
            }
        }
    }
    finally {
        rmSync(dir, { recursive: true, force: true });
    }
    console.log(`Wire: ${BAUD_RATE} baud = ${BYTES_PER_S} bytes/s; firmware turnaround ${TURNAROUND_MS} ms; planner ${PLANNER_BLOCKS} blocks.`);
    console.log('Lower bound = max(motion-bound time over an unlimited link, bytes written ÷ wire rate).\n');
    console.log(formatTable(rows));
}
main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
});
//# sourceMappingURL=stream-bench.js.map