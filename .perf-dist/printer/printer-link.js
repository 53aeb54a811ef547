import { AppError } from '../core/errors.js';
import { LinkRates } from './link-metrics.js';
import { Sender } from './protocol/sender.js';
import { SerialLog } from './serial-log.js';
export class PrinterLink {
    profile;
    mode;
    transport;
    clock;
    sender;
    log;
    rates = new LinkRates();
    listeners = new Map();
    timer = null;
    timerAtMs = null;
    pending = null;
    operational = false;
    connectedInfo = null;
    constructor(opts) {
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
    async connect(opts = {}) {
        if (this.pending)
            throw new AppError('link_busy', 'connect() is already in progress', 409);
        if (this.transport.isOpen())
            await this.transport.close();
        this.operational = false;
        this.connectedInfo = null;
        try {
            await this.transport.open();
        }
        catch (err) {
            throw new AppError('port_open_failed', `${this.transport.description}: ${err.message}`, 503, { port: this.transport.description });
        }
        this.note(`opened ${this.transport.description}`);
        const done = new Promise((resolve, reject) => {
            const timer = opts.timeoutMs === undefined ? null : this.clock.setTimer(opts.timeoutMs, () => {
                this.failConnect(new AppError('connect_timeout', `${this.transport.description}: the printer did not answer within ${opts.timeoutMs} ms`, 504));
            });
            this.pending = { resolve, reject, timer };
        });
        this.feed({ kind: 'opened' });
        return done;
    }
    isOperational() { return this.operational; }
    /** What M115 said at the last successful connect, or null before that. */
    firmware() { return this.connectedInfo; }
    send(command) {
        this.feed({ kind: 'enqueue', command });
    }
    /** Writes M112 (raw and numbered) and heaters off synchronously, ahead of everything queued. */
    emergencyStop() {
        this.note('emergency stop requested', 'emergency_stop');
        this.feed({ kind: 'emergency_stop' });
    }
    dropQueued(source) {
        this.feed({ kind: 'drop_queued', source });
    }
    queuedCount(source) { return this.sender.queuedCount(source); }
    inFlightCount() { return this.sender.inFlightCount(); }
    metrics() { return this.rates.snapshot(this.clock.nowMs(), this.sender.metrics()); }
    serialLog(limit) { return this.log.entries(limit); }
    /** Closes the port on purpose; no `disconnected` event follows. */
    async close() {
        this.failConnect(new AppError('link_closed', 'the link was closed while connecting', 503));
        if (this.operational || this.transport.isOpen())
            this.feed({ kind: 'closed' });
        this.operational = false;
        this.disarm();
        await this.transport.close();
        this.note('closed');
    }
    on(event, fn) {
        const set = this.listeners.get(event) ?? new Set();
        set.add(fn);
        this.listeners.set(event, set);
    }
    off(event, fn) {
        this.listeners.get(event)?.delete(fn);
    }
    emit(event, payload) {
        const set = this.listeners.get(event);
        if (set)
            for (const fn of set)
                fn(payload);
    }
    onLine = (text) => {
        this.log.add({ atMs: this.clock.nowMs(), direction: 'received', text });
        this.feed({ kind: 'line', text });
    };
    onDisconnected = (reason) => {
        this.note(`disconnected: ${reason}`, 'disconnected');
        const connecting = this.pending !== null;
        this.operational = false;
        this.feed({ kind: 'closed' });
        this.disarm();
        // While connecting, the rejected connect() promise is the one report; a second one would start the controller's reconnect loop twice.
        this.failConnect(new AppError('link_disconnected', `${this.transport.description}: ${reason}`, 503, { reason }));
        if (!connecting)
            this.emit('disconnected', { reason });
    };
    feed(input) {
        const nowMs = this.clock.nowMs();
        this.perform(this.sender.handle(input, nowMs), nowMs);
        this.rearm();
    }
    perform(actions, nowMs) {
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
                    if (out) {
                        this.transport.write(out);
                        out = '';
                    }
                    this.onSenderEvent(a.event, nowMs);
                    break;
                case 'fault':
                    if (out) {
                        this.transport.write(out);
                        out = '';
                    }
                    this.onFault({ code: a.code, message: a.message, fatal: a.fatal, ...(a.reason ? { reason: a.reason } : {}) }, nowMs);
                    break;
            }
        }
        if (out && this.transport.isOpen())
            this.transport.write(out);
    }
    onSenderEvent(event, nowMs) {
        switch (event.kind) {
            case 'connected': {
                const info = { firmwareName: event.firmwareName, capabilities: event.capabilities };
                this.operational = true;
                this.connectedInfo = info;
                this.note(`operational: ${event.firmwareName ?? 'unknown firmware'}`);
                const p = this.pending;
                this.pending = null;
                if (p) {
                    this.clock.clearTimer(p.timer);
                    p.resolve(info);
                }
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
    onFault(fault, nowMs) {
        this.log.add({ atMs: nowMs, direction: 'note', text: `${fault.code}: ${fault.message}`, mark: 'fault' });
        // Heaters off after a fatal fault, wherever the firmware still listens: the profile's script says how.
        if (fault.fatal && this.transport.isOpen()) {
            for (const text of this.profile.machine.scripts.emergencyAfter)
                this.send({ text, source: 'system' });
        }
        this.failConnect(new AppError(fault.code, fault.message, 502, { fatal: fault.fatal }));
        this.emit('fault', fault);
    }
    failConnect(err) {
        const p = this.pending;
        if (!p)
            return;
        this.pending = null;
        this.clock.clearTimer(p.timer);
        p.reject(err);
    }
    note(text, mark) {
        this.log.add({ atMs: this.clock.nowMs(), direction: 'note', text, ...(mark ? { mark } : {}) });
    }
    rearm() {
        const atMs = this.transport.isOpen() ? this.sender.nextDeadlineMs() : null;
        if (atMs === this.timerAtMs)
            return;
        this.disarm();
        if (atMs === null)
            return;
        this.timerAtMs = atMs;
        this.timer = this.clock.setTimer(Math.max(0, atMs - this.clock.nowMs()), () => {
            this.timer = null;
            this.timerAtMs = null;
            this.feed({ kind: 'tick' });
        });
    }
    disarm() {
        this.clock.clearTimer(this.timer);
        this.timer = null;
        this.timerAtMs = null;
    }
}
//# sourceMappingURL=printer-link.js.map