/**
 * `npm run bench:api`: the daemon as a child process, started as `npm start` starts it, with the virtual
 * printer at real time (by default in its own process on a pty) printing a long uniform G-code (equal
 * short segments: a steady line rate to compare), measured under five loads in turn: idle → job-list
 * requests (autocannon) → 200 socket.io clients on printer:status (in 2 child processes,
 * socket-clients.ts) → 20 concurrent 20 MB uploads → the daemon analysing those uploads.
 * BENCH_DAEMON_NODE_OPTIONS adds V8 flags to the daemon; BENCH_LOAD_NICE (default 10) runs the load
 * generators at a lower priority than the daemon and the printer.
 * For each: the print's stream rate (acknowledged lines/s over the phase, and the printer's own count),
 * the printer's planner starvation, both processes' event-loop delay, and the daemon's CPU, RSS and
 * memory breakdown (from their --stats-every-ms lines); plus each load's own figures. Asserts nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fork } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { cpus, loadavg, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { addUserViaCli, spawnDaemon, spawnVirtualPrinter, startScriptNodeFlags } from './daemon-process.js';
import { multipartBody } from './multipart-body.js';
import type { SocketClientsReply, SocketClientsStart } from './socket-clients.js';

const PHASE_MS = 10_000;
/** Lines of the print: 0.2 mm segments at 60 mm/s keep a 115200-baud link near its line rate for minutes. */
const PRINT_LINES = 120_000;
/** Real time, so the stream rate is the one a real printer would see. */
const VIRTUAL_TIME_SCALE = 1;
const SOCKET_CLIENTS = 200;
/** One process decoding 200 copies of each push would add its own queueing to the delay it measures. */
const CLIENT_PROCESSES = 2;
const UPLOADS = 20;
const UPLOAD_BYTES = 20 * 1024 * 1024;
/** Node/V8 flags for the daemon only (e.g. --max-semi-space-size=2), so their effect can be measured. */
const DAEMON_NODE_OPTIONS = process.env.BENCH_DAEMON_NODE_OPTIONS ?? process.env.NODE_OPTIONS ?? '';
/**
 * Niceness of the load generators (this process and its socket-client children), not of the daemon.
 * In the maker space the browsers run on other machines; on this 2-core box they would otherwise take
 * CPU from the daemon and show up as a slower print stream.
 */
const LOAD_NICE = Number(process.env.BENCH_LOAD_NICE ?? 10);
/**
 * `pty` (default): the virtual printer runs as its own process behind a pty, as a real printer has its
 * own controller, so the stream rate shows the host's streaming. `in-process`: the daemon's built-in
 * virtual printer, whose motion timers then share the daemon's event loop and lose time under any load.
 */
const PRINTER_MODE = process.env.BENCH_PRINTER === 'in-process' ? 'in-process' : 'pty';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A print whose line rate is the same from start to end (a zig-zag of equal short segments), so a drop
 * in acknowledged lines/s under load is the load's doing, not a change in the part's geometry.
 */
function uniformGcode(lines: number): Buffer {
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

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** User + system CPU seconds the process has used so far (clock ticks at 100 Hz). */
function cpuS(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function api(url: string, key: string, method: string, path: string, body?: unknown): Promise<Record<string, any>> {
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
function streamUpload(url: string, key: string, name: string, bytes: number): Promise<{ status: number; ms: number; jobId: number | null }> {
  const boundary = '----bench' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const line = Buffer.from('G1 X100.000 Y100.000 E0.01234 F1800 ; bench upload payload line\n');
  const chunk = Buffer.concat(Array.from({ length: Math.floor(65536 / line.length) }, () => line));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL('/api/jobs', url), {
      method: 'POST', headers: { 'x-api-key': key, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + bytes + tail.length },
    }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode!, ms: performance.now() - started, jobId: res.statusCode === 201 ? JSON.parse(text).job.id : null }));
    });
    req.on('error', reject);
    req.write(head);
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        const piece = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
        sent += piece.length;
        if (!req.write(piece)) { req.once('drain', pump); return; }
      }
      req.end(tail);
    };
    pump();
  });
}

/** Forks a share of the socket.io clients; resolves once they are all connected. */
async function startSocketClients(url: string, apiKey: string, clients: number): Promise<{ stop(): Promise<number[]> }> {
  const child = fork(new URL('./socket-clients.js', import.meta.url), [], { stdio: 'inherit' });
  const next = () => new Promise<SocketClientsReply>((resolve, reject) => {
    child.once('message', (m) => resolve(m as SocketClientsReply));
    child.once('exit', (code) => reject(new Error(`socket client process exited (${code})`)));
  });
  const ready = next();
  child.send({ url, apiKey, clients } satisfies SocketClientsStart);
  const first = await ready;
  if ('error' in first) throw new Error(`socket clients: ${first.error}`);
  return {
    async stop() {
      const done = next();
      child.send({ stop: true });
      const last = await done;
      if (!('delaysMs' in last)) throw new Error('socket client process sent no delays');
      return last.delaysMs;
    },
  };
}

interface PhaseResult {
  name: string; linesPerS: number; rssMaxMb: number; rssPeakSoFarMb: number; cpuPct: number; extra: string;
  memory: string; loopDelay: string; planner: string;
}

type Stats = Record<string, number>;

/** The `stats` lines of a child process (--stats-every-ms), kept so a phase can read what arrived during it. */
class StatsLog {
  readonly lines: Stats[] = [];
  add = (stats: Stats): void => { this.lines.push(stats); };
  since(index: number): Stats[] { return this.lines.slice(index); }
}

const maxOf = (lines: Stats[], key: string) => Math.max(...lines.map((l) => l[key]));

/** Each stats line carries the worst lateness of its window: the typical window and the worst one. */
function loopDelayOf(lines: Stats[]): string {
  const worst = lines.map((l) => l.loopDelayMaxMs).sort((a, b) => a - b);
  return `median ${percentile(worst, 50).toFixed(0)}, max ${worst.at(-1)!.toFixed(0)}`;
}
const STATS_EVERY_MS = 250;

/** Peak RSS of the process since it started (the kernel's high-water mark), not only at our samples. */
function rssPeakMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Runs `load` while sampling the print's stream rate and reading the daemon's and the printer's stats lines. */
async function phase(name: string, pid: number, url: string, key: string, daemon: StatsLog, printer: StatsLog | null, load: () => Promise<string>): Promise<PhaseResult> {
  // Acknowledged lines counted from the daemon's own total: its linesPerS is a trailing 10 s average
  // that would carry the previous phase into this one.
  const acked: Array<{ atMs: number; lines: number }> = [];
  let running = true;
  const daemonFrom = daemon.lines.length;
  const printerFrom = printer?.lines.length ?? 0;
  const printerBefore = printer?.lines.at(-1);
  const cpu0 = cpuS(pid);
  const t0 = performance.now();
  const sampler = (async () => {
    while (running) {
      const p = await api(url, key, 'GET', '/api/printers/virtual');
      if (p.printer.state === 'printing') acked.push({ atMs: performance.now(), lines: p.printer.status.print.lineAcked });
      await sleep(250);
    }
  })();
  const extra = await load();
  const seconds = (performance.now() - t0) / 1000;
  const cpuPct = (100 * (cpuS(pid) - cpu0)) / seconds;
  running = false;
  await sampler;
  const first = acked[0];
  const last = acked.at(-1);
  const linesPerS = first && last && last.atMs > first.atMs ? (1000 * (last.lines - first.lines)) / (last.atMs - first.atMs) : NaN;
  const d = daemon.since(daemonFrom);
  const memory = `heapTotal ${maxOf(d, 'heapTotalMb').toFixed(0)}, heapUsed ${maxOf(d, 'heapUsedMb').toFixed(0)}, external ${maxOf(d, 'externalMb').toFixed(0)} (arrayBuffers ${maxOf(d, 'arrayBuffersMb').toFixed(0)})`;
  let loopDelay = `daemon ${loopDelayOf(d)}`;
  let planner = 'n/a (printer inside the daemon)';
  const p = printer?.since(printerFrom) ?? [];
  if (printerBefore && p.length > 0) {
    // Over the printer's own sample times: the lines may have reached us late.
    const last = p.at(-1)!;
    const spanS = (last.atMs - printerBefore.atMs) / 1000;
    const starvedMs = last.plannerStarvedMs - printerBefore.plannerStarvedMs;
    planner = `${((last.linesReceived - printerBefore.linesReceived) / spanS).toFixed(0)} lines/s in, planner starved ${starvedMs.toFixed(0)} ms `
      + `(${(starvedMs / 10 / spanS).toFixed(1)} % of ${spanS.toFixed(1)} s), ${last.plannerUnderruns - printerBefore.plannerUnderruns} underruns`;
    loopDelay += `; printer ${loopDelayOf(p)}`;
  }
  return { name, linesPerS, rssMaxMb: maxOf(d, 'rssMb'), rssPeakSoFarMb: rssPeakMb(pid), cpuPct, extra, memory, loopDelay, planner };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tulostamo-bench-'));
  const configFile = join(dataDir, 'config.json');
  const printerStats = PRINTER_MODE === 'pty' ? new StatsLog() : null;
  const printer = printerStats ? await spawnVirtualPrinter(['--time-scale', String(VIRTUAL_TIME_SCALE), '--stats-every-ms', String(STATS_EVERY_MS)], printerStats.add) : null;
  const printers = printer ? [{ id: 'virtual', profile: 'marlin', serialPath: printer.hostPath, baudRate: 115200 }] : [];
  writeFileSync(configFile, JSON.stringify({ virtualTimeScale: VIRTUAL_TIME_SCALE, host: '127.0.0.1', printers }));
  const staffKey = addUserViaCli(dataDir, 'staff', 'bench-staff');
  const patronKey = addUserViaCli(dataDir, 'patron', 'bench-patron');
  const daemonStats = new StatsLog();
  const { child, url } = await spawnDaemon(['--data', dataDir, '--port', '0', '--config', configFile, '--stats-every-ms', String(STATS_EVERY_MS)],
    { ...process.env, NODE_OPTIONS: DAEMON_NODE_OPTIONS }, daemonStats.add);
  const pid = child.pid!;
  // Raising one's own niceness needs no privilege, so this works for any user.
  if (LOAD_NICE !== 0) setPriority(LOAD_NICE);
  try {
    for (let i = 0; ; i++) {
      if ((await api(url, staffKey, 'GET', '/api/printers/virtual')).printer.state === 'idle') break;
      if (i > 200) throw new Error('virtual printer did not connect');
      await sleep(100);
    }
    const print = uniformGcode(PRINT_LINES);
    const up = await streamUploadBuffer(url, staffKey, 'tasainen.gcode', print);
    // Fill the queue so the job list has something to list: 60 small patron jobs.
    for (let i = 0; i < 60; i++) await streamUploadBuffer(url, patronKey, `pieni-${i}.gcode`, uniformGcode(200 + i));
    for (let i = 0; ; i++) {
      const job = (await api(url, staffKey, 'GET', `/api/jobs/${up.job.id}`)).job;
      if (job.state === 'approved') break;
      if (i > 600) throw new Error(`the print job is stuck in ${job.state}`);
      await sleep(100);
    }
    await api(url, staffKey, 'POST', '/api/printers/virtual/bed-cleared');
    const started = await api(url, staffKey, 'POST', '/api/printers/virtual/start', { jobId: up.job.id });
    if (started.job?.state !== 'printing') throw new Error(`start failed: ${JSON.stringify(started)}`);
    // Past the start script (homing): measure while the segments stream.
    for (let i = 0; ; i++) {
      const p = (await api(url, staffKey, 'GET', '/api/printers/virtual')).printer;
      if ((p.status.print?.lineAcked ?? 0) > 100 && p.status.link.linesPerS > 0) break;
      if (i > 1200) throw new Error('the print never got past its start script');
      await sleep(100);
    }
    await sleep(2000);

    const results: PhaseResult[] = [];
    results.push(await phase('idle (printing only)', pid, url, staffKey, daemonStats, printerStats, async () => { await sleep(PHASE_MS); return ''; }));

    results.push(await phase('job list, 10 connections', pid, url, staffKey, daemonStats, printerStats, async () => {
      const r = await autocannon({ url: `${url}/api/jobs`, connections: 10, duration: PHASE_MS / 1000, headers: { 'x-api-key': staffKey } });
      return `${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}`;
    }));

    results.push(await phase(`${SOCKET_CLIENTS} socket.io clients`, pid, url, staffKey, daemonStats, printerStats, async () => {
      const groups = await Promise.all(Array.from({ length: CLIENT_PROCESSES }, () => startSocketClients(url, staffKey, SOCKET_CLIENTS / CLIENT_PROCESSES)));
      await sleep(PHASE_MS);
      const delays = (await Promise.all(groups.map((g) => g.stop()))).flat().sort((a, b) => a - b);
      return `${delays.length} pushes received (${CLIENT_PROCESSES} client processes), delivery p50 ${percentile(delays, 50)} ms, p99 ${percentile(delays, 99)} ms, max ${delays.at(-1)} ms`;
    }));

    const uploadedJobs: number[] = [];
    results.push(await phase(`${UPLOADS} × ${UPLOAD_BYTES / 1048576} MB uploads`, pid, url, staffKey, daemonStats, printerStats, async () => {
      const t0 = performance.now();
      const replies = await Promise.all(Array.from({ length: UPLOADS }, (_, i) => streamUpload(url, patronKey, `iso-${i}.gcode`, UPLOAD_BYTES)));
      const s = (performance.now() - t0) / 1000;
      for (const r of replies) if (r.jobId !== null) uploadedJobs.push(r.jobId);
      return `${uploadedJobs.length}/${UPLOADS} stored, ${(UPLOADS * UPLOAD_BYTES / 1048576 / s).toFixed(0)} MB/s total in ${s.toFixed(1)} s`;
    }));

    // The daemon analyses each upload after replying: the memory and CPU of that belong to the run too.
    results.push(await phase(`analysis of the ${UPLOADS} uploads`, pid, url, staffKey, daemonStats, printerStats, async () => {
      const t0 = performance.now();
      const states = new Map<string, number>();
      for (const id of uploadedJobs) {
        for (;;) {
          const state = (await api(url, staffKey, 'GET', `/api/jobs/${id}`)).job.state as string;
          if (state !== 'uploaded' && state !== 'analysing') { states.set(state, (states.get(state) ?? 0) + 1); break; }
          await sleep(250);
        }
      }
      const s = (performance.now() - t0) / 1000;
      const last = daemonStats.lines.at(-1)!;
      return `${[...states].map(([state, n]) => `${n} ${state}`).join(', ')} in ${s.toFixed(1)} s; analysis child peak RSS ${last.analysisPeakRssMb.toFixed(0)} MB (${last.analysisRuns} children so far)`;
    }));

    const esT0 = performance.now();
    const es = await api(url, staffKey, 'POST', '/api/printers/virtual/emergency-stop');
    const esMs = performance.now() - esT0;

    console.log(`\nTulostamo API benchmark (daemon pid ${pid}, virtual printer at ${VIRTUAL_TIME_SCALE}× speed, printing ${PRINT_LINES} uniform segments, daemon started as npm start does (node ${startScriptNodeFlags().join(' ')}) with NODE_OPTIONS '${DAEMON_NODE_OPTIONS}', load generators at nice ${LOAD_NICE}, virtual printer ${PRINTER_MODE === 'pty' ? `in its own process on a pty at nice ${printer?.printerNice ?? 0}` : 'inside the daemon'})\n`);
    console.log(`machine load average: ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores\n`);
    console.log('| load | print stream (acked lines/s over the phase) | daemon CPU % | daemon RSS max (MB) | daemon RSS peak so far (MB) | figures |');
    console.log('| --- | ---: | ---: | ---: | ---: | --- |');
    for (const r of results) console.log(`| ${r.name} | ${r.linesPerS.toFixed(1)} | ${r.cpuPct.toFixed(0)} | ${r.rssMaxMb.toFixed(0)} | ${r.rssPeakSoFarMb.toFixed(0)} | ${r.extra} |`);
    console.log('\n| load | virtual printer: lines received, planner starvation | event-loop delay per 250 ms (ms) | daemon memory max (MB) |');
    console.log('| --- | --- | --- | --- |');
    for (const r of results) console.log(`| ${r.name} | ${r.planner} | ${r.loopDelay} | ${r.memory} |`);
    console.log(`\nemergency stop: HTTP reply in ${esMs.toFixed(1)} ms (${JSON.stringify(es)})`);
    console.log('Targets: job list ≥ 1,000 req/s; status delivery p99 < 50 ms at 200 clients; RSS < 150 MB; stream rate unchanged.');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    printer?.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function streamUploadBuffer(url: string, key: string, name: string, content: Buffer): Promise<Record<string, any>> {
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
