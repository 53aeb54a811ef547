/**
 * One printer as the rest of the daemon sees it: a state (controller-states.ts), a print streamed from
 * a file, pause/resume/cancel through the profile's scripts, a safety watchdog, and throttled status.
 * Everything here is driven by link events and clock timers — no awaits on the hot path — so a print
 * runs the same on wall time and on a SimClock.
 */
import { EventEmitter } from 'node:events';
import type { Clock, TimerHandle } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { diffStatus, pushDelayMs } from '../http/live/status-diff.js';
import { nextPrinterState, type ControllerEvent } from './controller-states.js';
import { FileStreamer } from './file-streamer.js';
import { initialMotionModes, restoreModeCommands, trackMotionModes, type MotionModes } from './motion-modes.js';
import type { PrinterLinkApi } from './link-api.js';
import { paceStartAt, type PaceStart, type PrintTimeline } from './print-timeline.js';
import type { LinkFault } from './printer-link.js';
import {
  buildStatus, noHeaterReadings, printProgress, withTemperatureReport, type HeaterReadings, type Position,
} from './printer-status.js';
import type {
  LinkMetrics, PrintProgress, PrinterController as PrinterControllerContract, PrinterEvents, PrinterState, PrinterStatus,
  SerialLogEntry, StartPrintRequest,
} from './printer-types.js';
import type { Response } from './protocol/responses.js';
import type { Command } from './protocol/sender-types.js';
import { SafetyWatchdog, safetyLimitsFrom, type SafetyAlarm } from './safety-watchdog.js';

/** The link's queue is refilled to HIGH when it falls under LOW: enough to ride out a slow disk read, small enough to cancel at once. */
export const QUEUE_LOW_LINES = 100;
export const QUEUE_HIGH_LINES = 300;
export const STATUS_MAX_HZ = 4;
/**
 * Link figures are a staff diagnostic over a 10 s window; computing them (percentiles over the recent
 * round trips) at the 4 Hz of progress updates would cost the host more than streaming the file does.
 */
export const LINK_METRICS_REFRESH_MS = 5000;
export const DEFAULT_RECONNECT_DELAYS_MS = [1000, 2000, 5000, 10_000, 30_000];
export const DEFAULT_CONNECT_TIMEOUT_MS = 20_000;

/**
 * Ends an M109/M190/M600 wait. With EMERGENCY_PARSER the Sender lets it jump the queue, so a cancel or
 * a safety stop is not stuck behind a heat-up that might never finish; without it, it is a no-op in line.
 */
const BREAK_WAIT = 'M108';

/** Staff may ask these while a print runs: they move nothing and change no setting. */
const SAFE_WHILE_PRINTING = /^\s*(M105|M114|M115|M119|M27|M31)(\s|;|$)/i;

export interface PrinterControllerOptions {
  id: string;
  link: PrinterLinkApi;
  clock: Clock;
  connectTimeoutMs?: number;
  reconnectDelaysMs?: number[];
}

interface SavedForResume { position: Position; hotendTargetsC: number[]; bedTargetC: number }

interface ActiveJob {
  req: StartPrintRequest;
  streamer: FileStreamer;
  /** The request's timeline when it was measured on this very file. */
  timeline: PrintTimeline | null;
  startedAtMs: number;
  started: boolean;
  /** Time paused so far, and since when the print is paused now: the remaining time stands still meanwhile. */
  pausedMs: number;
  pausedSinceMs: number | null;
  /** Printing time at the last acknowledged job line. */
  ackedPrintingMs: number;
  paceStart: PaceStart | null;
  modes: MotionModes;
  saved: SavedForResume | null;
}

interface PendingOp { resolve: () => void; reject: (err: AppError) => void }

export class PrinterController implements PrinterControllerContract {
  readonly id: string;
  private readonly link: PrinterLinkApi;
  private readonly clock: Clock;
  private readonly events = new EventEmitter();
  private readonly watchdog: SafetyWatchdog;
  private readonly connectTimeoutMs: number;
  private readonly reconnectDelaysMs: number[];
  private current: PrinterState = 'disconnected';
  private job: ActiveJob | null = null;
  /** The caller of startPrint/pause/resume/cancel waiting for the printer; one at a time. */
  private pendingOp: PendingOp | null = null;
  /** Callbacks run when the printer acknowledges a given system command (end of a script). */
  private readonly afterAck = new Map<Command, () => void>();
  private heaters: HeaterReadings = noHeaterReadings();
  private position: Position | null = null;
  private error: { code: string; message: string } | null = null;
  private reconnectAttempt = 0;
  private reconnectTimer: TimerHandle | null = null;
  /** Closed by staff or at shutdown: a connect attempt that fails after that must not schedule another. */
  private closedOnPurpose = false;
  private watchdogTimer: TimerHandle | null = null;
  private statusTimer: TimerHandle | null = null;
  private lastPushed: PrinterStatus | null = null;
  private lastPushMs: number | null = null;
  private linkMetrics: { atMs: number; value: LinkMetrics } | null = null;

  constructor(opts: PrinterControllerOptions) {
    this.id = opts.id;
    this.link = opts.link;
    this.clock = opts.clock;
    this.connectTimeoutMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.reconnectDelaysMs = opts.reconnectDelaysMs ?? DEFAULT_RECONNECT_DELAYS_MS;
    this.watchdog = new SafetyWatchdog(safetyLimitsFrom(this.link.profile));
    this.link.on('connected', () => this.onLinkReady());
    this.link.on('acked', ({ command }) => this.onAcked(command));
    this.link.on('response', (r) => this.onResponse(r));
    this.link.on('fault', (f) => this.onFault(f));
    this.link.on('disconnected', ({ reason }) => this.onLinkLost(reason));
  }

  state(): PrinterState { return this.current; }

  status(): PrinterStatus {
    return buildStatus({
      printerId: this.id, state: this.current, profile: this.link.profile.name,
      firmwareName: this.link.firmware()?.firmwareName ?? null, heaters: this.heaters, position: this.position,
      print: this.job?.started ? this.progress(this.job, false) : null, link: this.recentLinkMetrics(), error: this.error,
    });
  }

  private recentLinkMetrics(): LinkMetrics {
    const nowMs = this.clock.nowMs();
    if (!this.linkMetrics || nowMs - this.linkMetrics.atMs >= LINK_METRICS_REFRESH_MS) {
      this.linkMetrics = { atMs: nowMs, value: this.link.metrics() };
    }
    return this.linkMetrics.value;
  }

  async connect(): Promise<void> {
    this.clock.clearTimer(this.reconnectTimer);
    this.reconnectTimer = null;
    this.closedOnPurpose = false;
    if (!this.transition('connect_requested')) {
      throw new AppError('printer_not_disconnected', `printer ${this.id} is ${this.current}`, 409, { state: this.current });
    }
    try {
      await this.link.connect({ timeoutMs: this.connectTimeoutMs });
    } catch (err) {
      this.transition('connect_failed');
      throw err instanceof AppError ? err : new AppError('connect_failed', (err as Error).message, 503);
    }
    this.reconnectAttempt = 0;
  }

  connectWhenAvailable(): void {
    this.connect().catch(() => this.scheduleReconnect());
  }

  async disconnect(): Promise<void> {
    this.clock.clearTimer(this.reconnectTimer);
    this.reconnectTimer = null;
    this.closedOnPurpose = true;
    if (this.job) this.interruptJob('disconnected_by_staff');
    this.transition('close_requested');
    await this.link.close();
  }

  startPrint(req: StartPrintRequest): Promise<void> {
    if (this.current !== 'idle' || this.job) {
      return Promise.reject(new AppError('printer_not_ready', `printer ${this.id} is ${this.current}`, 409, { state: this.current }));
    }
    let streamer: FileStreamer;
    try { streamer = FileStreamer.open(req.filePath); } catch (err) { return Promise.reject(err); }
    const first = streamer.take(QUEUE_HIGH_LINES);
    if (first.length === 0) {
      streamer.close();
      return Promise.reject(new AppError('gcode_file_empty', `${req.fileName} has no G-code commands`, 422, { fileName: req.fileName }));
    }
    const timeline = req.timeline?.bytesTotal === streamer.bytesTotal ? req.timeline : null;
    this.job = {
      req, streamer, timeline, startedAtMs: this.clock.nowMs(), started: false, pausedMs: 0, pausedSinceMs: null, ackedPrintingMs: 0, paceStart: null,
      modes: initialMotionModes(), saved: null,
    };
    this.error = null;
    const done = this.waitForOp();
    for (const c of first) this.link.send(c);
    return done;
  }

  pause(): Promise<void> {
    const job = this.job;
    if (!job || !this.transition('pause_requested')) return this.refuse('pause');
    // Paused again while a resume was still reheating: the first pause never ended.
    job.pausedSinceMs ??= this.clock.nowMs();
    const done = this.waitForOp();
    this.link.dropQueued('job');
    this.link.send({ text: BREAK_WAIT, source: 'system' });
    this.position = null;
    // M400 then M114: once M114 is acknowledged every job line before it has been, so the acknowledged mark is exact and the position is the one to come back to.
    this.runScript(['M400', 'M114'], () => {
      job.streamer.rewindToAcked();
      job.saved = this.position ? {
        position: { ...this.position },
        hotendTargetsC: this.heaters.hotends.map((h) => h.targetC ?? 0),
        bedTargetC: this.heaters.bed?.targetC ?? 0,
      } : null;
      this.runScript(this.link.profile.machine.scripts.pause, () => {
        if (this.transition('pause_done')) this.settleOp();
      });
    });
    return done;
  }

  resume(): Promise<void> {
    const job = this.job;
    if (!job || this.current !== 'paused') return this.refuse('resume');
    if (!job.saved) {
      return Promise.reject(new AppError('position_unknown', 'the printer did not report its position at pause; cancel the print', 409));
    }
    this.transition('resume_requested');
    const done = this.waitForOp();
    this.runScript(this.resumeCommands(job.saved, job.modes), () => {
      // A pause that came in meanwhile goes on: it was never printing again.
      if (this.current === 'printing' && job.pausedSinceMs !== null) {
        job.pausedMs += this.clock.nowMs() - job.pausedSinceMs;
        job.pausedSinceMs = null;
      }
      this.settleOp();
      // Paused after the file's last line was acknowledged: no job ack will come to notice the end.
      this.finishIfDone(job);
    });
    this.topUp(job);
    return done;
  }

  /** `byPrinter`: someone pressed Stop on the printer itself, which then asked the host to cancel. */
  cancel(byPrinter = false): Promise<void> {
    const job = this.job;
    if (!job || !this.transition('cancel_requested')) return this.refuse('cancel');
    this.pendingOp?.reject(new AppError('print_cancelled', 'the print was cancelled', 409));
    this.pendingOp = null;
    this.afterAck.clear();
    const done = this.waitForOp();
    this.link.dropQueued('job');
    this.link.send({ text: BREAK_WAIT, source: 'system' });
    this.runScript(this.link.profile.machine.scripts.cancel, () => {
      this.endJob((progress) => this.emit('printer:print_failed', {
        printerId: this.id, jobRef: job.req.jobRef, code: byPrinter ? 'print_cancelled_on_printer' : 'print_cancelled',
        message: byPrinter ? 'cancelled on the printer' : 'cancelled by staff', progress,
      }), false);
      this.transition('cancel_done');
      this.settleOp();
    });
    return done;
  }

  emergencyStop(): void {
    this.link.emergencyStop();
    this.halt('emergency_stop', 'emergency stop by staff');
  }

  sendLine(text: string): void {
    if (this.current === 'disconnected' || this.current === 'connecting') {
      throw new AppError('printer_not_connected', `printer ${this.id} is ${this.current}`, 409, { state: this.current });
    }
    const busy = this.current === 'printing' || this.current === 'pausing' || this.current === 'cancelling' || (this.job !== null && !this.job.started);
    if (busy && !SAFE_WHILE_PRINTING.test(text)) {
      throw new AppError('printer_busy_printing', 'only status queries are allowed while a print runs', 409, { text });
    }
    this.link.send({ text, source: 'operator' });
  }

  on<K extends keyof PrinterEvents>(event: K, fn: (payload: PrinterEvents[K]) => void): void { this.events.on(event, fn); }

  off<K extends keyof PrinterEvents>(event: K, fn: (payload: PrinterEvents[K]) => void): void { this.events.off(event, fn); }

  async serialLog(limit?: number): Promise<SerialLogEntry[]> { return this.link.serialLog(limit); }

  // ---- link events ----

  private onLinkReady(): void {
    this.reconnectAttempt = 0;
    if (this.transition('link_ready')) this.error = null;
  }

  private onAcked(command: Command): void {
    const job = this.job;
    if (command.source === 'job' && job && command.fileOffset !== undefined) {
      job.streamer.acknowledge(command.fileOffset);
      trackMotionModes(job.modes, command.text);
      if (!job.started) this.markStarted(job);
      job.ackedPrintingMs = this.printingMs(job, this.clock.nowMs());
      if (job.timeline && !job.paceStart) job.paceStart = paceStartAt(job.timeline, job.streamer.workingOffset(), job.ackedPrintingMs);
      this.topUp(job);
      this.finishIfDone(job);
      this.touch();
      return;
    }
    const then = this.afterAck.get(command);
    if (then) { this.afterAck.delete(command); then(); }
  }

  private onResponse(r: Response): void {
    if (r.kind === 'temperature') {
      this.heaters = withTemperatureReport(this.heaters, r.report);
      this.handleAlarms(this.watchdog.observe(this.heaters, this.clock.nowMs()));
      this.armWatchdog();
    } else if (r.kind === 'position') {
      this.position = { x: r.x, y: r.y, z: r.z, e: r.e };
    } else if (r.kind === 'action') {
      this.onPrinterAction(r.name);
      return;
    } else {
      return;
    }
    this.touch();
  }

  /**
   * Host actions the firmware asks for (Prusa's LCD Stop and Pause during a USB print, Marlin's runout with
   * host handling): the printer has stopped or paused and relies on the host to stop sending. Other
   * actions (prompts, notifications) are for a screen this daemon does not draw.
   */
  private onPrinterAction(name: string): void {
    const quietly = (op: Promise<void>) => { void op.catch(() => undefined); };
    if (name === 'cancel' && this.job) quietly(this.cancel(true));
    else if ((name === 'pause' || name === 'paused') && this.current === 'printing') quietly(this.pause());
    else if ((name === 'resume' || name === 'resumed') && this.current === 'paused') quietly(this.resume());
  }

  private onFault(f: LinkFault): void {
    if (f.code === 'printer_reset') {
      // A reset lost the firmware's queue and position: the print can only fail, never resume.
      this.failJob('printer_reset', f.message);
      this.transition('firmware_reset');
      return;
    }
    // The firmware's own reason (`thermal_runaway`, `mintemp`…) tells staff more than `firmware_halted`.
    const code = f.reason ?? f.code;
    // The Sender has already dropped the job's queued lines: any fault ends the print.
    this.failJob(code, f.message);
    if (!f.fatal) return;
    // Heaters off is the link's job: it sends the profile's emergencyAfter script on every fatal fault.
    this.emit('printer:alarm', { printerId: this.id, code, message: f.message });
    this.halt(code, f.message);
  }

  private onLinkLost(reason: string): void {
    if (this.job) this.interruptJob('link_lost');
    this.error = { code: 'link_lost', message: reason };
    this.transition('link_lost');
    this.scheduleReconnect();
  }

  // ---- printing ----

  private markStarted(job: ActiveJob): void {
    job.started = true;
    job.startedAtMs = this.clock.nowMs();
    this.watchdog.rearm();
    this.watchdog.setPrinting(true, this.clock.nowMs());
    this.armWatchdog();
    this.transition('print_started');
    this.emit('printer:print_started', { printerId: this.id, jobRef: job.req.jobRef });
    this.settleOp();
  }

  private topUp(job: ActiveJob): void {
    if (this.current !== 'printing' || job.streamer.exhausted()) return;
    const queued = this.link.queuedCount('job');
    if (queued >= QUEUE_LOW_LINES) return;
    for (const c of job.streamer.take(QUEUE_HIGH_LINES - queued)) this.link.send(c);
  }

  private finishIfDone(job: ActiveJob): void {
    if (this.job === job && this.current === 'printing' && job.streamer.finished()) this.finishJob(job);
  }

  private finishJob(job: ActiveJob): void {
    this.endJob((progress) => this.emit('printer:print_finished', { printerId: this.id, jobRef: job.req.jobRef, progress }), true);
    this.transition('print_ended');
  }

  private failJob(code: string, message: string): void {
    const job = this.job;
    if (!job) return;
    this.link.dropQueued('job');
    this.endJob((progress) => this.emit('printer:print_failed', { printerId: this.id, jobRef: job.req.jobRef, code, message, progress }), false);
    this.rejectOp(code, message);
  }

  private interruptJob(code: string): void {
    const job = this.job;
    if (!job) return;
    this.endJob((progress) => this.emit('printer:print_interrupted', { printerId: this.id, jobRef: job.req.jobRef, code, progress }), false);
    this.rejectOp(code, `the print was interrupted: ${code}`);
  }

  private endJob(report: (progress: PrintProgress) => void, finished: boolean): void {
    const job = this.job;
    if (!job) return;
    this.job = null;
    this.afterAck.clear();
    job.streamer.close();
    this.watchdog.setPrinting(false, this.clock.nowMs());
    this.clock.clearTimer(this.watchdogTimer);
    this.watchdogTimer = null;
    report(this.progress(job, finished));
    this.touch();
  }

  private progress(job: ActiveJob, finished: boolean): PrintProgress {
    const nowMs = this.clock.nowMs();
    return printProgress({
      jobRef: job.req.jobRef, fileName: job.req.fileName, bytesTotal: job.streamer.bytesTotal, mark: job.streamer.acked(),
      workingOffset: job.streamer.workingOffset(),
      startedAtMs: job.startedAtMs, nowMs, printingMs: this.printingMs(job, nowMs), ackedPrintingMs: job.ackedPrintingMs,
      paceStart: job.paceStart, timeline: job.timeline, finished,
    });
  }

  private printingMs(job: ActiveJob, nowMs: number): number {
    const pausedNowMs = job.pausedSinceMs === null ? 0 : nowMs - job.pausedSinceMs;
    return Math.max(0, nowMs - job.startedAtMs - job.pausedMs - pausedNowMs);
  }

  private resumeCommands(saved: SavedForResume, modes: MotionModes): string[] {
    const heat: string[] = [];
    const wait: string[] = [];
    if (saved.bedTargetC > 0) { heat.push(`M140 S${saved.bedTargetC}`); wait.push(`M190 S${saved.bedTargetC}`); }
    saved.hotendTargetsC.forEach((t, i) => {
      if (t <= 0) return;
      const tool = saved.hotendTargetsC.length > 1 ? ` T${i}` : '';
      heat.push(`M104${tool} S${t}`);
      wait.push(`M109${tool} S${t}`);
    });
    const { x, y, z, e } = saved.position;
    return [
      ...heat, ...wait,
      'G90', `G1 X${x} Y${y} F6000`, `G1 Z${z} F600`,
      ...this.link.profile.machine.scripts.resume,
      `G92 E${e}`,
      ...restoreModeCommands(modes),
    ];
  }

  /** Sends `lines` as system commands; `then` runs when the printer acknowledged the last one. */
  private runScript(lines: string[], then: () => void): void {
    if (lines.length === 0) { then(); return; }
    let last: Command | null = null;
    for (const text of lines) {
      last = { text, source: 'system' };
      this.link.send(last);
    }
    this.afterAck.set(last!, then);
  }

  // ---- safety ----

  private armWatchdog(): void {
    const atMs = this.watchdog.nextCheckAtMs();
    this.clock.clearTimer(this.watchdogTimer);
    this.watchdogTimer = atMs === null ? null : this.clock.setTimer(Math.max(0, atMs - this.clock.nowMs()), () => {
      this.watchdogTimer = null;
      this.handleAlarms(this.watchdog.check(this.clock.nowMs(), atMs));
      this.armWatchdog();
    });
  }

  private handleAlarms(alarms: SafetyAlarm[]): void {
    for (const a of alarms) {
      this.emit('printer:alarm', { printerId: this.id, code: a.code, message: a.message });
      if (this.link.profile.safety.emergencyStopOnAlarm) this.link.emergencyStop();
      else {
        this.link.dropQueued('job');
        for (const text of [BREAK_WAIT, ...this.link.profile.machine.scripts.end]) this.link.send({ text, source: 'system' });
      }
      this.halt(a.code, a.message);
    }
  }

  /** The printer must not go on by itself: the print fails and staff clear the error by reconnecting. */
  private halt(code: string, message: string): void {
    this.failJob(code, message);
    this.error = { code, message };
    this.transition('halted');
    this.touch();
  }

  // ---- plumbing ----

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.closedOnPurpose) return;
    const delays = this.reconnectDelaysMs;
    const delayMs = delays[Math.min(this.reconnectAttempt, delays.length - 1)];
    this.reconnectAttempt++;
    this.reconnectTimer = this.clock.setTimer(delayMs, () => {
      this.reconnectTimer = null;
      this.connect().catch(() => this.scheduleReconnect());
    });
  }

  private transition(event: ControllerEvent): boolean {
    const to = nextPrinterState(this.current, event);
    if (to === null) return false;
    const from = this.current;
    this.current = to;
    if (from !== to) {
      this.emit('printer:state_changed', { printerId: this.id, from, to });
      this.touch();
    }
    return true;
  }

  private waitForOp(): Promise<void> {
    return new Promise<void>((resolve, reject) => { this.pendingOp = { resolve, reject }; });
  }

  private settleOp(): void {
    const op = this.pendingOp;
    this.pendingOp = null;
    op?.resolve();
  }

  private rejectOp(code: string, message: string): void {
    const op = this.pendingOp;
    this.pendingOp = null;
    op?.reject(new AppError(code, message, 409));
  }

  private refuse(what: string): Promise<void> {
    return Promise.reject(new AppError('printer_state_refuses', `cannot ${what} while the printer is ${this.current}`, 409,
      { state: this.current, action: what }));
  }

  /** Something in the snapshot may have changed: push it at most STATUS_MAX_HZ, and only if it differs. */
  private touch(): void {
    if (this.statusTimer) return;
    const delayMs = pushDelayMs(this.lastPushMs, this.clock.nowMs(), STATUS_MAX_HZ);
    this.statusTimer = this.clock.setTimer(delayMs, () => {
      this.statusTimer = null;
      const s = this.status();
      if (!diffStatus(this.lastPushed, s)) return;
      this.lastPushed = s;
      this.lastPushMs = this.clock.nowMs();
      this.emit('printer:status', s);
    });
  }

  /** A listener that throws must not break the link's event loop (it runs inside the sender's callbacks). */
  private emit<K extends keyof PrinterEvents>(event: K, payload: PrinterEvents[K]): void {
    try { this.events.emit(event, payload); } catch (err) {
      console.error(`printer ${this.id}: a ${event} listener threw: ${(err as Error).message}`);
    }
  }
}
