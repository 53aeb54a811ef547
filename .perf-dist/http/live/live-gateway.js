import { Server } from 'socket.io';
import { redactStatus } from '../status-view.js';
import { diffStatus, pushDelayMs } from './status-diff.js';
export class LiveGateway {
    opts;
    io;
    pushes = new Map();
    queueTimer = null;
    constructor(opts) {
        this.opts = opts;
        this.io = new Server(opts.httpServer, { serveClient: false, cors: { origin: false } });
        this.io.use((socket, next) => {
            const actor = opts.policy.authenticate(credentialsOf(socket));
            if (!actor) {
                next(Object.assign(new Error('not_authenticated'), { data: { code: 'not_authenticated' } }));
                return;
            }
            socket.data.actor = actor;
            next();
        });
        this.io.on('connection', (socket) => {
            const actor = socket.data.actor;
            const room = opts.policy.seesPrintDetails(actor) ? 'full' : 'redacted';
            void socket.join(room);
            // The last pushed view, not a fresher one, so the diffs that follow apply to what the client holds.
            for (const s of opts.printerStatuses()) {
                socket.emit('printer:status', this.pushes.get(s.printerId)?.last[room] ?? (room === 'full' ? s : redactStatus(s)));
            }
        });
        this.io.of('/public').on('connection', (socket) => { socket.emit('queue:changed', { queue: opts.publicQueue() }); });
    }
    /** Coalesces a burst of snapshots to at most statusMaxHz per printer; each push carries only changed fields. */
    printerStatus(status) {
        let p = this.pushes.get(status.printerId);
        if (!p) {
            p = { last: { full: null, redacted: null }, lastPushMs: null, timer: null, pending: null };
            this.pushes.set(status.printerId, p);
        }
        p.pending = status;
        if (p.timer)
            return;
        const delayMs = pushDelayMs(p.lastPushMs, this.opts.clock.nowMs(), this.opts.statusMaxHz);
        if (delayMs === 0) {
            this.flush(p);
            return;
        }
        p.timer = this.opts.clock.setTimer(delayMs, () => { p.timer = null; this.flush(p); });
    }
    flush(p) {
        const status = p.pending;
        if (!status)
            return;
        p.pending = null;
        p.lastPushMs = this.opts.clock.nowMs();
        const views = { full: status, redacted: redactStatus(status) };
        for (const audience of ['full', 'redacted']) {
            const changes = diffStatus(p.last[audience], views[audience]);
            p.last[audience] = views[audience];
            // Epoch send time lets a client see how stale a push is (and the benchmark measure delivery).
            if (changes)
                this.io.to(audience).emit('printer:status', { ...changes, sentAtMs: Date.now() });
        }
    }
    /** A job changed: its details go only to those the policy lets see it. */
    jobChanged(job) {
        for (const socket of this.io.of('/').sockets.values()) {
            if (this.opts.policy.canSeeJob(socket.data.actor, job))
                socket.emit('job:changed', job);
        }
    }
    /** The queue order or membership changed: signed-in clients refetch, the board gets the anonymised list. */
    queueChanged() {
        if (this.queueTimer)
            return;
        // Batch approvals change many jobs at once; one anonymised list per tick is enough for the board.
        this.queueTimer = this.opts.clock.setTimer(0, () => {
            this.queueTimer = null;
            const queue = this.opts.publicQueue();
            this.io.emit('queue:changed', { atMs: this.opts.clock.nowMs(), length: queue.length });
            this.io.of('/public').emit('queue:changed', { queue });
        });
    }
    async close() {
        for (const p of this.pushes.values())
            this.opts.clock.clearTimer(p.timer);
        this.opts.clock.clearTimer(this.queueTimer);
        this.io.disconnectSockets(true);
        await new Promise((resolve) => { this.io.close(() => resolve()); });
    }
}
function credentialsOf(socket) {
    const h = socket.handshake;
    const headerKey = h.headers['x-api-key'];
    const authKey = h.auth?.apiKey;
    const apiKey = typeof headerKey === 'string' ? headerKey : typeof authKey === 'string' ? authKey : undefined;
    return { cookieHeader: h.headers.cookie, apiKey };
}
//# sourceMappingURL=live-gateway.js.map