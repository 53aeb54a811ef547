/**
 * The pure protocol engine of one printer link: inputs and the current time in, actions out.
 * No I/O, no timers, no clock reads — so a two-hour print runs in milliseconds on a SimClock and every
 * transcript test is exact.
 *
 * API (stable; see sender-types.ts for the types):
 *   const sender = new Sender(profile, { mode: 'buffered' });
 *   const actions = sender.handle(input, nowMs);   // perform writes in order, then events/faults
 *   sender.nextDeadlineMs();                        // call handle({kind:'tick'}, t) at this time (null: no timer)
 *   sender.queuedCount(source?) / inFlightCount() / lastAckedLine() / metrics() / linkState()
 *
 * Inputs: `opened` starts a session (blank line, `N0 M110 N0*125`, numbered `M115`, then `connected`);
 * `line` is one line from the firmware; `enqueue` queues a command (cleaned, numbered, checksummed —
 * every line, manual ones too); `emergency_stop` puts M112 (raw, then numbered) and heaters-off first
 * in the returned actions; `drop_queued` forgets a source's queued commands (lines already on the wire,
 * in flight or awaiting a resend, still complete: their numbers must stay contiguous); `tick` runs due
 * watchdogs; `closed` forgets everything.
 *
 * Outputs: `write` actions (text ends in `\n`), events (`acked` per acknowledged command with its rtt,
 * `response` for every parsed firmware line except bare `ok`s, `connected`, `resend`, `timeout`,
 * `advanced_ok_detected`, `refused`, `log`) and `fault`s. A fault ends the job: the Sender drops its
 * queued job lines itself; the shell marks the job failed and, when `fatal`, turns heaters off.
 */
import type { DialectProfile, FirmwareProfile } from '../profile-types.js';
import { planSession, type FirmwareInfo, type SessionPlan } from './capabilities.js';
import { isHeatWait, longCommandAllowanceMs } from './command-timing.js';
import { ErrorMerger } from './errors.js';
import { mayTransmit, windowBlock, type WindowBlock, type WindowView } from './flow-window.js';
import {
  cleanLine, commandCode, frame, isEmergencyParserCommand, isEmergencyStop,
} from './gcode-line.js';
import { canTransition, type LinkState } from './link-state.js';
import { parseResponse, type Response } from './responses.js';
import { SendQueues, type QueuedCommand } from './send-queue.js';
import type {
  Command, CommandSource, FaultCode, SenderAction, SenderEvent, SenderInput, SenderOptions,
} from './sender-types.js';

type LineRole = 'hello' | 'identify' | 'probe';

/** `blockedBy()`: a window rule, or the sender's own state. */
export type SendBlock = WindowBlock | 'idle' | 'not_ready' | 'resend_ok' | 'resend_settle';

interface SentLine {
  lineNumber: number;
  bytes: number;
  wire: string;
  command: Command;
  code: string | null;
  sentAtMs: number;
  /** Commands that cleaned to nothing (comments): acknowledged together with this line, in order. */
  followers: Command[];
  allowanceMs: number;
  heatWait: boolean;
  role?: LineRole;
}

export interface SenderMetrics {
  linesSent: number;
  bytesSent: number;
  linesAcked: number;
  resends: number;
  timeouts: number;
  /** The most recent round-trip times (send → ok), in no particular order: a copy, the reader may sort it. */
  rttSamplesMs: Float64Array;
}

const DEFAULT_OPTIONS = {
  resendOkTimeoutMs: 500,
  resendSettleMs: 100,
  maxConsecutiveTimeouts: 5,
  historyLines: 256,
  // Marlin's serial ring keeps one slot empty to tell full from empty: 127 of 128 bytes hold data. A
  // wider margin is not free: three dense-arc lines (~40 B) must fit to cover one ok's round trip.
  rxMarginBytes: 1,
} as const;

const RTT_SAMPLES_KEPT = 1024;
const HELLO = 'M110 N0';
/** Handshakes started again per opening when older lines' oks came during one (see resyncAfterOlderOks). */
const MAX_RESYNCS = 3;
const TEMPERATURE_POLL_KEY = 'temperature_poll';

export class Sender {
  private readonly dialect: DialectProfile;
  private readonly opts: Required<SenderOptions>;
  private state: LinkState = 'closed';
  private readonly queues = new SendQueues();
  /** Sent, not yet acknowledged, by ascending line number. */
  private inFlight: SentLine[] = [];
  /** Lines the firmware asked for again, waiting to go out with their original numbers. */
  private replay: SentLine[] = [];
  /** Recently acknowledged lines, for a resend request the firmware insists on. */
  private readonly history = new Map<number, SentLine>();
  private nextLineNumber = 0;
  private lastAcked = -1;
  private lastSent = -1;
  private identified = false;
  private firmware: FirmwareInfo | null = null;
  /**
   * Plain oks that came while M115 awaited its answer but before its report: each answers an older line
   * (left in the firmware's buffer by a previous session, or our hello already counted with a stray ok).
   */
  private oksBeforeIdentity = 0;
  /** Handshakes started again since the port opened because older lines' oks came during one. */
  private resyncs = 0;
  /**
   * M115s sent and FIRMWARE_NAME reports heard since the port opened. Lines run in order and each M115
   * gives one report, so the report that brings the two level answers our latest M115: everything sent
   * before it has run, and the next ok is that M115's.
   */
  private m115Sent = 0;
  private reportsHeard = 0;
  /** The last report heard answers our latest M115 (its Cap: lines follow it). */
  private reportIsOurs = false;
  private capabilities: Record<string, boolean> = {};
  private plan: SessionPlan | null = null;
  private advancedOk = false;
  private knownQueuedThrough = -1;
  /**
   * After a line error: bytes of the lines that were still unproven. The firmware emptied its RX
   * buffer, but whatever was still on the wire lands there afterwards and stays until its loop reads
   * it (a move waiting for the planner can hold that off for long). Counted until a line at or after
   * `staleBeforeLine` is proven read (queued per ADVANCED_OK, or acknowledged: RX is read in order), or
   * until nothing of ours is left to run.
   */
  private staleBytes = 0;
  private staleBeforeLine = -1;
  // Resend bookkeeping.
  private strayOkDueMs: number | null = null;
  private stragglerBudget = 0;
  private lastResendRequest: number | null = null;
  private consecutiveResends = 0;
  /**
   * An acknowledged line the firmware insisted on again, and how often, until a later line is
   * acknowledged: a firmware that runs a line and then asks for it again each time would otherwise loop
   * for ever, since every ok of that line restarts `consecutiveResends`.
   */
  private insisted: { lineNumber: number; times: number } | null = null;
  private implausibleResend: number | null = null;
  // Watchdogs.
  private lastRxMs = 0;
  private okWaitStartMs = 0;
  private okTimeouts = 0;
  private noDataTimeouts = 0;
  private nextPollMs: number | null = null;
  private readonly merger = new ErrorMerger();
  private readonly stats = { linesSent: 0, bytesSent: 0, linesAcked: 0, resends: 0, timeouts: 0 };
  /** A ring: the slot after the newest is overwritten once it is full, so no line pays for a shift. */
  private readonly rttSamples = new Float64Array(RTT_SAMPLES_KEPT);
  private rttCount = 0;
  private rttNext = 0;
  /** The next queued command framed with the next line number, kept while the window is full so each response does not frame it again. */
  private framedFor: QueuedCommand | null = null;
  private framedLineNumber = -1;
  private framedWire = '';
  private out: SenderAction[] = [];

  constructor(private readonly profile: FirmwareProfile, opts: SenderOptions) {
    this.dialect = profile.dialect;
    this.opts = { ...DEFAULT_OPTIONS, ...opts };
  }

  handle(input: SenderInput, nowMs: number): SenderAction[] {
    this.out = [];
    switch (input.kind) {
      case 'opened':
        this.resyncs = 0;
        this.m115Sent = 0;
        this.reportsHeard = 0;
        this.startSession(nowMs, false);
        break;
      case 'closed': this.close(); break;
      case 'line': this.onLine(input.text, nowMs); break;
      case 'enqueue': this.enqueue(input.command, nowMs); break;
      case 'emergency_stop': this.emergencyStop(nowMs); break;
      case 'drop_queued': this.queues.drop(input.source); break;
      case 'tick': break;
    }
    this.runDue(nowMs);
    this.pump(nowMs);
    return this.out;
  }

  nextDeadlineMs(): number | null {
    if (this.state === 'closed') return null;
    // Asked after every event: no arrays built here.
    let due = earliest(this.strayOkDueMs, this.okDeadlineMs());
    due = earliest(due, this.noDataDeadlineMs());
    due = earliest(due, this.settleDeadlineMs());
    return this.state === 'ready' ? earliest(due, this.nextPollMs) : due;
  }

  queuedCount(source?: CommandSource): number { return this.queues.count(source); }

  /** Lines on the wire: awaiting their ok, or awaiting a resend. */
  inFlightCount(): number { return this.inFlight.length + this.replay.length; }

  lastAckedLine(): number | null { return this.lastAcked >= 0 ? this.lastAcked : null; }

  linkState(): LinkState { return this.state; }

  isAdvancedOk(): boolean { return this.advancedOk; }

  firmwareInfo(): FirmwareInfo | null { return this.firmware; }

  metrics(): SenderMetrics { return { ...this.stats, rttSamplesMs: this.rttSamples.slice(0, this.rttCount) }; }

  /**
   * Why nothing more goes out right now, or null when the next line would be sent (or nothing is
   * queued: 'idle'). For the stream benchmark's account of idle wire time; the hot path never calls it.
   */
  blockedBy(): SendBlock | null {
    if (!this.isStreaming()) return 'not_ready';
    if (this.strayOkDueMs !== null) return 'resend_ok';
    if (this.replay.length > 0) {
      if (this.stragglerBudget > 0) return 'resend_settle';
      return windowBlock(this.windowView(), this.replay[0]!.bytes);
    }
    // pump() has already taken comment-only commands off the head.
    const next = this.queues.peek();
    if (!next) return 'idle';
    return windowBlock(this.windowView(), this.framedNext(next).length);
  }

  // ---- session ---------------------------------------------------------------------------------

  /** `keepIdentity`: a re-sync after a resend fault needs no new M115 (the firmware did not change). */
  private startSession(nowMs: number, keepIdentity: boolean): void {
    this.dropWire('the session restarted');
    this.history.clear();
    this.nextLineNumber = 0;
    this.lastAcked = -1;
    this.lastSent = -1;
    this.advancedOk = false;
    this.knownQueuedThrough = -1;
    this.staleBytes = 0;
    this.clearResendState();
    this.merger.interrupt();
    if (!keepIdentity) {
      this.identified = false;
      this.firmware = null;
      this.capabilities = {};
      this.plan = null;
      this.nextPollMs = null;
    }
    if (this.state === 'closed') { this.lastRxMs = nowMs; this.okTimeouts = 0; this.noDataTimeouts = 0; }
    this.setState('syncing');
    // A blank line ends whatever garbage the port held, so our first numbered line starts clean —
    // except on firmware that would answer it with an ok we could not place (Smoothie).
    if (!this.dialect.okOnBlankLines) this.write('\n', null, false);
    this.transmit({ command: { text: HELLO, source: 'system' }, text: HELLO }, nowMs, 'hello');
  }

  private close(): void {
    this.dropWire('the port closed');
    this.queues.drop();
    this.clearResendState();
    this.nextPollMs = null;
    this.setState('closed');
  }

  private onHelloAcked(nowMs: number): void {
    if (this.identified) { this.setState('ready'); return; }
    this.setState('identifying');
    this.firmware = null;
    this.capabilities = {};
    this.oksBeforeIdentity = 0;
    this.m115Sent++;
    this.transmit({ command: { text: 'M115', source: 'system' }, text: 'M115' }, nowMs, 'identify');
  }

  private onIdentityAcked(nowMs: number): void {
    // Our hello was counted with an older line's ok, so it may have run after M115 was read: Marlin then
    // takes N0 again and refuses our N2. The firmware has caught up now: shake hands once more.
    if (this.oksBeforeIdentity > 0 && this.resyncAfterOlderOks(nowMs, `${this.oksBeforeIdentity} ok(s) answered older lines during the handshake`)) return;
    this.onIdentified(nowMs);
  }

  /**
   * Starts the handshake again, up to MAX_RESYNCS times per opening (a firmware that adds an ok to every
   * handshake would otherwise loop for ever); returns false once they are spent, to go on as things are.
   */
  private resyncAfterOlderOks(nowMs: number, why: string): boolean {
    if (this.resyncs >= MAX_RESYNCS) {
      this.log('warn', `${why}; ${MAX_RESYNCS} handshakes already started again: going on`);
      return false;
    }
    this.resyncs++;
    this.log('warn', `${why}: syncing again`);
    this.startSession(nowMs, false);
    return true;
  }

  private onIdentified(nowMs: number): void {
    this.identified = true;
    this.plan = planSession(this.capabilities, this.dialect);
    this.setState('ready');
    this.emit({ kind: 'connected', firmwareName: this.firmware?.firmwareName ?? null, capabilities: { ...this.capabilities } });
    for (const text of this.plan.commands) this.queues.push({ command: { text, source: 'system' }, text });
    this.nextPollMs = this.plan.autoreportTemp ? null : nowMs;
  }

  private setState(to: LinkState): void {
    if (to === this.state) return;
    if (!canTransition(this.state, to)) {
      this.log('error', `link state ${this.state} → ${to} is not a valid transition`);
      return;
    }
    this.state = to;
  }

  private isStreaming(): boolean { return this.state === 'ready' || this.state === 'halted'; }

  // ---- outgoing --------------------------------------------------------------------------------

  private enqueue(command: Command, nowMs: number): void {
    if (isEmergencyStop(command.text)) { this.emergencyStop(nowMs); return; }
    const cleaned = cleanLine(command.text, { maxLineBytes: this.dialect.maxLineBytes });
    if (!cleaned.ok) {
      this.emit({ kind: 'refused', command, reason: cleaned.reason, message: cleaned.message });
      if (command.source === 'job') this.fault('line_refused', cleaned.message, false, cleaned.reason);
      return;
    }
    if (command.dedupeKey !== undefined && this.isPending(command.dedupeKey)) return;
    const queued: QueuedCommand = { command, text: cleaned.command };
    // Marlin's EMERGENCY_PARSER acts on these bytes on arrival; queued behind a blocking M109 they would be useless.
    if (cleaned.command !== '' && this.plan?.emergencyParser && isEmergencyParserCommand(cleaned.command) && this.isStreaming()) {
      this.transmit(queued, nowMs);
      return;
    }
    this.queues.push(queued);
  }

  private isPending(dedupeKey: string): boolean {
    return this.queues.hasDedupeKey(dedupeKey)
      || this.inFlight.some((l) => l.command.dedupeKey === dedupeKey)
      || this.replay.some((l) => l.command.dedupeKey === dedupeKey);
  }

  private emergencyStop(nowMs: number): void {
    // Raw first: it needs no line number, so it works even while the firmware waits for a resend.
    this.write('M112\n', null, false);
    this.queues.drop();
    this.replay = [];
    this.clearResendState();
    if (this.state === 'closed') return;
    this.transmit({ command: { text: 'M112', source: 'system' }, text: 'M112' }, nowMs);
    for (const text of this.heatersOffCommands()) this.transmit({ command: { text, source: 'system' }, text }, nowMs);
    this.setState('halted');
  }

  private heatersOffCommands(): string[] {
    const { extruders, heatedBed } = this.profile.machine;
    const out = extruders > 1 ? Array.from({ length: extruders }, (_, i) => `M104 T${i} S0`) : ['M104 S0'];
    if (heatedBed) out.push('M140 S0');
    return out;
  }

  /** Sends what the window allows: replayed lines first, then queued commands by priority. */
  private pump(nowMs: number): void {
    if (!this.isStreaming() || this.strayOkDueMs !== null) return;
    if (this.replay.length > 0) {
      const settleMs = this.settleDeadlineMs();
      if (settleMs !== null && nowMs < settleMs) return;
      this.stragglerBudget = 0;
      // Nothing of ours left to run and the settle's quiet passed: the firmware's loop was free to read
      // the stale bytes (each answered with an error, which would have broken the quiet).
      if (this.inFlight.length === 0) this.staleBytes = 0;
      while (this.replay.length > 0 && mayTransmit(this.windowView(), this.replay[0]!.bytes)) {
        this.retransmit(this.replay.shift()!, nowMs);
      }
      if (this.replay.length > 0) return;
    }
    for (;;) {
      const next = this.queues.peek();
      if (!next) return;
      if (next.text === '') { this.queues.shift(); this.attachFollower(next.command); continue; }
      const wire = this.framedNext(next);
      if (!mayTransmit(this.windowView(), wire.length)) return;
      this.queues.shift();
      this.transmit(next, nowMs, undefined, wire);
    }
  }

  private framedNext(next: QueuedCommand): string {
    if (this.framedFor !== next || this.framedLineNumber !== this.nextLineNumber) {
      this.framedFor = next;
      this.framedLineNumber = this.nextLineNumber;
      this.framedWire = `${frame(this.nextLineNumber, next.text)}\n`;
    }
    return this.framedWire;
  }

  private windowView(): WindowView {
    return {
      mode: this.opts.mode, dialect: this.dialect, advancedOk: this.advancedOk, inFlight: this.inFlight,
      knownQueuedThrough: this.knownQueuedThrough, rxMarginBytes: this.opts.rxMarginBytes, staleBytes: this.staleBytes,
    };
  }

  private transmit(queued: QueuedCommand, nowMs: number, role?: LineRole, framed?: string): void {
    const lineNumber = this.nextLineNumber++;
    const wire = framed ?? `${frame(lineNumber, queued.text)}\n`;
    const code = commandCode(queued.text);
    const line: SentLine = {
      lineNumber, bytes: wire.length, wire, command: queued.command, code,
      sentAtMs: nowMs, followers: [], allowanceMs: longCommandAllowanceMs(queued.text, code),
      heatWait: isHeatWait(queued.text, code), ...(role ? { role } : {}),
    };
    this.lastSent = lineNumber;
    this.putInFlight(line, nowMs);
    this.write(wire, lineNumber, false);
  }

  private retransmit(line: SentLine, nowMs: number): void {
    line.sentAtMs = nowMs;
    this.putInFlight(line, nowMs);
    this.write(line.wire, line.lineNumber, true);
  }

  private putInFlight(line: SentLine, nowMs: number): void {
    if (this.inFlight.length === 0) this.okWaitStartMs = nowMs;
    this.inFlight.push(line);
  }

  private write(text: string, lineNumber: number | null, resend: boolean): void {
    this.stats.bytesSent += text.length;
    if (lineNumber !== null) this.stats.linesSent++;
    this.out.push({ kind: 'write', text, lineNumber, resend });
  }

  /** A comment-only command is acknowledged with the line before it, so the shell's file mark stays in order. */
  private attachFollower(command: Command): void {
    const last = this.replay.at(-1) ?? this.inFlight.at(-1);
    if (last) last.followers.push(command);
    else this.emit({ kind: 'acked', command, lineNumber: null, rttMs: 0 });
  }

  private sendProbe(nowMs: number): void {
    // A numbered M105 surfaces a lost line: the firmware answers a gap with a resend request. Even if a
    // flushed tail of it ran, M105 only reports temperatures.
    this.transmit({ command: { text: 'M105', source: 'system' }, text: 'M105' }, nowMs, 'probe');
  }

  // ---- incoming --------------------------------------------------------------------------------

  private onLine(text: string, nowMs: number): void {
    if (this.state === 'closed') return;
    this.lastRxMs = nowMs;
    this.noDataTimeouts = 0;
    const response = parseResponse(text);
    if (this.strayOkDueMs !== null) {
      this.strayOkDueMs = null;
      if (this.isStrayOk(response)) return;
    }
    if (response.kind !== 'error') this.merger.interrupt();
    switch (response.kind) {
      case 'ok': this.onOk(response, nowMs); return;
      case 'resend': this.emitResponse(response); this.onResend(response.lineNumber, nowMs); return;
      case 'skip':
        this.emitResponse(response);
        // Repetier answers each stray line after a resend with `skip n` + ok; that ok acknowledges nothing.
        this.expectStrayOk(nowMs);
        return;
      case 'start': this.emitResponse(response); this.onStart(nowMs); return;
      case 'error': this.emitResponse(response); this.onError(response, nowMs); return;
      case 'busy':
        this.okWaitStartMs = nowMs;
        this.okTimeouts = 0;
        break;
      case 'temperature':
        if (this.inFlight.some((l) => l.heatWait)) { this.okWaitStartMs = nowMs; this.okTimeouts = 0; }
        break;
      case 'firmware_info': this.onReport(response.info); break;
      case 'capability': if (this.reportIsOurs) this.capabilities[response.name] = response.enabled; break;
      default: break;
    }
    this.emitResponse(response);
  }

  /**
   * The plain `ok` a firmware prints right after `Resend:`/`skip`, or after refusing a line that was not
   * ours whole: it belongs to the rejected or foreign line and acknowledges nothing.
   */
  private isStrayOk(r: Response): boolean {
    if (r.kind !== 'ok' || r.payload !== null) return false;
    return r.lineNumber === null || !this.inFlight.some((l) => l.lineNumber === r.lineNumber);
  }

  /**
   * An M115 of ours that will never be answered (the board reset, refused the line, or it was lost) must
   * not hold the count back: later reports would each be taken for the one before.
   */
  private forgetUnansweredM115(): void {
    this.reportsHeard = this.m115Sent;
  }

  /** An M115 report: during the handshake only the answer to our latest M115 counts (see m115Sent). */
  private onReport(info: FirmwareInfo): void {
    const awaited = this.reportsHeard < this.m115Sent;
    if (awaited) this.reportsHeard++;
    // While shaking hands, a report none of our M115s awaits answers someone else's (a baud-rate probe, a
    // killed session), and one that leaves a later M115 of ours awaiting answers an older one.
    const handshaking = this.state === 'syncing' || this.state === 'identifying';
    this.reportIsOurs = !handshaking || (awaited && this.state === 'identifying' && this.reportsHeard === this.m115Sent);
    if (this.reportIsOurs) this.firmware = info;
  }

  private expectStrayOk(nowMs: number): void {
    const waitMs = this.dialect.okAfterResend ? this.dialect.okTimeoutMs : this.opts.resendOkTimeoutMs;
    this.strayOkDueMs = nowMs + waitMs;
  }

  private onOk(r: Extract<Response, { kind: 'ok' }>, nowMs: number): void {
    if (r.payload?.kind === 'firmware_info') this.onReport(r.payload.info);
    // `ok T:…` / `ok FIRMWARE_NAME:…`: listeners see the payload as the temperature or firmware report it is.
    if (r.payload) this.emitResponse(r.payload);
    if (r.plannerFree !== null && r.bufferFree !== null && !this.advancedOk) {
      this.advancedOk = true;
      this.emit({ kind: 'advanced_ok_detected' });
    }
    if (r.lineNumber !== null) {
      if (!this.inFlight.some((l) => l.lineNumber === r.lineNumber)) {
        this.log('warn', `ok for line ${r.lineNumber}, which is not awaiting an ok: ignored`);
        return;
      }
      if (r.bufferFree !== null) this.noteQueued(r.lineNumber, r.bufferFree);
      this.retireThrough(r.lineNumber, nowMs);
      return;
    }
    if (this.advancedOk && r.plannerFree !== null) {
      // Every line we send is numbered, so an ADVANCED_OK reply without N answers a command we did not send whole.
      this.log('warn', `ok without a line number (${r.raw}): an unnumbered command ran (flushed line tail?)`);
      return;
    }
    const head = this.inFlight[0];
    if (!head) {
      this.log('warn', `unexpected ok with nothing awaiting one: ${r.raw}`);
      return;
    }
    // Every firmware reports FIRMWARE_NAME before M115's ok, so an ok before the report is an older line's.
    // Counting it would shift every later acknowledgement by one.
    if (head.role === 'identify' && this.reportsHeard < this.m115Sent) {
      this.oksBeforeIdentity++;
      this.log('warn', `ok before the M115 report (${r.raw}): it answers an older line, not counted`);
      return;
    }
    // M105's `ok T:…` names its own command, so a lost ok of an earlier line cannot shift the count, and
    // with no M105 awaiting one a stray ok took its place: not counting this one puts the count right.
    if (r.payload?.kind === 'temperature') {
      const poll = this.inFlight.find((l) => l.code === 'M105');
      if (!poll) {
        this.log('warn', `M105's answer came with no M105 awaiting one (${r.raw}): a stray ok was counted for it, not counting this one`);
        return;
      }
      this.retireThrough(poll.lineNumber, nowMs);
      return;
    }
    this.retireThrough(head.lineNumber, nowMs);
  }

  /** ADVANCED_OK: `ok N<x> … B<b>` — the queue holds BUFSIZE−b commands starting at x. */
  private noteQueued(lineNumber: number, bufferFree: number): void {
    const queued = Math.max(1, this.dialect.commandBufferLines - bufferFree);
    const through = Math.min(lineNumber + queued - 1, this.lastSent);
    this.knownQueuedThrough = Math.max(this.knownQueuedThrough, through);
    if (through >= this.staleBeforeLine) this.staleBytes = 0;
  }

  private retireThrough(lineNumber: number, nowMs: number): void {
    while (this.inFlight.length > 0 && this.inFlight[0]!.lineNumber <= lineNumber) {
      const line = this.inFlight.shift()!;
      this.retire(line, nowMs);
      // The handshake's next line, or a handshake started again, numbers from there: not this ok's lines.
      if (line.role === 'hello' || line.role === 'identify') return;
    }
  }

  private retire(line: SentLine, nowMs: number): void {
    this.lastAcked = Math.max(this.lastAcked, line.lineNumber);
    // RX is read in order: this line was resent after the stale bytes arrived, so they have been read.
    if (line.lineNumber >= this.staleBeforeLine) this.staleBytes = 0;
    this.history.set(line.lineNumber, line);
    if (this.history.size > this.opts.historyLines) this.history.delete(this.history.keys().next().value!);
    const rttMs = nowMs - line.sentAtMs;
    this.stats.linesAcked++;
    this.rttSamples[this.rttNext] = rttMs;
    this.rttNext = (this.rttNext + 1) % RTT_SAMPLES_KEPT;
    if (this.rttCount < RTT_SAMPLES_KEPT) this.rttCount++;
    this.okWaitStartMs = nowMs;
    this.okTimeouts = 0;
    this.implausibleResend = null;
    if (this.lastResendRequest === line.lineNumber) { this.lastResendRequest = null; this.consecutiveResends = 0; }
    if (this.insisted && line.lineNumber > this.insisted.lineNumber) this.insisted = null;
    this.emit({ kind: 'acked', command: line.command, lineNumber: line.lineNumber, rttMs });
    for (const f of line.followers) this.emit({ kind: 'acked', command: f, lineNumber: null, rttMs });
    if (line.role === 'hello' && this.state === 'syncing') this.onHelloAcked(nowMs);
    else if (line.role === 'identify' && this.state === 'identifying') this.onIdentityAcked(nowMs);
  }

  private onResend(n: number, nowMs: number): void {
    this.handleResend(n, nowMs);
    // Whatever we did about it, the ok printed right after the request belongs to the rejected line.
    this.expectStrayOk(nowMs);
  }

  private handleResend(n: number, nowMs: number): void {
    if (this.state === 'syncing' || this.state === 'identifying') {
      // Left over from before our M110 (or garbage merged into it): start the handshake again. The line
      // refused may have been our M115.
      this.log('warn', `resend request for line ${n} during the handshake: syncing again`);
      this.forgetUnansweredM115();
      this.startSession(nowMs, this.identified);
      return;
    }
    if (!this.dialect.checksLineNumbers) { this.onLineLost(n); return; }
    const lowest = this.lastAcked + 1;
    const highest = this.lastSent + 1;
    if (n < lowest || n > highest) { this.onImplausibleResend(n, nowMs); return; }
    if (n === highest) {
      this.log('info', `resend request for line ${n}, which was not sent yet: nothing to resend`);
      return;
    }
    if (this.lastResendRequest === n && this.stragglerBudget > 0) {
      // Marlin answers each line that was still arriving during its flush with the same request.
      this.stragglerBudget--;
      return;
    }
    this.requestReplay(n, nowMs);
  }

  private requestReplay(n: number, nowMs: number): void {
    this.implausibleResend = null;
    this.consecutiveResends = this.lastResendRequest === n ? this.consecutiveResends + 1 : 1;
    this.lastResendRequest = n;
    this.stats.resends++;
    this.emit({ kind: 'resend', lineNumber: n });
    if (this.consecutiveResends >= this.dialect.maxConsecutiveResends) {
      this.failAndResync('resend_loop', `the printer asked for line ${n} ${this.consecutiveResends} times in a row`, nowMs);
      return;
    }
    // Rebuild from the number, never from counting oks: after a flush the extra oks of a burst acknowledge nothing.
    const moved = this.inFlight.filter((l) => l.lineNumber >= n);
    this.inFlight = this.inFlight.filter((l) => l.lineNumber < n);
    this.stragglerBudget = moved.filter((l) => l.lineNumber > n).length;
    const byNumber = new Map<number, SentLine>();
    for (const l of [...moved, ...this.replay]) byNumber.set(l.lineNumber, l);
    this.replay = [...byNumber.values()].sort((a, b) => a.lineNumber - b.lineNumber);
    // The rejected line itself was read; lines after it may still be arriving when the RX is emptied.
    for (const l of moved) if (l.lineNumber > n && l.lineNumber > this.knownQueuedThrough) this.staleBytes += l.bytes;
    this.staleBeforeLine = n;
    this.knownQueuedThrough = Math.min(this.knownQueuedThrough, n - 1);
    if (this.inFlight.length === 0) this.okWaitStartMs = nowMs;
  }

  /**
   * A number outside lastAcked+1 … lastSent+1 is most likely garbled on the way (OctoPrint #4671:
   * `Resend: 034497` for 134497): ignore it once and probe; the probe makes a real request come again.
   * If the firmware insists on a line it already acknowledged and we still have it, we replay it;
   * older than our history, the job cannot continue.
   */
  private onImplausibleResend(n: number, nowMs: number): void {
    if (this.implausibleResend !== n) {
      this.implausibleResend = n;
      this.log('warn', `ignoring implausible resend request for line ${n} (expected ${this.lastAcked + 1}…${this.lastSent + 1}); probing`);
      this.sendProbe(nowMs);
      return;
    }
    this.implausibleResend = null;
    // History holds consecutive numbers up to lastAcked, so holding n means holding n…lastAcked.
    const known = n <= this.lastAcked && this.history.has(n);
    if (!known) {
      this.failAndResync('resend_out_of_history', `the printer insists on line ${n}, which is not among the lines kept (last acknowledged ${this.lastAcked})`, nowMs);
      return;
    }
    this.insisted = this.insisted?.lineNumber === n ? { lineNumber: n, times: this.insisted.times + 1 } : { lineNumber: n, times: 1 };
    if (this.insisted.times >= this.dialect.maxConsecutiveResends) {
      this.failAndResync('resend_loop', `the printer ran line ${n} and asked for it again ${this.insisted.times} times`, nowMs);
      return;
    }
    this.log('warn', `the printer insists on line ${n}, already acknowledged: resending from there`);
    const again = [...Array(this.lastAcked - n + 1).keys()].map((i) => this.history.get(n + i)!);
    for (const l of again) { this.history.delete(l.lineNumber); l.followers = []; }
    this.replay = [...again, ...this.inFlight, ...this.replay].sort((a, b) => a.lineNumber - b.lineNumber);
    this.inFlight = [];
    this.lastAcked = n - 1;
    this.lastResendRequest = n;
    this.consecutiveResends = 1;
    this.stats.resends++;
    this.emit({ kind: 'resend', lineNumber: n });
  }

  /** Klipper and RRF do not check numbers: a resent line could run twice, so a lost line ends the job. */
  private onLineLost(n: number): void {
    const lost = this.inFlight.filter((l) => l.lineNumber >= n);
    this.inFlight = this.inFlight.filter((l) => l.lineNumber < n);
    const message = `the printer did not take line ${n}, and this firmware cannot be trusted with a resend`;
    if (lost.some((l) => l.command.source === 'job')) this.fault('line_lost', message, false);
    else this.log('warn', message);
  }

  private onStart(nowMs: number): void {
    const jobOnWire = [...this.inFlight, ...this.replay].some((l) => l.command.source === 'job') || this.queues.count('job') > 0;
    if (this.state === 'ready' && jobOnWire) {
      this.fault('printer_reset', 'the printer restarted (it printed `start`) during a print', true);
    } else if (this.state !== 'syncing') {
      this.log('warn', 'the printer restarted (it printed `start`): syncing again');
    }
    // A reset forgets every line it had.
    this.forgetUnansweredM115();
    this.startSession(nowMs, false);
  }

  private onError(r: Extract<Response, { kind: 'error' }>, nowMs: number): void {
    const merged = this.merger.push(r.raw, { errorClass: r.errorClass, reason: r.reason });
    if (merged.continues && merged.openerClass === 'fatal') {
      this.log('error', `firmware error (continued): ${merged.text}`);
      return;
    }
    switch (merged.errorClass) {
      case 'fatal':
        if (this.state === 'halted') { this.log('error', `firmware error: ${merged.text}`); return; }
        this.fault('firmware_halted', merged.text, true, merged.reason);
        this.setState('halted');
        return;
      case 'nonfatal':
        if (merged.reason === 'unknown_command' && this.isForeignCommand(r.text)) {
          // A line whose `N` was damaged runs as an unnumbered command (`Unknown command: "L119 G1 …"`);
          // counting its ok would acknowledge our line, which the firmware never took. A probe now makes
          // the gap show as a resend request instead of after a whole ok timeout.
          this.log('warn', `the firmware refused a command we did not send whole: ${merged.text}`);
          this.expectStrayOk(nowMs);
          if (this.dialect.checksLineNumbers) this.sendProbe(nowMs);
          return;
        }
        this.log('warn', `firmware error (${merged.reason}), continuing: ${merged.text}`);
        return;
      case 'recoverable':
        this.log('info', `line rejected (${merged.reason}), a resend request follows: ${merged.text}`);
        return;
      case 'command_failed':
        this.fault('command_failed', merged.text, false, merged.reason);
        return;
    }
  }

  /** Marlin quotes the command as it parsed it, without `N…` and `*cs`: ours would match our cleaned text. */
  private isForeignCommand(errorText: string): boolean {
    const quoted = /unknown command:\s*"(.*)"/i.exec(errorText);
    const head = this.inFlight[0];
    if (!quoted || !head) return false;
    const norm = (t: string) => t.replace(/\s+/g, ' ').trim().toUpperCase();
    return norm(quoted[1]!) !== norm(head.wire.replace(/^N\d+ /, '').replace(/\*\d+\n$/, ''));
  }

  // ---- watchdogs -------------------------------------------------------------------------------

  private okDeadlineMs(): number | null {
    if (this.state === 'closed' || this.state === 'halted' || this.inFlight.length === 0) return null;
    return this.okWaitStartMs + this.dialect.okTimeoutMs + this.allowanceMs();
  }

  private noDataDeadlineMs(): number | null {
    if (this.state !== 'ready') return null;
    return this.lastRxMs + this.dialect.noDataTimeoutMs + this.allowanceMs();
  }

  private settleDeadlineMs(): number | null {
    // While the stray ok is awaited the settle cannot act: a deadline then would tick in place.
    if (this.replay.length === 0 || this.stragglerBudget === 0 || this.strayOkDueMs !== null) return null;
    return this.lastRxMs + this.opts.resendSettleMs;
  }

  private allowanceMs(): number {
    let max = 0;
    for (const l of this.inFlight) if (l.allowanceMs > max) max = l.allowanceMs;
    return max;
  }

  private runDue(nowMs: number): void {
    if (this.strayOkDueMs !== null && nowMs >= this.strayOkDueMs) this.strayOkDueMs = null;
    const okDue = this.okDeadlineMs();
    if (okDue !== null && nowMs >= okDue) this.onOkTimeout(nowMs);
    const dataDue = this.noDataDeadlineMs();
    if (dataDue !== null && nowMs >= dataDue) this.onNoData(nowMs);
    if (this.state === 'ready' && this.nextPollMs !== null && nowMs >= this.nextPollMs) {
      this.nextPollMs = nowMs + this.dialect.temperaturePollIntervalMs;
      this.enqueue({ text: 'M105', source: 'poll', dedupeKey: TEMPERATURE_POLL_KEY }, nowMs);
    }
  }

  private onOkTimeout(nowMs: number): void {
    this.okWaitStartMs = nowMs;
    if (this.countTimeout('ok', ++this.okTimeouts)) return;
    const head = this.inFlight[0];
    if (this.state === 'identifying' && head?.role === 'identify' && this.oksBeforeIdentity > 0) {
      // A bare ok, then nothing: an older line may still be running (a leftover G28), or the firmware has
      // no report. Try again; once the tries are spent, connect without one.
      if (this.resyncAfterOlderOks(nowMs, 'M115 was answered by a bare ok and nothing more')) return;
      this.log('warn', 'M115 was answered without a FIRMWARE_NAME report: connecting without one');
      this.retireThrough(head.lineNumber, nowMs);
      return;
    }
    if (this.state === 'syncing' || this.state === 'identifying') {
      // No ok at all for the ok timeout. With no older line's ok seen since the port opened, our M115 (if
      // it went out) was lost; with them, a leftover line may still be running, and M115 answers later.
      if (this.resyncs === 0 && this.oksBeforeIdentity === 0) this.forgetUnansweredM115();
      this.startSession(nowMs, this.identified);
      return;
    }
    // Without line numbers a probe's ok would be counted for the lost line: wait, then fail cleanly.
    if (this.dialect.checksLineNumbers) this.sendProbe(nowMs);
  }

  private onNoData(nowMs: number): void {
    this.lastRxMs = nowMs;
    if (this.countTimeout('no_data', ++this.noDataTimeouts)) return;
    // With lines in flight the ok watchdog probes already; a second probe would only add noise.
    if (this.inFlight.length === 0) this.sendProbe(nowMs);
  }

  /** Reports one timeout; past the upper bound the printer is declared dead (returns true). */
  private countTimeout(what: 'ok' | 'no_data', consecutive: number): boolean {
    this.stats.timeouts++;
    this.emit({ kind: 'timeout', what });
    if (consecutive <= this.opts.maxConsecutiveTimeouts) return false;
    this.fault('no_response', `no answer from the printer after ${consecutive} consecutive timeouts`, true);
    this.setState('halted');
    return true;
  }

  // ---- faults ----------------------------------------------------------------------------------

  private fault(code: FaultCode, message: string, fatal: boolean, reason?: string): void {
    this.queues.drop('job');
    this.replay = this.replay.filter((l) => l.command.source !== 'job');
    this.out.push({ kind: 'fault', code, message, fatal, ...(reason !== undefined ? { reason } : {}) });
  }

  /** After a resend fault the firmware still expects an old number: M110 puts both sides back at 0. */
  private failAndResync(code: FaultCode, message: string, nowMs: number): void {
    this.fault(code, message, true);
    this.startSession(nowMs, true);
  }

  private dropWire(why: string): void {
    const lost = this.inFlight.length + this.replay.length;
    if (lost > 0 && this.state !== 'syncing' && this.state !== 'identifying') {
      this.log('warn', `${lost} line(s) awaiting an ok were abandoned: ${why}`);
    }
    this.inFlight = [];
    this.replay = [];
  }

  private clearResendState(): void {
    this.strayOkDueMs = null;
    this.stragglerBudget = 0;
    this.lastResendRequest = null;
    this.consecutiveResends = 0;
    this.implausibleResend = null;
    this.insisted = null;
  }

  // ---- events ----------------------------------------------------------------------------------

  private emit(event: SenderEvent): void {
    this.out.push({ kind: 'event', event });
  }

  private emitResponse(response: Response): void {
    this.emit({ kind: 'response', response });
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.emit({ kind: 'log', level, message });
  }
}

function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null || a <= b ? a : b;
}
