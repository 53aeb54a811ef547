/**
 * A printer's link in its own process: the transport (serial port or the virtual printer) and a real
 * PrinterLink on wall time, so that every `ok` is answered by an event loop that does nothing else —
 * not by the daemon's, which also parses requests and writes uploads. remote-link.ts is the other end;
 * the first argument is the LinkWorkerData as JSON.
 *
 * A process, not a worker thread: serialport's native poller watches the fd on the process's default
 * event loop, so inside a worker thread its callbacks would enter that thread's V8 from the main thread
 * (a fatal error, measured). A process also keeps a native fault in the serial stack out of the daemon.
 *
 * Reports are gathered and posted once per turn of this loop: a burst of acks costs one message; at
 * least one goes out every second, the heartbeat.
 */
import { RealClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import {
  zeroBySource, type CommandRef, type LinkCounts, type LinkOp, type LinkOpBatch, type LinkReport, type LinkReportBatch, type LinkWorkerData,
} from './link-messages.js';
import { transportFor } from './link-transport.js';
import { PrinterLink } from './printer-link.js';
import type { Command, CommandSource } from './protocol/sender-types.js';

/**
 * The staff view's link figures are a 10 s average; once a second is fresh enough and costs nothing.
 * The batch goes out idle or not, so it is also the heartbeat: RemoteLink takes a long silence for a hang.
 */
const METRICS_EVERY_MS = 1000;

const { profile, port: where } = JSON.parse(process.argv[2]!) as LinkWorkerData;
const clock = new RealClock(where.kind === 'virtual' ? where.timeScale : 1);
const link = new PrinterLink({ transport: transportFor(where, profile, clock), profile, clock });

const ids = new WeakMap<Command, number>();
const received = zeroBySource();
let lastId = 0;
let reports: LinkReport[] = [];
let metricsDue = false;
let flushScheduled = false;

const ref = (command: Command): CommandRef => ids.get(command) ?? command;

function report(r: LinkReport): void {
  reports.push(r);
  scheduleFlush();
}

function scheduleFlush(): void {
  if (flushScheduled) return;
  flushScheduled = true;
  setImmediate(flush);
}

function counts(): LinkCounts {
  const queued = zeroBySource();
  for (const source of Object.keys(queued) as CommandSource[]) queued[source] = link.queuedCount(source);
  return { received: { ...received }, queued, outstanding: link.queuedCount() + link.inFlightCount(), lastId };
}

function flush(): void {
  flushScheduled = false;
  const batch: LinkReportBatch = { reports, counts: counts(), ...(metricsDue ? { metrics: link.metrics() } : {}) };
  reports = [];
  metricsDue = false;
  process.send!(batch);
}

function errorShape(err: unknown) {
  const e = err instanceof AppError ? err : new AppError('link_failed', (err as Error).message, 503);
  return { code: e.code, message: e.message, httpStatus: e.httpStatus, params: e.params };
}

link.on('connected', (info) => report({ kind: 'connected', info }));
link.on('acked', ({ command, lineNumber, rttMs }) => report({ kind: 'acked', command: ref(command), lineNumber, rttMs }));
link.on('refused', ({ command, reason, message }) => report({ kind: 'refused', command: ref(command), reason, message }));
link.on('response', (response) => report({ kind: 'response', response }));
link.on('fault', (fault) => report({ kind: 'fault', fault }));
link.on('disconnected', ({ reason }) => report({ kind: 'disconnected', reason }));
link.on('log', ({ level, message }) => report({ kind: 'log', level, message }));

function perform(op: LinkOp): void {
  switch (op.op) {
    case 'send':
      ids.set(op.command, op.id);
      received[op.command.source]++;
      lastId = op.id;
      link.send(op.command);
      break;
    case 'drop_queued': link.dropQueued(op.source); break;
    case 'emergency_stop': link.emergencyStop(); break;
    case 'connect':
      link.connect({ timeoutMs: op.timeoutMs }).catch((err: unknown) => report({ kind: 'connect_failed', error: errorShape(err) }));
      break;
    case 'close':
      void link.close().then(() => report({ kind: 'closed', entries: link.serialLog() }));
      break;
    case 'serial_log': report({ kind: 'serial_log', requestId: op.requestId, entries: link.serialLog(op.limit) }); break;
  }
}

process.on('message', ({ ops }: LinkOpBatch) => {
  for (const op of ops) perform(op);
  scheduleFlush();
});

// The daemon is gone (crashed, killed): let go of the port at once rather than hold it locked, half a print queued.
process.on('disconnect', () => process.exit(0));

setInterval(() => { metricsDue = true; scheduleFlush(); }, METRICS_EVERY_MS).unref();
