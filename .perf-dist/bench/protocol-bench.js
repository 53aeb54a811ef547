/**
 * `node dist/bench/protocol-bench.js`: host CPU cost of the pure protocol core, without wire or firmware
 * time — what the daemon spends per line on a small computer. Feeds the real 3DBenchy G-code through
 * cleanLine/frame and through the Sender (a loop that answers every write with `ok` at once), and real
 * firmware replies through parseResponse. Prints figures; asserts nothing.
 */
import { readFileSync } from 'node:fs';
import { loadProfile } from '../printer/profiles.js';
import { cleanLine, frame } from '../printer/protocol/gcode-line.js';
import { parseResponse } from '../printer/protocol/responses.js';
import { Sender } from '../printer/protocol/sender.js';
const BENCHY = '../shared/fixtures/gcode/3DBenchy-prusaslicer-2.5.gcode';
const REPLIES = [
    'ok', 'ok N1234 P15 B3', ' T:210.00 /210.00 B:60.00 /60.00 @:64 B@:127', 'echo:busy: processing',
    'Resend: 1234', 'Error:checksum mismatch, Last Line: 1233', 'X:10.00 Y:20.00 Z:0.30 E:1.50 Count X:800 Y:1600 Z:120',
    'ok T:20.2 /0.0 B:19.1 /0.0 T0:20.2 /0.0 @:0 B@:0 P:19.8 A:26.4', '//action:prompt_begin Filament runout', 'Cap:AUTOREPORT_TEMP:1',
];
function timeIt(fn) {
    const start = process.hrtime.bigint();
    const count = fn();
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, count };
}
function benchParse() {
    const rounds = 100_000;
    const { ms, count } = timeIt(() => {
        let n = 0;
        for (let i = 0; i < rounds; i++)
            for (const r of REPLIES) {
                parseResponse(r);
                n++;
            }
        return n;
    });
    console.log(`parseResponse: ${count} replies in ${ms.toFixed(0)} ms = ${(count / ms * 1000 / 1e6).toFixed(2)} M replies/s (${(ms * 1000 / count).toFixed(2)} µs each)`);
}
function benchClean(lines) {
    const { ms, count } = timeIt(() => {
        let n = 0;
        for (const raw of lines) {
            const c = cleanLine(raw, { maxLineBytes: 95 });
            if (c.ok && c.command)
                frame(n++, c.command);
        }
        return lines.length;
    });
    console.log(`cleanLine+frame: ${count} file lines in ${ms.toFixed(0)} ms = ${(count / ms * 1000 / 1e6).toFixed(2)} M lines/s`);
}
function benchSender(lines, profileName, mode) {
    const sender = new Sender(loadProfile(profileName), { mode });
    let now = 0;
    let sent = 0;
    let pendingOks = 0;
    const run = (actions) => {
        for (const a of actions)
            if (a.kind === 'write' && a.lineNumber !== null) {
                sent++;
                pendingOks++;
            }
    };
    run(sender.handle({ kind: 'opened' }, now));
    run(sender.handle({ kind: 'line', text: 'ok' }, now));
    pendingOks = 0;
    run(sender.handle({ kind: 'line', text: 'ok' }, now));
    pendingOks = 0;
    const jobLines = lines.filter((l) => l.trim() && !l.startsWith(';'));
    const { ms } = timeIt(() => {
        let next = 0;
        const refill = () => {
            while (next < jobLines.length && sender.queuedCount('job') < 64) {
                run(sender.handle({ kind: 'enqueue', command: { text: jobLines[next], source: 'job', fileLine: next + 1 } }, now));
                next++;
            }
        };
        refill();
        while (sender.inFlightCount() > 0 || sender.queuedCount() > 0) {
            now += 1;
            // The firmware answers everything that is out, one ok per line, in order.
            const oks = Math.max(1, pendingOks);
            pendingOks = 0;
            for (let i = 0; i < oks; i++)
                run(sender.handle({ kind: 'line', text: 'ok' }, now));
            refill();
        }
        return jobLines.length;
    });
    const m = sender.metrics();
    console.log(`Sender ${profileName} ${mode}: ${jobLines.length} job lines, ${m.linesAcked} acked, in ${ms.toFixed(0)} ms = ${(jobLines.length / ms * 1000).toFixed(0)} lines/s of host CPU (${(ms * 1000 / jobLines.length).toFixed(1)} µs per line incl. ok handling)`);
}
const lines = readFileSync(BENCHY, 'latin1').split('\n');
console.log(`node ${process.version}, ${lines.length} lines of ${BENCHY}`);
benchParse();
benchClean(lines);
benchSender(lines, 'marlin', 'pingpong');
benchSender(lines, 'prusa-mk3s', 'buffered');
benchSender(lines, 'klipper', 'buffered');
//# sourceMappingURL=protocol-bench.js.map