import { planSession } from './capabilities.js';
import { isHeatWait, longCommandAllowanceMs } from './command-timing.js';
import { ErrorMerger } from './errors.js';
import { mayTransmit } from './flow-window.js';
import { cleanLine, commandCode, frame, isEmergencyParserCommand, isEmergencyStop, } from './gcode-line.js';
import { canTransition } from './link-state.js';
import { parseResponse } from './responses.js';
import { SendQueues } from './send-queue.js';
const DEFAULT_OPTIONS = {
    resendOkTimeoutMs: 500,
    resendSettleMs: 100,
    maxConsecutiveTimeouts: 5,
    historyLines: 256,
    rxMarginBytes: 8,
};
const RTT_SAMPLES_KEPT = 1024;
const HELLO = 'M110 N0';
const TEMPERATURE_POLL_KEY = 'temperature_poll';
export class Sender {
    profile;
    dialect;
    opts;
    state = 'closed';
    queues = new SendQueues();
    /** Sent, not yet acknowledged, by ascending line number. */
    inFlight = [];
    /** Lines the firmware asked for again, waiting to go out with their original numbers. */
    replay = [];
    /** Recently acknowledged lines, for a resend request the firmware insists on. */
    history = new Map();
    nextLineNumber = 0;
    lastAcked = -1;
    lastSent = -1;
    identified = false;
    firmware = null;
    capabilities = {};
    plan = null;
    advancedOk = false;
    knownQueuedThrough = -1;
    // Resend bookkeeping.
    strayOkDueMs = null;
    stragglerBudget = 0;
    lastResendRequest = null;
    consecutiveResends = 0;
    implausibleResend = null;
    // Watchdogs.
    lastRxMs = 0;
    okWaitStartMs = 0;
    okTimeouts = 0;
    noDataTimeouts = 0;
    nextPollMs = null;
    merger = new ErrorMerger();
    stats = { linesSent: 0, bytesSent: 0, linesAcked: 0, resends: 0, timeouts: 0 };
    rttSamples = [];
    out = [];
    constructor(profile, opts) {
        this.profile = profile;
        this.dialect = profile.dialect;
        this.opts = { ...DEFAULT_OPTIONS, ...opts };
    }
    handle(input, nowMs) {
        this.out = [];
        switch (input.kind) {
            case 'opened':
                this.startSession(nowMs, false);
                break;
            case 'closed':
                this.close();
                break;
            case 'line':
                this.onLine(input.text, nowMs);
                break;
            case 'enqueue':
                this.enqueue(input.command, nowMs);
                break;
            case 'emergency_stop':
                this.emergencyStop(nowMs);
                break;
            case 'drop_queued':
                this.queues.drop(input.source);
                break;
            case 'tick': break;
        }
        this.runDue(nowMs);
        this.pump(nowMs);
        return this.out;
    }
    nextDeadlineMs() {
        if (this.state === 'closed')
            return null;
        const candidates = [this.strayOkDueMs, this.okDeadlineMs(), this.noDataDeadlineMs(), this.settleDeadlineMs()];
        if (this.state === 'ready')
            candidates.push(this.nextPollMs);
        const due = candidates.filter((t) => t !== null);
        return due.length ? Math.min(...due) : null;
    }
    queuedCount(source) { return this.queues.count(source); }
    /** Lines on the wire: awaiting their ok, or awaiting a resend. */
    inFlightCount() { return this.inFlight.length + this.replay.length; }
    lastAckedLine() { return this.lastAcked >= 0 ? this.lastAcked : null; }
    linkState() { return this.state; }
    isAdvancedOk() { return this.advancedOk; }
    firmwareInfo() { return this.firmware; }
    metrics() { return { ...this.stats, rttSamplesMs: [...this.rttSamples] }; }
    // ---- session ---------------------------------------------------------------------------------
    /** `keepIdentity`: a re-sync after a resend fault needs no new M115 (the firmware did not change). */
    startSession(nowMs, keepIdentity) {
        this.dropWire('the session restarted');
        this.history.clear();
        this.nextLineNumber = 0;
        this.lastAcked = -1;
        this.lastSent = -1;
        this.advancedOk = false;
        this.knownQueuedThrough = -1;
        this.clearResendState();
        this.merger.interrupt();
        if (!keepIdentity) {
            this.identified = false;
            this.firmware = null;
            this.capabilities = {};
            this.plan = null;
            this.nextPollMs = null;
        }
        if (this.state === 'closed') {
            this.lastRxMs = nowMs;
            this.okTimeouts = 0;
            this.noDataTimeouts = 0;
        }
        this.setState('syncing');
        // A blank line ends whatever garbage the port held, so our first numbered line starts clean —
        // except on firmware that would answer it with an ok we could not place (Smoothie).
        if (!this.dialect.okOnBlankLines)
            this.write('\n', null, false);
        this.transmit({ command: { text: HELLO, source: 'system' }, text: HELLO }, nowMs, 'hello');
    }
    close() {
        this.dropWire('the port closed');
        this.queues.drop();
        this.clearResendState();
        this.nextPollMs = null;
        this.setState('closed');
    }
    onHelloAcked(nowMs) {
        if (this.identified) {
            this.setState('ready');
            return;
        }
        this.setState('identifying');
        this.transmit({ command: { text: 'M115', source: 'system' }, text: 'M115' }, nowMs, 'identify');
    }
    onIdentified(nowMs) {
        this.identified = true;
        this.plan = planSession(this.capabilities, this.dialect);
        this.setState('ready');
        this.emit({ kind: 'connected', firmwareName: this.firmware?.firmwareName ?? null, capabilities: { ...this.capabilities } });
        for (const text of this.plan.commands)
            this.queues.push({ command: { text, source: 'system' }, text });
        this.nextPollMs = this.plan.autoreportTemp ? null : nowMs;
    }
    setState(to) {
        if (to === this.state)
            return;
        if (!canTransition(this.state, to)) {
            this.log('error', `link state ${this.state} → ${to} is not a valid transition`);
            return;
        }
        this.state = to;
    }
    isStreaming() { return this.state === 'ready' || this.state === 'halted'; }
    // ---- outgoing --------------------------------------------------------------------------------
    enqueue(command, nowMs) {
        if (isEmergencyStop(command.text)) {
            this.emergencyStop(nowMs);
            return;
        }
        const cleaned = cleanLine(command.text, { maxLineBytes: this.dialect.maxLineBytes });
        if (!cleaned.ok) {
            this.emit({ kind: 'refused', command, reason: cleaned.reason, message: cleaned.message });
            if (command.source === 'job')
                this.fault('line_refused', cleaned.message, false, cleaned.reason);
            return;
        }
        if (command.dedupeKey !== undefined && this.isPending(command.dedupeKey))
            return;
        const queued = { command, text: cleaned.command };
        // Marlin's EMERGENCY_PARSER acts on these bytes on arrival; queued behind a blocking M109 they would be useless.
        if (cleaned.command !== '' && this.plan?.emergencyParser && isEmergencyParserCommand(cleaned.command) && this.isStreaming()) {
            this.transmit(queued, nowMs);
            return;
        }
        this.queues.push(queued);
    }
    isPending(dedupeKey) {
        return this.queues.hasDedupeKey(dedupeKey)
            || this.inFlight.some((l) => l.command.dedupeKey === dedupeKey)
            || this.replay.some((l) => l.command.dedupeKey === dedupeKey);
    }
    emergencyStop(nowMs) {
        // Raw first: it needs no line number, so it works even while the firmware waits for a resend.
        this.write('M112\n', null, false);
        this.queues.drop();
        this.replay = [];
        this.clearResendState();
        if (this.state === 'closed')
            return;
        this.transmit({ command: { text: 'M112', source: 'system' }, text: 'M112' }, nowMs);
        for (const text of this.heatersOffCommands())
            this.transmit({ command: { text, source: 'system' }, text }, nowMs);
        this.setState('halted');
    }
    heatersOffCommands() {
        const { extruders, heatedBed } = this.profile.machine;
        const out = extruders > 1 ? Array.from({ length: extruders }, (_, i) => `M104 T${i} S0`) : ['M104 S0'];
        if (heatedBed)
            out.push('M140 S0');
        return out;
    }
    /** Sends what the window allows: replayed lines first, then queued commands by priority. */
    pump(nowMs) {
        if (!this.isStreaming() || this.strayOkDueMs !== null)
            return;
        if (this.replay.length > 0) {
            const settleMs = this.settleDeadlineMs();
            if (settleMs !== null && nowMs < settleMs)
                return;
            this.stragglerBudget = 0;
            while (this.replay.length > 0 && mayTransmit(this.windowView(), this.replay[0].bytes)) {
                this.retransmit(this.replay.shift(), nowMs);
            }
            if (this.replay.length > 0)
                return;
        }
        for (;;) {
            const next = this.queues.peek();
            if (!next)
                return;
            if (next.text === '') {
                this.queues.shift();
                this.attachFollower(next.command);
                continue;
            }
            const wire = `${frame(this.nextLineNumber, next.text)}\n`;
            if (!mayTransmit(this.windowView(), wire.length))
                return;
            this.queues.shift();
            this.transmit(next, nowMs, undefined, wire);
        }
    }
    windowView() {
        return {
            mode: this.opts.mode, dialect: this.dialect, advancedOk: this.advancedOk, inFlight: this.inFlight,
            knownQueuedThrough: this.knownQueuedThrough, rxMarginBytes: this.opts.rxMarginBytes,
        };
    }
    transmit(queued, nowMs, role, framed) {
        const lineNumber = this.nextLineNumber++;
        const wire = framed ?? `${frame(lineNumber, queued.text)}\n`;
        const line = {
            lineNumber, bytes: wire.length, wire, command: queued.command, code: commandCode(queued.text),
            sentAtMs: nowMs, followers: [], allowanceMs: longCommandAllowanceMs(queued.text),
            heatWait: isHeatWait(queued.text), ...(role ? { role } : {}),
        };
        this.lastSent = lineNumber;
        this.putInFlight(line, nowMs);
        this.write(wire, lineNumber, false);
    }
    retransmit(line, nowMs) {
        line.sentAtMs = nowMs;
        this.putInFlight(line, nowMs);
        this.write(line.wire, line.lineNumber, true);
    }
    putInFlight(line, nowMs) {
        if (this.inFlight.length === 0)
            this.okWaitStartMs = nowMs;
        this.inFlight.push(line);
    }
    write(text, lineNumber, resend) {
        this.stats.bytesSent += text.length;
        if (lineNumber !== null)
            this.stats.linesSent++;
        this.out.push({ kind: 'write', text, lineNumber, resend });
    }
    /** A comment-only command is acknowledged with the line before it, so the shell's file mark stays in order. */
    attachFollower(command) {
        const last = this.replay.at(-1) ?? this.inFlight.at(-1);
        if (last)
            last.followers.push(command);
        else
            this.emit({ kind: 'acked', command, lineNumber: null, rttMs: 0 });
    }
    sendProbe(nowMs) {
        // A numbered M105 surfaces a lost line: the firmware answers a gap with a resend request. Even if a
        // flushed tail of it ran, M105 only reports temperatures.
        this.transmit({ command: { text: 'M105', source: 'system' }, text: 'M105' }, nowMs, 'probe');
    }
    // ---- incoming --------------------------------------------------------------------------------
    onLine(text, nowMs) {
        if (this.state === 'closed')
            return;
        this.lastRxMs = nowMs;
        this.noDataTimeouts = 0;
        const response = parseResponse(text);
        if (this.strayOkDueMs !== null) {
            this.strayOkDueMs = null;
            if (this.isStrayOk(response))
                return;
        }
        if (response.kind !== 'error')
            this.merger.interrupt();
        switch (response.kind) {
            case 'ok':
                this.onOk(response, nowMs);
                return;
            case 'resend':
                this.emitResponse(response);
                this.onResend(response.lineNumber, nowMs);
                return;
            case 'skip':
                this.emitResponse(response);
                // Repetier answers each stray line after a resend with `skip n` + ok; that ok acknowledges nothing.
                this.expectStrayOk(nowMs);
                return;
            case 'start':
                this.emitResponse(response);
                this.onStart(nowMs);
                return;
            case 'error':
                this.emitResponse(response);
                this.onError(response, nowMs);
                return;
            case 'busy':
                this.okWaitStartMs = nowMs;
                this.okTimeouts = 0;
                break;
            case 'temperature':
                if (this.inFlight.some((l) => l.heatWait)) {
                    this.okWaitStartMs = nowMs;
                    this.okTimeouts = 0;
                }
                break;
            case 'firmware_info':
                this.firmware = response.info;
                break;
            case 'capability':
                this.capabilities[response.name] = response.enabled;
                break;
            default: break;
        }
        this.emitResponse(response);
    }
    /**
     * The plain `ok` a firmware prints right after `Resend:`/`skip`, or after refusing a line that was not
     * ours whole: it belongs to the rejected or foreign line and acknowledges nothing.
     */
    isStrayOk(r) {
        if (r.kind !== 'ok' || r.payload !== null)
            return false;
        return r.lineNumber === null || !this.inFlight.some((l) => l.lineNumber === r.lineNumber);
    }
    expectStrayOk(nowMs) {
        const waitMs = this.dialect.okAfterResend ? this.dialect.okTimeoutMs : this.opts.resendOkTimeoutMs;
        this.strayOkDueMs = nowMs + waitMs;
    }
    onOk(r, nowMs) {
        if (r.payload?.kind === 'firmware_info')
            this.firmware = r.payload.info;
        // `ok T:…` / `ok FIRMWARE_NAME:…`: listeners see the payload as the temperature or firmware report it is.
        if (r.payload)
            this.emitResponse(r.payload);
        if (r.plannerFree !== null && r.bufferFree !== null && !this.advancedOk) {
            this.advancedOk = true;
            this.emit({ kind: 'advanced_ok_detected' });
        }
        if (r.lineNumber !== null) {
            if (!this.inFlight.some((l) => l.lineNumber === r.lineNumber)) {
                this.log('warn', `ok for line ${r.lineNumber}, which is not awaiting an ok: ignored`);
                return;
            }
            if (r.bufferFree !== null)
                this.noteQueued(r.lineNumber, r.bufferFree);
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
        // M105's `ok T:…` names its own command, so a lost ok of an earlier line cannot shift the count.
        const poll = r.payload?.kind === 'temperature' ? this.inFlight.find((l) => l.code === 'M105') : undefined;
        this.retireThrough((poll ?? head).lineNumber, nowMs);
    }
    /** ADVANCED_OK: `ok N<x> … B<b>` — the queue holds BUFSIZE−b commands starting at x. */
    noteQueued(lineNumber, bufferFree) {
        const queued = Math.max(1, this.dialect.commandBufferLines - bufferFree);
        const through = Math.min(lineNumber + queued - 1, this.lastSent);
        this.knownQueuedThrough = Math.max(this.knownQueuedThrough, through);
    }
    retireThrough(lineNumber, nowMs) {
        while (this.inFlight.length > 0 && this.inFlight[0].lineNumber <= lineNumber) {
            this.retire(this.inFlight.shift(), nowMs);
        }
    }
    retire(line, nowMs) {
        this.lastAcked = Math.max(this.lastAcked, line.lineNumber);
        this.history.set(line.lineNumber, line);
        if (this.history.size > this.opts.historyLines)
            this.history.delete(this.history.keys().next().value);
        const rttMs = nowMs - line.sentAtMs;
        this.stats.linesAcked++;
        this.rttSamples.push(rttMs);
        if (this.rttSamples.length > RTT_SAMPLES_KEPT)
            this.rttSamples.splice(0, this.rttSamples.length - RTT_SAMPLES_KEPT);
        this.okWaitStartMs = nowMs;
        this.okTimeouts = 0;
        this.implausibleResend = null;
        if (this.lastResendRequest === line.lineNumber) {
            this.lastResendRequest = null;
            this.consecutiveResends = 0;
        }
        this.emit({ kind: 'acked', command: line.command, lineNumber: line.lineNumber, rttMs });
        for (const f of line.followers)
            this.emit({ kind: 'acked', command: f, lineNumber: null, rttMs });
        if (line.role === 'hello' && this.state === 'syncing')
            this.onHelloAcked(nowMs);
        else if (line.role === 'identify' && this.state === 'identifying')
            this.onIdentified(nowMs);
    }
    onResend(n, nowMs) {
        this.handleResend(n, nowMs);
        // Whatever we did about it, the ok printed right after the request belongs to the rejected line.
        this.expectStrayOk(nowMs);
    }
    handleResend(n, nowMs) {
        if (this.state === 'syncing' || this.state === 'identifying') {
            // Left over from before our M110 (or garbage merged into it): start the handshake again.
            this.log('warn', `resend request for line ${n} during the handshake: syncing again`);
            this.startSession(nowMs, this.identified);
            return;
        }
        if (!this.dialect.checksLineNumbers) {
            this.onLineLost(n);
            return;
        }
        const lowest = this.lastAcked + 1;
        const highest = this.lastSent + 1;
        if (n < lowest || n > highest) {
            this.onImplausibleResend(n, nowMs);
            return;
        }
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
    requestReplay(n, nowMs) {
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
        const byNumber = new Map();
        for (const l of [...moved, ...this.replay])
            byNumber.set(l.lineNumber, l);
        this.replay = [...byNumber.values()].sort((a, b) => a.lineNumber - b.lineNumber);
        this.knownQueuedThrough = Math.min(this.knownQueuedThrough, n - 1);
        if (this.inFlight.length === 0)
            this.okWaitStartMs = nowMs;
    }
    /**
     * A number outside lastAcked+1 … lastSent+1 is most likely garbled on the way (OctoPrint #4671:
     * `Resend: 034497` for 134497): ignore it once and probe; the probe makes a real request come again.
     * If the firmware insists on a line it already acknowledged and we still have it, we replay it;
     * older than our history, the job cannot continue.
     */
    onImplausibleResend(n, nowMs) {
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
        this.log('warn', `the printer insists on line ${n}, already acknowledged: resending from there`);
        const again = [...Array(this.lastAcked - n + 1).keys()].map((i) => this.history.get(n + i));
        for (const l of again) {
            this.history.delete(l.lineNumber);
            l.followers = [];
        }
        this.replay = [...again, ...this.inFlight, ...this.replay].sort((a, b) => a.lineNumber - b.lineNumber);
        this.inFlight = [];
        this.lastAcked = n - 1;
        this.lastResendRequest = n;
        this.consecutiveResends = 1;
        this.stats.resends++;
        this.emit({ kind: 'resend', lineNumber: n });
    }
    /** Klipper and RRF do not check numbers: a resent line could run twice, so a lost line ends the job. */
    onLineLost(n) {
        const lost = this.inFlight.filter((l) => l.lineNumber >= n);
        this.inFlight = this.inFlight.filter((l) => l.lineNumber < n);
        const message = `the printer did not take line ${n}, and this firmware cannot be trusted with a resend`;
        if (lost.some((l) => l.command.source === 'job'))
            this.fault('line_lost', message, false);
        else
            this.log('warn', message);
    }
    onStart(nowMs) {
        const jobOnWire = [...this.inFlight, ...this.replay].some((l) => l.command.source === 'job') || this.queues.count('job') > 0;
        if (this.state === 'ready' && jobOnWire) {
            this.fault('printer_reset', 'the printer restarted (it printed `start`) during a print', true);
        }
        else if (this.state !== 'syncing') {
            this.log('warn', 'the printer restarted (it printed `start`): syncing again');
        }
        this.startSession(nowMs, false);
    }
    onError(r, nowMs) {
        const merged = this.merger.push(r.raw, { errorClass: r.errorClass, reason: r.reason });
        if (merged.continues && merged.openerClass === 'fatal') {
            this.log('error', `firmware error (continued): ${merged.text}`);
            return;
        }
        switch (merged.errorClass) {
            case 'fatal':
                if (this.state === 'halted') {
                    this.log('error', `firmware error: ${merged.text}`);
                    return;
                }
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
                    if (this.dialect.checksLineNumbers)
                        this.sendProbe(nowMs);
                    return;
                }
                this.log('warn', `firmware error (${merged.reason}), continuing: ${merged.text}`);
                return;
            case 'recoverable':
                this.log('info', `line rejected (${merged.reason}), a resend request follows: ${merged.text}`);
                return;
        }
    }
    /** Marlin quotes the command as it parsed it, without `N…` and `*cs`: ours would match our cleaned text. */
    isForeignCommand(errorText) {
        const quoted = /unknown command:\s*"(.*)"/i.exec(errorText);
        const head = this.inFlight[0];
        if (!quoted || !head)
            return false;
        const norm = (t) => t.replace(/\s+/g, ' ').trim().toUpperCase();
        return norm(quoted[1]) !== norm(head.wire.replace(/^N\d+ /, '').replace(/\*\d+\n$/, ''));
    }
    // ---- watchdogs -------------------------------------------------------------------------------
    okDeadlineMs() {
        if (this.state === 'closed' || this.state === 'halted' || this.inFlight.length === 0)
            return null;
        return this.okWaitStartMs + this.dialect.okTimeoutMs + this.allowanceMs();
    }
    noDataDeadlineMs() {
        if (this.state !== 'ready')
            return null;
        return this.lastRxMs + this.dialect.noDataTimeoutMs + this.allowanceMs();
    }
    settleDeadlineMs() {
        if (this.replay.length === 0 || this.stragglerBudget === 0)
            return null;
        return this.lastRxMs + this.opts.resendSettleMs;
    }
    allowanceMs() {
        let max = 0;
        for (const l of this.inFlight)
            if (l.allowanceMs > max)
                max = l.allowanceMs;
        return max;
    }
    runDue(nowMs) {
        if (this.strayOkDueMs !== null && nowMs >= this.strayOkDueMs)
            this.strayOkDueMs = null;
        const okDue = this.okDeadlineMs();
        if (okDue !== null && nowMs >= okDue)
            this.onOkTimeout(nowMs);
        const dataDue = this.noDataDeadlineMs();
        if (dataDue !== null && nowMs >= dataDue)
            this.onNoData(nowMs);
        if (this.state === 'ready' && this.nextPollMs !== null && nowMs >= this.nextPollMs) {
            this.nextPollMs = nowMs + this.dialect.temperaturePollIntervalMs;
            this.enqueue({ text: 'M105', source: 'poll', dedupeKey: TEMPERATURE_POLL_KEY }, nowMs);
        }
    }
    onOkTimeout(nowMs) {
        this.okWaitStartMs = nowMs;
        if (this.countTimeout('ok', ++this.okTimeouts))
            return;
        if (this.state === 'syncing' || this.state === 'identifying') {
            this.startSession(nowMs, this.identified);
            return;
        }
        // Without line numbers a probe's ok would be counted for the lost line: wait, then fail cleanly.
        if (this.dialect.checksLineNumbers)
            this.sendProbe(nowMs);
    }
    onNoData(nowMs) {
        this.lastRxMs = nowMs;
        if (this.countTimeout('no_data', ++this.noDataTimeouts))
            return;
        // With lines in flight the ok watchdog probes already; a second probe would only add noise.
        if (this.inFlight.length === 0)
            this.sendProbe(nowMs);
    }
    /** Reports one timeout; past the upper bound the printer is declared dead (returns true). */
    countTimeout(what, consecutive) {
        this.stats.timeouts++;
        this.emit({ kind: 'timeout', what });
        if (consecutive <= this.opts.maxConsecutiveTimeouts)
            return false;
        this.fault('no_response', `no answer from the printer after ${consecutive} consecutive timeouts`, true);
        this.setState('halted');
        return true;
    }
    // ---- faults ----------------------------------------------------------------------------------
    fault(code, message, fatal, reason) {
        this.queues.drop('job');
        this.replay = this.replay.filter((l) => l.command.source !== 'job');
        this.out.push({ kind: 'fault', code, message, fatal, ...(reason !== undefined ? { reason } : {}) });
    }
    /** After a resend fault the firmware still expects an old number: M110 puts both sides back at 0. */
    failAndResync(code, message, nowMs) {
        this.fault(code, message, true);
        this.startSession(nowMs, true);
    }
    dropWire(why) {
        const lost = this.inFlight.length + this.replay.length;
        if (lost > 0 && this.state !== 'syncing' && this.state !== 'identifying') {
            this.log('warn', `${lost} line(s) awaiting an ok were abandoned: ${why}`);
        }
        this.inFlight = [];
        this.replay = [];
    }
    clearResendState() {
        this.strayOkDueMs = null;
        this.stragglerBudget = 0;
        this.lastResendRequest = null;
        this.consecutiveResends = 0;
        this.implausibleResend = null;
    }
    // ---- events ----------------------------------------------------------------------------------
    emit(event) {
        this.out.push({ kind: 'event', event });
    }
    emitResponse(response) {
        this.emit({ kind: 'response', response });
    }
    log(level, message) {
        this.emit({ kind: 'log', level, message });
    }
}
//# sourceMappingURL=sender.js.map