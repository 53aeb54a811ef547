/**
 * A PrinterLinkApi whose PrinterLink runs in a link process of its own (link-worker.ts, forked). The
 * controller keeps ~300 job lines queued there, so the printer is fed while the daemon's thread parses
 * requests or writes uploads. A new process starts at each connect() after close() or after it died.
 *
 * What the synchronous getters answer: counts from the worker's last report plus what was posted since;
 * the firmware and link figures as last reported. A worker that dies while the link is up ends as
 * `disconnected` (`link_worker_exited`); one that falls silent is killed and ends as `disconnected`
 * (`link_worker_unresponsive`): either way the controller interrupts the print and reconnects, never resumes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Clock } from '../core/clock.js';
import { builtFile } from '../core/built-file.js';
import { AppError } from '../core/errors.js';
import type { PrinterLinkApi } from './link-api.js';
import {
  zeroBySource, type CommandRef, type LinkCounts, type LinkOp, type LinkOpBatch, type LinkPort, type LinkReport,
  type LinkReportBatch, type LinkWorkerData,
} from './link-messages.js';
import type { LinkConnected, PrinterLinkEvents } from './printer-link.js';
import type { LinkMetrics, SerialLogEntry } from './printer-types.js';
import type { FirmwareProfile } from './profile-types.js';
import type { Command, CommandSource } from './protocol/sender-types.js';
import { DEFAULT_SERIAL_LOG_ENTRIES, SerialLog } from './serial-log.js';
import { LINK_NICE, trySetNice } from '../core/process-priority.js';
import { LinkListeners, type LinkListener } from './link-listeners.js';

/** The worker closes its port in milliseconds; past this it is ended regardless. */
const CLOSE_TIMEOUT_MS = 3000;

/**
 * The worker reports at least once a second, idle or not. Five missed reports is no GC pause or busy
 * moment of a shared 2-core host; and the ~1.5 s of lines queued in the worker ran out long before, so a
 * worker this quiet has already stalled the print: it is hung, and a fresh one is the only way on.
 */
export const WORKER_SILENCE_LIMIT_MS = 5000;
const SILENCE_CHECK_EVERY_MS = 1000;

const NO_METRICS: LinkMetrics = { linesPerS: 0, bytesPerS: 0, rttP50Ms: null, rttP99Ms: null, linesSent: 0, resends: 0, timeouts: 0 };

export interface RemoteLinkOptions {
  profile: FirmwareProfile;
  port: LinkPort;
  /** The controller's clock: it stamps the note that a worker ended. */
  clock: Clock;
  /** Starts the worker (default forkLinkWorker); tests keep the handle to kill it under a running print. */
  spawn?: (script: string, data: LinkWorkerData) => ChildProcess;
}

interface PendingConnect { resolve: (info: LinkConnected) => void; reject: (err: AppError) => void }

/**
 * The link's heap is a few MB (a 2,000-entry serial log, ~300 queued lines); small V8 spaces keep the
 * process small, and a leak ends in a crash, which the controller treats as a pulled cable, not in swap.
 */
const LINK_NODE_FLAGS = ['--max-semi-space-size=1', '--max-old-space-size=64'];

/** Structured-clone IPC (not JSON) carries the reports as they are; stdout and stderr are the daemon's own. */
export function forkLinkWorker(script: string, data: LinkWorkerData): ChildProcess {
  const child = fork(script, [JSON.stringify(data)], { serialization: 'advanced', execArgv: LINK_NODE_FLAGS, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  trySetNice(child.pid, LINK_NICE);
  return child;
}

function noCounts(): LinkCounts {
  return { received: zeroBySource(), queued: zeroBySource(), outstanding: 0, lastId: 0 };
}

export class RemoteLink implements PrinterLinkApi {
  readonly profile: FirmwareProfile;
  private readonly port: LinkPort;
  private readonly clock: Clock;
  private readonly spawn: (script: string, data: LinkWorkerData) => ChildProcess;
  private readonly listeners = new LinkListeners();
  private worker: ChildProcess | null = null;
  private ops: LinkOp[] = [];
  private flushQueued = false;
  /** Sent and not yet settled, by the number the worker reports back; insertion order is number order. */
  private readonly commands = new Map<number, Command>();
  private nextId = 1;
  private posted = zeroBySource();
  private counts = noCounts();
  private pendingConnect: PendingConnect | null = null;
  private readonly logRequests = new Map<number, (entries: SerialLogEntry[]) => void>();
  private nextRequestId = 1;
  /** Link up (connected, not yet disconnected or closed): only then does a dying worker mean a lost link. */
  private up = false;
  private connectedInfo: LinkConnected | null = null;
  private lastMetrics: LinkMetrics = NO_METRICS;
  /** The serial log of workers that have ended, so staff still see what led up to a disconnect. */
  private readonly earlierLog = new SerialLog();
  /** Wall time of the worker's last report; null until it first reports (a process still booting is not hung). */
  private lastHeardAtMs: number | null = null;
  /**
   * Wall time, not `clock`: the worker reports on its own wall-time interval, while `clock` may run a
   * virtual printer 50× faster, which would make five seconds of silence a tenth of one.
   */
  private silenceCheck: NodeJS.Timeout | null = null;

  constructor(opts: RemoteLinkOptions) {
    this.profile = opts.profile;
    this.port = opts.port;
    this.clock = opts.clock;
    this.spawn = opts.spawn ?? forkLinkWorker;
  }

  connect(opts: { timeoutMs?: number } = {}): Promise<LinkConnected> {
    if (this.pendingConnect) return Promise.reject(new AppError('link_busy', 'connect() is already in progress', 409));
    this.worker ??= this.start();
    this.up = false;
    this.connectedInfo = null;
    const done = new Promise<LinkConnected>((resolve, reject) => { this.pendingConnect = { resolve, reject }; });
    this.post({ op: 'connect', ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }) }, true);
    return done;
  }

  firmware(): LinkConnected | null { return this.connectedInfo; }

  send(command: Command): void {
    if (!this.worker) return;
    const id = this.nextId++;
    this.commands.set(id, command);
    this.posted[command.source]++;
    this.post({ op: 'send', id, command });
  }

  emergencyStop(): void {
    this.post({ op: 'emergency_stop' }, true);
  }

  dropQueued(source: CommandSource): void {
    this.post({ op: 'drop_queued', source });
  }

  queuedCount(source?: CommandSource): number {
    const { queued, received } = this.counts;
    if (source) return queued[source] + this.posted[source] - received[source];
    let total = 0;
    for (const s of Object.keys(queued) as CommandSource[]) total += queued[s] + this.posted[s] - received[s];
    return total;
  }

  metrics(): LinkMetrics { return this.lastMetrics; }

  async serialLog(limit = DEFAULT_SERIAL_LOG_ENTRIES): Promise<SerialLogEntry[]> {
    const live = this.worker ? await this.request(limit) : [];
    return [...this.earlierLog.entries(limit), ...live].slice(-limit);
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.failConnect(new AppError('link_closed', 'the link was closed while connecting', 503));
    this.up = false;
    if (!worker) return;
    const answered = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), CLOSE_TIMEOUT_MS);
      worker.on('message', ({ reports }: LinkReportBatch) => {
        const last = reports.find((r) => r.kind === 'closed');
        if (!last) return;
        for (const e of last.entries) this.earlierLog.add(e);
        clearTimeout(timer);
        resolve(true);
      });
    });
    this.post({ op: 'close' }, true);
    // From here the worker is no longer ours: its reports and its exit are not the link's events.
    this.detach();
    const closedPort = await answered;
    if (worker.exitCode === null && worker.signalCode === null) {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      // A worker that did not answer is hung (stopped, stuck in a native call): SIGTERM would wait on it forever.
      worker.kill(closedPort ? 'SIGTERM' : 'SIGKILL');
      await exited;
    }
  }

  on<K extends keyof PrinterLinkEvents>(event: K, fn: LinkListener<K>): void {
    this.listeners.on(event, fn);
  }

  private emit<K extends keyof PrinterLinkEvents>(event: K, payload: PrinterLinkEvents[K]): void {
    this.listeners.emit(event, payload);
  }

  private start(): ChildProcess {
    const worker = this.spawn(builtFile(import.meta.url, 'link-worker.js'), { profile: this.profile, port: this.port });
    worker.on('message', (batch: LinkReportBatch) => {
      if (this.worker !== worker) return;
      this.lastHeardAtMs = performance.now();
      this.onBatch(batch);
    });
    worker.on('exit', (exitCode, signal) => {
      if (this.worker === worker) this.onWorkerExit(`the link worker exited (${signal ?? `exit code ${exitCode}`})`);
    });
    // A process that could not start at all may never emit 'exit'.
    worker.on('error', (err) => {
      if (this.worker === worker && worker.pid === undefined) this.onWorkerExit(`the link worker did not start: ${err.message}`);
    });
    this.lastHeardAtMs = null;
    this.silenceCheck = setInterval(() => this.checkSilence(worker), SILENCE_CHECK_EVERY_MS);
    this.silenceCheck.unref();
    return worker;
  }

  /** A hung worker (stuck in a native call, stopped) never exits by itself: kill it and report the link lost. */
  private checkSilence(worker: ChildProcess): void {
    if (this.worker !== worker || this.lastHeardAtMs === null) return;
    const silentMs = performance.now() - this.lastHeardAtMs;
    if (silentMs <= WORKER_SILENCE_LIMIT_MS) return;
    worker.kill('SIGKILL');
    this.onWorkerLost(new AppError('link_worker_unresponsive', `the link worker stopped responding (silent ${Math.round(silentMs)} ms); killed`, 503));
  }

  /** Queues an op; ops go out together at the end of this turn, or at once when `now` (stop, connect, close). */
  private post(op: LinkOp, now = false): void {
    if (!this.worker) return;
    this.ops.push(op);
    if (now) { this.flush(); return; }
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    this.flushQueued = false;
    if (this.ops.length === 0 || !this.worker) return;
    const batch: LinkOpBatch = { ops: this.ops };
    this.ops = [];
    // A worker that is exiting has closed its channel; its 'exit' follows and settles everything.
    if (this.worker.connected) this.worker.send(batch);
  }

  private request(limit: number): Promise<SerialLogEntry[]> {
    const requestId = this.nextRequestId++;
    const reply = new Promise<SerialLogEntry[]>((resolve) => this.logRequests.set(requestId, resolve));
    this.post({ op: 'serial_log', requestId, limit }, true);
    return reply;
  }

  private onBatch({ reports, counts, metrics }: LinkReportBatch): void {
    this.counts = counts;
    if (metrics) this.lastMetrics = metrics;
    for (const r of reports) this.onReport(r);
    // Nothing outstanding in the worker: every command up to its last received one is settled, dropped ones too.
    if (counts.outstanding === 0) {
      for (const id of this.commands.keys()) {
        if (id > counts.lastId) break;
        this.commands.delete(id);
      }
    }
  }

  private onReport(r: LinkReport): void {
    switch (r.kind) {
      case 'connected': {
        this.up = true;
        this.connectedInfo = r.info;
        const p = this.pendingConnect;
        this.pendingConnect = null;
        p?.resolve(r.info);
        this.emit('connected', r.info);
        break;
      }
      case 'connect_failed':
        this.failConnect(new AppError(r.error.code, r.error.message, r.error.httpStatus, r.error.params));
        break;
      case 'acked': {
        const command = this.settle(r.command);
        if (command) this.emit('acked', { command, lineNumber: r.lineNumber, rttMs: r.rttMs });
        break;
      }
      case 'refused': {
        const command = this.settle(r.command);
        if (command) this.emit('refused', { command, reason: r.reason, message: r.message });
        break;
      }
      case 'response': this.emit('response', r.response); break;
      case 'fault': this.emit('fault', r.fault); break;
      case 'disconnected':
        this.up = false;
        this.emit('disconnected', { reason: r.reason });
        break;
      case 'log': this.emit('log', { level: r.level, message: r.message }); break;
      case 'serial_log': {
        this.logRequests.get(r.requestId)?.(r.entries);
        this.logRequests.delete(r.requestId);
        break;
      }
      case 'closed': break;
    }
  }

  private settle(ref: CommandRef): Command | undefined {
    if (typeof ref !== 'number') return ref;
    const command = this.commands.get(ref);
    this.commands.delete(ref);
    return command;
  }

  private onWorkerExit(why: string): void {
    this.onWorkerLost(new AppError('link_worker_exited', why, 503));
  }

  private onWorkerLost(err: AppError): void {
    const wasUp = this.up;
    const connecting = this.pendingConnect !== null;
    this.earlierLog.add({ atMs: this.clock.nowMs(), direction: 'note', text: err.message, mark: 'disconnected' });
    this.detach();
    this.failConnect(err);
    this.emit('log', { level: 'error', message: err.message });
    // While connecting, the rejected connect() is the one report, as with a port that goes away then.
    if (wasUp && !connecting) this.emit('disconnected', { reason: err.code });
  }

  /** Forgets the worker and everything in flight with it. */
  private detach(): void {
    this.worker = null;
    clearInterval(this.silenceCheck ?? undefined);
    this.silenceCheck = null;
    this.lastHeardAtMs = null;
    this.up = false;
    this.ops = [];
    this.commands.clear();
    this.posted = zeroBySource();
    this.counts = noCounts();
    this.lastMetrics = NO_METRICS;
    // A log asked of a worker that is gone is what the worker left: nothing beyond the earlier log.
    for (const resolve of this.logRequests.values()) resolve([]);
    this.logRequests.clear();
  }

  private failConnect(err: AppError): void {
    const p = this.pendingConnect;
    this.pendingConnect = null;
    p?.reject(err);
  }
}
