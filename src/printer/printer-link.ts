/**
 * The imperative shell around the pure Sender: transport lines and clock ticks go in, the actions that
 * come back are performed here (writes, events, faults). It owns exactly one timer, re-armed at
 * `sender.nextDeadlineMs()`, so every watchdog of the protocol lives in the Sender and runs the same on
 * a SimClock and on wall time.
 *
 * Reconnection policy (agreed with printer-controller.ts): the link never retries by itself. After a
 * `disconnected` event the controller decides — it marks the job `interrupted` and calls `connect()`
 * again on this same link (the transport re-opens, the Sender starts a fresh session with M110) with
 * its own backoff. A link that is closed on purpose (`close()`) emits no `disconnected`.
 *
 * What the link needs of sender.ts: `new Sender(profile, { mode })`, `handle(input, nowMs): SenderAction[]`,
 * `nextDeadlineMs(): number | null`, `queuedCount(source?)`, `inFlightCount()`.
 */
import type { Clock, TimerHandle } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { LinkRates } from './link-metrics.js';
import type { LinkMetrics, SerialLogEntry } from './printer-types.js';
import type { FirmwareProfile, StreamMode } from './profile-types.js';
import type { Response } from './protocol/responses.js';
import { Sender, type SendBlock } from './protocol/sender.js';
import type { LineRefusal } from './protocol/gcode-line.js';
import type { Command, CommandSource, FaultCode, SenderAction, SenderEvent, SenderInput } from './protocol/sender-types.js';
import { SerialLog } from './serial-log.js';
import type { Transport } from './transport/transport.js';
import { LinkListeners, type LinkListener } from './link-listeners.js';

export interface PrinterLinkOptions {
  transport: Transport;
  profile: FirmwareProfile;
  clock: Clock;
  /** Defaults to the profile's `dialect.defaultMode`. */
  mode?: StreamMode;
  serialLogEntries?: number;
}

export interface LinkConnected { firmwareName: string | null; capabilities: Record<string, boolean> }
/** `reason`: the error table's code for firmware errors (`thermal_runaway`…) or the refusal code. */
export interface LinkFault { code: FaultCode; message: string; fatal: boolean; reason?: string }

export interface PrinterLinkEvents {
  connected: LinkConnected;
  acked: { command: Command; lineNumber: number | null; rttMs: number };
  response: Response;
  /** A command that cannot be sent as written (`line_too_long`…); nothing of it went out. */
  refused: { command: Command; reason: LineRefusal; message: string };
  fault: LinkFault;
  disconnected: { reason: string };
  log: { level: 'info' | 'warn' | 'error'; message: string };
}

interface PendingConnect {
  resolve: (info: LinkConnected) => void;
  reject: (err: AppError) => void;
  timer: TimerHandle | null;
}

export class PrinterLink {
  readonly profile: FirmwareProfile;
  readonly mode: StreamMode;
  private readonly transport: Transport;
  private readonly clock: Clock;
  private readonly sender: Sender;
  private readonly log: SerialLog;
  private readonly rates = new LinkRates();
  private readonly listeners = new LinkListeners();
  private timer: TimerHandle | null = null;
  private timerAtMs: number | null = null;
  private pending: PendingConnect | null = null;
  private operational = false;
  private connectedInfo: LinkConnected | null = null;

  constructor(opts: PrinterLinkOptions) {
    this.transport = opts.transport;
    this.profile = opts.profile;
    this.clock = opts.clock;
    this.mode = opts.mode ?? opts.profile.dialect.defaultMode;
    this.sender = new Sender(this.profile, { mode: this.mode });
    this.log = new SerialLog(opts.serialLogEntries);
    this.transport.on('line', this.onLine);
    this.transport.on('disconnected', this.onDisconnected);
  }

  /**
   * Opens the transport and resolves once the firmware is operational (after M110/M115, whether or
   * not the board printed `start`). Rejects with an AppError: `port_open_failed`, the Sender's fault
   * code (e.g. `no_response`), `link_disconnected`, or `connect_timeout` when `timeoutMs` passes first.
   */
  async connect(opts: { timeoutMs?: number } = {}): Promise<LinkConnected> {
    if (this.pending) throw new AppError('link_busy', 'connect() is already in progress', 409);
    if (this.transport.isOpen()) await this.transport.close();
    this.operational = false;
    this.connectedInfo = null;
    try {
      await this.transport.open();
    } catch (err) {
      throw new AppError('port_open_failed', `${this.transport.description}: ${(err as Error).message}`, 503,
        { port: this.transport.description });
    }
    this.note(`opened ${this.transport.description}`);
    const done = new Promise<LinkConnected>((resolve, reject) => {
      const timer = opts.timeoutMs === undefined ? null : this.clock.setTimer(opts.timeoutMs, () => {
        this.failConnect(new AppError('connect_timeout',
          `${this.transport.description}: the printer did not answer within ${opts.timeoutMs} ms`, 504));
      });
      this.pending = { resolve, reject, timer };
    });
    this.feed({ kind: 'opened' });
    return done;
  }

  isOperational(): boolean { return this.operational; }

  /** What M115 said at the last successful connect, or null before that. */
  firmware(): LinkConnected | null { return this.connectedInfo; }

  send(command: Command): void {
    this.feed({ kind: 'enqueue', command });
  }

  /** Writes M112 (raw and numbered) and heaters off synchronously, ahead of everything queued. */
  emergencyStop(): void {
    this.note('emergency stop requested', 'emergency_stop');
    this.feed({ kind: 'emergency_stop' });
  }

  dropQueued(source: CommandSource): void {
    this.feed({ kind: 'drop_queued', source });
  }

  queuedCount(source?: CommandSource): number { return this.sender.queuedCount(source); }

  inFlightCount(): number { return this.sender.inFlightCount(); }

  /** Why the next line is not on its way (null: it would be); see Sender.blockedBy. */
  sendBlockedBy(): SendBlock | null { return this.sender.blockedBy(); }

  metrics(): LinkMetrics { return this.rates.snapshot(this.clock.nowMs(), this.sender.metrics()); }

  serialLog(limit?: number): SerialLogEntry[] { return this.log.entries(limit); }

  /** Closes the port on purpose; no `disconnected` event follows. */
  async close(): Promise<void> {
    this.failConnect(new AppError('link_closed', 'the link was closed while connecting', 503));
    if (this.operational || this.transport.isOpen()) this.feed({ kind: 'closed' });
    this.operational = false;
    this.disarm();
    await this.transport.close();
    this.note('closed');
  }

  on<K extends keyof PrinterLinkEvents>(event: K, fn: LinkListener<K>): void {
    this.listeners.on(event, fn);
  }

  off<K extends keyof PrinterLinkEvents>(event: K, fn: LinkListener<K>): void {
    this.listeners.off(event, fn);
  }

  private emit<K extends keyof PrinterLinkEvents>(event: K, payload: PrinterLinkEvents[K]): void {
    this.listeners.emit(event, payload);
  }

  private readonly onLine = (text: string): void => {
    this.log.add({ atMs: this.clock.nowMs(), direction: 'received', text });
    this.feed({ kind: 'line', text });
  };

  private readonly onDisconnected = (reason: string): void => {
    this.note(`disconnected: ${reason}`, 'disconnected');
    const connecting = this.pending !== null;
    this.operational = false;
    this.feed({ kind: 'closed' });
    this.disarm();
    // While connecting, the rejected connect() promise is the one report; a second one would start the controller's reconnect loop twice.
    this.failConnect(new AppError('link_disconnected', `${this.transport.description}: ${reason}`, 503, { reason }));
    if (!connecting) this.emit('disconnected', { reason });
  };

  private feed(input: SenderInput): void {
    const nowMs = this.clock.nowMs();
    this.perform(this.sender.handle(input, nowMs), nowMs);
    this.rearm();
  }

  private perform(actions: SenderAction[], nowMs: number): void {
    let out = '';
    for (const a of actions) {
      switch (a.kind) {
        case 'write':
          out += a.text;
          this.rates.wrote(nowMs, a.text.length);
          this.log.add({ atMs: nowMs, direction: 'sent', text: a.text.trimEnd(), ...(a.resend ? { mark: 'resend' } : {}) });
          break;
        case 'event':
          // Writes gathered so far go out before listeners run: a listener may enqueue, and order on the wire must follow order of actions.
          if (out) { this.transport.write(out); out = ''; }
          this.onSenderEvent(a.event, nowMs);
          break;
        case 'fault':
          if (out) { this.transport.write(out); out = ''; }
          this.onFault({ code: a.code, message: a.message, fatal: a.fatal, ...(a.reason ? { reason: a.reason } : {}) }, nowMs);
          break;
      }
    }
    if (out && this.transport.isOpen()) this.transport.write(out);
  }

  private onSenderEvent(event: SenderEvent, nowMs: number): void {
    switch (event.kind) {
      case 'connected': {
        const info = { firmwareName: event.firmwareName, capabilities: event.capabilities };
        this.operational = true;
        this.connectedInfo = info;
        this.note(`operational: ${event.firmwareName ?? 'unknown firmware'}`);
        const p = this.pending;
        this.pending = null;
        if (p) { this.clock.clearTimer(p.timer); p.resolve(info); }
        this.emit('connected', info);
        break;
      }
      case 'acked':
        this.rates.acked(nowMs);
        this.emit('acked', { command: event.command, lineNumber: event.lineNumber, rttMs: event.rttMs });
        break;
      case 'response':
        this.emit('response', event.response);
        break;
      case 'resend':
        this.note(`resend requested from line ${event.lineNumber}`, 'resend');
        break;
      case 'timeout':
        this.note(`timeout: no ${event.what === 'ok' ? 'ok' : 'data'}`, 'timeout');
        break;
      case 'advanced_ok_detected':
        this.note('ADVANCED_OK detected: buffered mode follows the firmware\'s free slots');
        break;
      case 'refused':
        this.log.add({ atMs: nowMs, direction: 'note', text: `refused ${event.command.text}: ${event.message}`, mark: 'refused' });
        this.emit('refused', { command: event.command, reason: event.reason, message: event.message });
        break;
      case 'log':
        this.emit('log', { level: event.level, message: event.message });
        break;
    }
  }

  private onFault(fault: LinkFault, nowMs: number): void {
    this.log.add({ atMs: nowMs, direction: 'note', text: `${fault.code}: ${fault.message}`, mark: 'fault' });
    // Heaters off after a fatal fault, wherever the firmware still listens: the profile's script says how.
    if (fault.fatal && this.transport.isOpen()) {
      for (const text of this.profile.machine.scripts.emergencyAfter) this.send({ text, source: 'system' });
    }
    this.failConnect(new AppError(fault.code, fault.message, 502, { fatal: fault.fatal }));
    this.emit('fault', fault);
  }

  private failConnect(err: AppError): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    this.clock.clearTimer(p.timer);
    p.reject(err);
  }

  private note(text: string, mark?: string): void {
    this.log.add({ atMs: this.clock.nowMs(), direction: 'note', text, ...(mark ? { mark } : {}) });
  }

  private rearm(): void {
    const atMs = this.transport.isOpen() ? this.sender.nextDeadlineMs() : null;
    if (atMs === this.timerAtMs) return;
    this.disarm();
    if (atMs === null) return;
    this.timerAtMs = atMs;
    this.timer = this.clock.setTimer(Math.max(0, atMs - this.clock.nowMs()), () => {
      this.timer = null;
      this.timerAtMs = null;
      this.feed({ kind: 'tick' });
    });
  }

  private disarm(): void {
    this.clock.clearTimer(this.timer);
    this.timer = null;
    this.timerAtMs = null;
  }
}
