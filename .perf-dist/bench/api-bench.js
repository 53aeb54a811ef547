/**
 * `npm run bench:api`: the daemon as a child process (`node bin/tulostamo.js serve`, virtual printer
 * at real time) printing a long uniform G-code (equal short segments: a steady line rate to compare), measured under four loads in turn:
 *   idle → job-list requests (autocannon) → 200 socket.io clients on printer:status → 20 concurrent 20 MB uploads.
 * For each: the print's stream rate (acknowledged lines/s, as the controller reports it) and the
 * daemon's RSS, sampled from /proc; plus each load's own figures. Prints a table; asserts nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { io } from 'socket.io-client';
import { addUserViaCli, spawnDaemon } from './daemon-process.js';
import { multipartBody } from './multipart-body.js';
const PHASE_MS = 10_000;
/** Lines of the print: 0.2 mm segments at 60 mm/s keep a 115200-baud link near its line rate for minutes. */
const PRINT_LINES = 120_000;
/** Real time, so the stream rate is the one a real printer would see. */
const VIRTUAL_TIME_SCALE = 1;
const SOCKET_CLIENTS = 200;
const UPLOADS = 20;
const UPLOAD_BYTES = 20 * 1024 * 1024;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/**
 * A print whose line rate is the same from start to end (a zig-zag of equal short segments), so a drop
 * in acknowledged lines/s under load is the load's doing, not a change in the part's geometry.
 */
function uniformGcode(lines) {
    const out = ['; tulostamo api-bench uniform print', 'G90', 'M82', 'M104 S200', 'M140 S60', 'G28', 'G92 E0', 'G1 Z0.2 F3000'];
    let e = 0;
    for (let i = 0; i < lines; i++) {
        e += 0.008;
        const row = Math.floor(i / 500) % 400;
        const col = i % 500;
        const x = 10 + (row % 2 === 0 ? col : 499 - col) * 0.2;
        out.push(`G1 X${x.toFixed(2)} Y${(10 + row * 0.4).toFixed(2)} E${e.toFixed(4)} F3600`);
    }
    out.push('M104 S0', 'M140 S0');
    return Buffer.from(out.join('\n') + '\n');
}
function percentile(sorted, p) {
    return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
/** User + system CPU seconds the process has used so far (clock ticks at 100 Hz). */
function cpuS(pid) {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
}
function rssMb(pid) {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
}
function api(url, key, method, path, body) {
    return new Promise((resolve, reject) => {
        const req = httpRequest(new URL(path, url), { method, headers: { 'x-api-key': key, 'content-type': 'application/json' } }, (res) => {
            let text = '';
            res.on('data', (c) => { text += c; });
            res.on('end', () => resolve(JSON.parse(text)));
        });
        req.on('error', reject);
        req.end(body === undefined ? undefined : JSON.stringify(body));
    });
}
/** Streams a generated multipart upload of `bytes` G-code without ever holding it in memory. */
function streamUpload(url, key, name, bytes) {
    const boundary = '----bench' + Math.random().toString(16).slice(2);
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const line = Buffer.from('G1 X100.000 Y100.000 E0.01234 F1800 ; bench upload payload line\n');
    const chunk = Buffer.concat(Array.from({ length: Math.floor(65536 / line.length) }, () => line));
    const started = performance.now();
    return new Promise((resolve, reject) => {
        const req = httpRequest(new URL('/api/jobs', url), {
            method: 'POST', headers: { 'x-api-key': key, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + bytes + tail.length },
        }, (res) => { res.resume(); res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - started })); });
        req.on('error', reject);
        req.write(head);
        let sent = 0;
        const pump = () => {
            while (sent < bytes) {
                const piece = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
                sent += piece.length;
                if (!req.write(piece)) {
                    req.once('drain', pump);
                    return;
                }
            }
            req.end(tail);
        };
        pump();
    });
}
/** Runs `load` while sampling the daemon's RSS and the print's stream rate. */
async function phase(name, pid, url, key, load) {
    const rates = [];
    let rssMaxMb = rssMb(pid);
    let running = true;
    const cpu0 = cpuS(pid);
    const t0 = performance.now();
    const sampler = (async () => {
        while (running) {
            rssMaxMb = Math.max(rssMaxMb, rssMb(pid));
            const p = await api(url, key, 'GET', '/api/printers/virtual');
            if (p.printer.state === 'printing')
                rates.push(p.printer.status.link.linesPerS);
            await sleep(250);
        }
    })();
    const extra = await load();
    const cpuPct = (100 * (cpuS(pid) - cpu0)) / ((performance.now() - t0) / 1000);
    running = false;
    await sampler;
    rates.sort((a, b) => a - b);
    return { name, linesPerS: percentile(rates, 50), rssMaxMb, cpuPct, extra };
}
async function main() {
    const dataDir = mkdtempSync(join(tmpdir(), 'tulostamo-bench-'));
    const configFile = join(dataDir, 'config.json');
    writeFileSync(configFile, JSON.stringify({ virtualTimeScale: VIRTUAL_TIME_SCALE, host: '127.0.0.1' }));
    const staffKey = addUserViaCli(dataDir, 'staff', 'bench-staff');
    const patronKey = addUserViaCli(dataDir, 'patron', 'bench-patron');
    const { child, url } = await spawnDaemon(['--data', dataDir, '--port', '0', '--config', configFile]);
    const pid = child.pid;
    try {
        for (let i = 0;; i++) {
            if ((await api(url, staffKey, 'GET', '/api/printers/virtual')).printer.state === 'idle')
                break;
            if (i > 200)
                throw new Error('virtual printer did not connect');
            await sleep(100);
        }
        const print = uniformGcode(PRINT_LINES);
        const up = await streamUploadBuffer(url, staffKey, 'tasainen.gcode', print);
        // Fill the queue so the job list has something to list: 60 small patron jobs.
        for (let i = 0; i < 60; i++)
            await streamUploadBuffer(url, patronKey, `pieni-${i}.gcode`, uniformGcode(200 + i));
        for (let i = 0;; i++) {
            const job = (await api(url, staffKey, 'GET', `/api/jobs/${up.job.id}`)).job;
            if (job.state === 'approved')
                break;
            if (i > 600)
                throw new Error(`the print job is stuck in ${job.state}`);
            await sleep(100);
        }
        await api(url, staffKey, 'POST', '/api/printers/virtual/bed-cleared');
        const started = await api(url, staffKey, 'POST', '/api/printers/virtual/start', { jobId: up.job.id });
        if (started.job?.state !== 'printing')
            throw new Error(`start failed: ${JSON.stringify(started)}`);
        // Past the start script (homing): measure while the segments stream.
        for (let i = 0;; i++) {
            const p = (await api(url, staffKey, 'GET', '/api/printers/virtual')).printer;
            if ((p.status.print?.lineAcked ?? 0) > 100 && p.status.link.linesPerS > 0)
                break;
            if (i > 1200)
                throw new Error('the print never got past its start script');
            await sleep(100);
        }
        await sleep(2000);
        const results = [];
        results.push(await phase('idle (printing only)', pid, url, staffKey, async () => { await sleep(PHASE_MS); return ''; }));
        results.push(await phase('job list, 10 connections', pid, url, staffKey, async () => {
            const r = await autocannon({ url: `${url}/api/jobs`, connections: 10, duration: PHASE_MS / 1000, headers: { 'x-api-key': staffKey } });
            return `${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}`;
        }));
        results.push(await phase(`${SOCKET_CLIENTS} socket.io clients`, pid, url, staffKey, async () => {
            const delays = [];
            const sockets = await Promise.all(Array.from({ length: SOCKET_CLIENTS }, () => new Promise((resolve, reject) => {
                const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { 'x-api-key': staffKey } });
                s.on('printer:status', (m) => { if (m.sentAtMs)
                    delays.push(Date.now() - m.sentAtMs); });
                s.once('connect', () => resolve(s));
                s.once('connect_error', reject);
            })));
            delays.length = 0;
            await sleep(PHASE_MS);
            for (const s of sockets)
                s.close();
            delays.sort((a, b) => a - b);
            return `${delays.length} pushes received, delivery p50 ${percentile(delays, 50)} ms, p99 ${percentile(delays, 99)} ms, max ${delays.at(-1)} ms`;
        }));
        results.push(await phase(`${UPLOADS} × ${UPLOAD_BYTES / 1048576} MB uploads`, pid, url, staffKey, async () => {
            const t0 = performance.now();
            const replies = await Promise.all(Array.from({ length: UPLOADS }, (_, i) => streamUpload(url, patronKey, `iso-${i}.gcode`, UPLOAD_BYTES)));
            const s = (performance.now() - t0) / 1000;
            const ok = replies.filter((r) => r.status === 201).length;
            return `${ok}/${UPLOADS} stored, ${(UPLOADS * UPLOAD_BYTES / 1048576 / s).toFixed(0)} MB/s total in ${s.toFixed(1)} s`;
        }));
        const esT0 = performance.now();
        const es = await api(url, staffKey, 'POST', '/api/printers/virtual/emergency-stop');
        const esMs = performance.now() - esT0;
        console.log(`\nTulostamo API benchmark (daemon pid ${pid}, virtual printer at ${VIRTUAL_TIME_SCALE}× speed, printing ${PRINT_LINES} uniform segments)\n`);
        console.log(`machine load average: ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores\n`);
        console.log('| load | print stream (acked lines/s, median) | daemon CPU % | daemon RSS max (MB) | figures |');
        console.log('| --- | ---: | ---: | ---: | --- |');
        for (const r of results)
            console.log(`| ${r.name} | ${r.linesPerS.toFixed(1)} | ${r.cpuPct.toFixed(0)} | ${r.rssMaxMb.toFixed(0)} | ${r.extra} |`);
        console.log(`\nemergency stop: HTTP reply in ${esMs.toFixed(1)} ms (${JSON.stringify(es)})`);
        console.log('Targets: job list ≥ 1,000 req/s; status delivery p99 < 50 ms at 200 clients; RSS < 150 MB; stream rate unchanged.');
    }
    finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
        rmSync(dataDir, { recursive: true, force: true });
    }
}
function streamUploadBuffer(url, key, name, content) {
    const { body, contentType } = multipartBody([{ name: 'file', filename: name, value: content }]);
    return new Promise((resolve, reject) => {
        const req = httpRequest(new URL('/api/jobs', url), {
            method: 'POST', headers: { 'x-api-key': key, 'content-type': contentType, 'content-length': body.length },
        }, (res) => {
            let text = '';
            res.on('data', (c) => { text += c; });
            res.on('end', () => resolve(JSON.parse(text)));
        });
        req.on('error', reject);
        req.end(body);
    });
}
main().catch((err) => { console.error(err); process.exitCode = 1; });
//# sourceMappingURL=api-bench.js.map