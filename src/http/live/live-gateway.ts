/**
 * socket.io: read-only pushes. The default namespace requires the same session cookie or API key as
 * the REST API; `/public` is anonymous and carries only what the lobby board shows: job numbers,
 * states, positions, ETAs and printer progress — never a name or a file name.
 * Who sees which job is decided by the domain policy passed in, never by broadcasting to everyone.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { Clock, TimerHandle } from '../../core/clock.js';
import type { PublicQueueEntry } from '../../jobs/job-service.js';
import type { PrinterStatus } from '../../printer/printer-types.js';
import { redactStatus } from '../status-view.js';
import { diffStatus, pushDelayMs } from './status-diff.js';

export interface LiveCredentials { cookieHeader: string | undefined; apiKey: string | undefined }

export interface LivePolicy<A, J> {
  authenticate(creds: LiveCredentials): A | null;
  canSeeJob(actor: A, job: J): boolean;
  /** Patrons get printer status without other people's file names. */
  seesPrintDetails(actor: A): boolean;
}

/** A printer as the lobby sees it. */
export interface PublicPrinter {
  printerId: string;
  state: PrinterStatus['state'];
  fraction: number | null;
  layer: number | null;
  remainingMs: number | null;
  jobId: number | null;
}

export interface PublicBoard {
  queue: PublicQueueEntry[];
  readyForPickup: Array<{ jobId: number }>;
  printers: PublicPrinter[];
}

export function publicPrinterOf(s: PrinterStatus): PublicPrinter {
  const jobId = s.print ? Number(s.print.jobRef) : NaN;
  return {
    printerId: s.printerId, state: s.state,
    fraction: s.print ? Math.round(s.print.fraction * 1000) / 1000 : null,
    layer: s.print?.layer ?? null,
    remainingMs: s.print?.remainingMs ?? null,
    jobId: Number.isInteger(jobId) ? jobId : null,
  };
}

export interface LiveGatewayOptions<A, J> {
  httpServer: HttpServer;
  clock: Clock;
  policy: LivePolicy<A, J>;
  statusMaxHz: number;
  /** Current snapshots, sent whole to a client that connects before the first push. */
  printerStatuses(): PrinterStatus[];
  publicBoard(): Omit<PublicBoard, 'printers'>;
}

type Audience = 'full' | 'redacted';

interface PrinterPush { last: Record<Audience, PrinterStatus | null>; lastPushMs: number | null; timer: TimerHandle | null; pending: PrinterStatus | null }

export class LiveGateway<A, J> {
  readonly io: Server;
  private readonly pushes = new Map<string, PrinterPush>();
  private queueTimer: TimerHandle | null = null;
  private readonly lastPublic = new Map<string, string>();

  constructor(private readonly opts: LiveGatewayOptions<A, J>) {
    // Status diffs are a few hundred bytes: compressing each frame would cost more CPU than it saves.
    this.io = new Server(opts.httpServer, { serveClient: false, cors: { origin: false }, perMessageDeflate: false });
    this.io.use((socket, next) => {
      const actor = opts.policy.authenticate(credentialsOf(socket));
      if (!actor) { next(Object.assign(new Error('not_authenticated'), { data: { code: 'not_authenticated' } })); return; }
      socket.data.actor = actor;
      next();
    });
    this.io.on('connection', (socket) => {
      const actor = socket.data.actor as A;
      const room = opts.policy.seesPrintDetails(actor) ? 'full' : 'redacted';
      void socket.join(room);
      // The last pushed view, not a fresher one, so the diffs that follow apply to what the client holds.
      for (const s of opts.printerStatuses()) {
        socket.emit('printer:status', this.pushes.get(s.printerId)?.last[room] ?? (room === 'full' ? s : redactStatus(s)));
      }
    });
    this.io.of('/public').on('connection', (socket) => { socket.emit('board:snapshot', this.board()); });
  }

  /** Coalesces a burst of snapshots to at most statusMaxHz per printer; each push carries only changed fields. */
  printerStatus(status: PrinterStatus): void {
    let p = this.pushes.get(status.printerId);
    if (!p) { p = { last: { full: null, redacted: null }, lastPushMs: null, timer: null, pending: null }; this.pushes.set(status.printerId, p); }
    p.pending = status;
    if (p.timer) return;
    const delayMs = pushDelayMs(p.lastPushMs, this.opts.clock.nowMs(), this.opts.statusMaxHz);
    if (delayMs === 0) { this.flush(p); return; }
    p.timer = this.opts.clock.setTimer(delayMs, () => { p.timer = null; this.flush(p); });
  }

  private flush(p: PrinterPush): void {
    const status = p.pending;
    if (!status) return;
    p.pending = null;
    p.lastPushMs = this.opts.clock.nowMs();
    const views: Record<Audience, PrinterStatus> = { full: status, redacted: redactStatus(status) };
    for (const audience of ['full', 'redacted'] as const) {
      const changes = diffStatus(p.last[audience], views[audience]);
      p.last[audience] = views[audience];
      // Epoch send time lets a client see how stale a push is (and the benchmark measure delivery).
      // A room emit encodes the packet and its WebSocket frame once for all members, not once per socket.
      if (changes) this.io.to(audience).emit('printer:status', { ...changes, sentAtMs: Date.now() });
    }
    const shown = publicPrinterOf(status);
    const key = JSON.stringify(shown);
    if (this.lastPublic.get(status.printerId) !== key) {
      this.lastPublic.set(status.printerId, key);
      this.io.of('/public').emit('board:printer', shown);
    }
  }

  private board(): PublicBoard {
    return { ...this.opts.publicBoard(), printers: this.opts.printerStatuses().map(publicPrinterOf) };
  }

  /** A job changed: its details go only to those the policy lets see it. */
  jobChanged(job: J): void {
    this.pushTo('job:changed', job, (actor) => this.opts.policy.canSeeJob(actor, job));
  }

  /** An event for some signed-in people only (a job's viewers, a quote's owner). */
  pushTo(event: string, payload: unknown, allowed: (actor: A) => boolean): void {
    const sockets: string[] = [];
    for (const socket of this.io.of('/').sockets.values()) {
      if (allowed(socket.data.actor as A)) sockets.push(socket.id);
    }
    // Each socket is in a room of its own id: one broadcast encodes the packet once for all of them.
    if (sockets.length > 0) this.io.to(sockets).emit(event, payload);
  }

  /** The queue order or membership changed: signed-in clients refetch, the board gets the anonymised list. */
  queueChanged(): void {
    if (this.queueTimer) return;
    // Batch approvals change many jobs at once; one anonymised list per tick is enough for the board.
    this.queueTimer = this.opts.clock.setTimer(0, () => {
      this.queueTimer = null;
      const board = this.board();
      this.io.emit('queue:changed', { atMs: this.opts.clock.nowMs(), length: board.queue.length });
      this.io.of('/public').emit('board:snapshot', board);
    });
  }

  async close(): Promise<void> {
    for (const p of this.pushes.values()) this.opts.clock.clearTimer(p.timer);
    this.opts.clock.clearTimer(this.queueTimer);
    this.io.disconnectSockets(true);
    await new Promise<void>((resolve) => { this.io.close(() => resolve()); });
  }
}

function credentialsOf(socket: Socket): LiveCredentials {
  const h = socket.handshake;
  const headerKey = h.headers['x-api-key'];
  const authKey = (h.auth as { apiKey?: unknown } | undefined)?.apiKey;
  const apiKey = typeof headerKey === 'string' ? headerKey : typeof authKey === 'string' ? authKey : undefined;
  return { cookieHeader: h.headers.cookie, apiKey };
}
