/**
 * Composition root: builds the queue services, the printers, the HTTP API and the live gateway by
 * hand, in start-up order, and takes them down in reverse. `serve` and the integration tests both
 * use it, so what is tested is what runs.
 *
 *   const app = await createApp({ config });   opens the DB, sweeps orphans, interrupts dead prints
 *   const { port } = await app.start();        listens, connects printers, resumes analysis
 *   await app.stop();
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { loadMaterials } from './analysis/materials.js';
import { IsolatedAnalyzer } from './analysis/isolated-analyzer.js';
import { AnalysisRunner, taskOfKey } from './composition/analysis-runner.js';
import { SlicingRunner } from './composition/slicing-runner.js';
import { PrinterRegistry } from './composition/printer-registry.js';
import { buildPrinters } from './composition/printers.js';
import { StoppableClock } from './composition/stoppable-clock.js';
import type { Config } from './config/config.js';
import { RealClock, type Clock } from './core/clock.js';
import { EventBus } from './core/event-bus.js';
import { slotCheckFrom } from './jobs/dispatch-rules.js';
import { can } from './jobs/job-policy.js';
import { canQuote } from './quotes/quote-policy.js';
import { openQueueServices, type QueueServices } from './jobs/queue-services.js';
import type { QueueEvents } from './jobs/queue-events.js';
import type { ApiContext } from './http/api-context.js';
import { LiveGateway } from './http/live/live-gateway.js';
import { RequestAuthenticator, authenticateCredentials } from './http/request-auth.js';
import { ReadCache } from './http/read-cache.js';
import { createHttpApp } from './http/server.js';
import { seesPrintDetails } from './http/status-view.js';
import type { PrinterStatus } from './printer/printer-types.js';
import { openLibraryServices, type LibraryServices } from './reports/library-services.js';
import { availableSlicers } from './slicing/engine-select.js';
import type { Slicer } from './slicing/slicer.js';
import { SlicingQueue, type SlicingEvents } from './slicing/slicing-queue.js';
import type { ScryptParams } from './users/secret-hash.js';
import type { Actor } from './users/user-types.js';
import type { Job } from './jobs/job-types.js';

export interface AppOptions {
  config: Config;
  /** Clock of the virtual printers; default RealClock(config.virtualTimeScale). */
  virtualClock?: Clock;
  /** Tests lower the scrypt cost so logins take milliseconds. */
  scrypt?: ScryptParams;
  /** Installed slicing engines, preferred first; default availableSlicers() (PrusaSlicer, then cura-wasm). */
  slicers?: () => Promise<Slicer[]>;
  log?: (message: string, err?: unknown) => void;
}

export interface App {
  readonly httpServer: Server;
  readonly queue: QueueServices;
  readonly printers: PrinterRegistry;
  readonly analysis: AnalysisRunner;
  /** Its figures (runs, the children's peak RSS) are the daemon's to report beside its own. */
  readonly analyzer: IsolatedAnalyzer;
  readonly live: LiveGateway<Actor, QueueEvents['job:changed']>;
  readonly library: LibraryServices;
  start(): Promise<{ port: number }>;
  stop(): Promise<void>;
}

/** A slice that takes longer is stuck: even a full-bed model slices in minutes on the 2-core host. */
const SLICE_TIMEOUT_MS = 20 * 60_000;

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function defaultLog(message: string, err?: unknown): void {
  console.error(`tulostamo: ${message}`, err instanceof Error ? err.stack : err ?? '');
}

export async function createApp(opts: AppOptions): Promise<App> {
  const { config } = opts;
  const log = opts.log ?? defaultLog;
  const wallClock = new RealClock(1);
  const virtualClock = new StoppableClock(opts.virtualClock ?? new RealClock(config.virtualTimeScale));
  const built = buildPrinters(config.printers, { real: wallClock, virtual: virtualClock }, {
    ownProcess: config.linkInOwnProcess, virtualTimeScale: config.virtualTimeScale, virtualClockGiven: opts.virtualClock !== undefined,
  });
  const printers = new PrinterRegistry(built.map((b) => b.controller));
  const queue = await openQueueServices({
    dataDir: config.dataDir, printers: built.map((b) => ({ controller: b.controller })),
    maxUploadBytes: config.maxUploadBytes, uploadRateLimitMBps: config.uploadRateLimitMBps, sessionTtlMs: config.sessionTtlMs, scrypt: opts.scrypt,
    policies: config.policies, library: config.library,
  });
  const profiles = new Map(built.map((b) => [b.controller.id, b.profile]));
  // One slice at a time: the host has two cores and a print streaming beside it.
  const slicingBus = new EventBus<SlicingEvents>();
  const slicingQueue = new SlicingQueue({ clock: wallClock, bus: slicingBus, concurrency: 1, timeoutMs: SLICE_TIMEOUT_MS });
  const slicing = new SlicingRunner({ uploads: queue.uploads, queue: slicingQueue, engines: opts.slicers ?? (() => availableSlicers()) });
  const analyzer = new IsolatedAnalyzer({ memoryCapMb: config.analysisMemoryCapMb, timeoutMs: config.analysisTimeoutMs });
  const materials = loadMaterials();
  const analysis = new AnalysisRunner({
    jobs: queue.jobService, jobRepository: queue.jobs, quotes: queue.quotes, uploads: queue.uploads, materials, slicing, previews: queue.previews, timelines: queue.timelines,
    analyzer,
    profileFor: (printerId) => profiles.get(printerId ?? '') ?? built[0].profile,
    log,
  });
  const auth = new RequestAuthenticator(queue.userService);
  const library = openLibraryServices({
    db: queue.db, queueBus: queue.bus, jobs: queue.jobs, config, printerIds: printers.list().map((p) => p.id), clock: wallClock, log,
  });
  queue.dispatcher.setSlotCheck(slotCheckFrom(library.bookings, config.library));
  const readCache = new ReadCache();
  const ctx: ApiContext = {
    config, version: VERSION, auth, users: queue.userService, jobs: queue.jobService, workshops: queue.workshopService,
    dispatcher: queue.dispatcher, settings: queue.settings, uploads: queue.uploads, analysis, previews: queue.previews, printers, materials, readCache,
    reports: library.reports, reservations: library.reservations, notifications: library.notifications, templates: library.templates,
    pickup: queue.pickup, policies: queue.policies, training: queue.training, privacy: queue.privacy, quotes: queue.quotes,
  };
  const httpServer = createServer(createHttpApp(ctx, (err) => log('request failed', err)));
  // The gateway paces pushes on wall time: clients read them in real seconds even when a virtual printer runs faster.
  const canSeeJob = (actor: Actor, job: Job) => can(actor, 'view', job, queue.settings.all());
  const live = new LiveGateway<Actor, QueueEvents['job:changed']>({
    httpServer, clock: wallClock, statusMaxHz: config.statusMaxHz,
    policy: {
      authenticate: ({ cookieHeader, apiKey }) => {
        try { return authenticateCredentials(queue.userService, cookieHeader, apiKey)?.actor ?? null; } catch { return null; }
      },
      canSeeJob: (actor, change) => canSeeJob(actor, change.job),
      seesPrintDetails,
    },
    printerStatuses: () => printers.list().map((p) => p.status()),
    publicBoard: () => ({
      queue: queue.jobService.publicQueue(printers.list().length),
      readyForPickup: queue.jobs.list({ states: ['awaiting_pickup'] }).map((j) => ({ jobId: j.id })),
    }),
  });
  // A status push may come with a saved progress (the dispatcher writes it on the same event).
  const onStatus = (s: PrinterStatus) => { readCache.invalidate(); live.printerStatus(s); };
  queue.bus.on('job:changed', 'live', (change) => { readCache.invalidate(); live.jobChanged(change); });
  // A job cancelled while it is analysed or sliced frees the slicer at once, for the desk's quotes and the next job.
  queue.bus.on('job:changed', 'analysis', ({ job, to }) => { if (to === 'cancelled') analysis.dropJob(job.id); });
  queue.bus.on('queue:changed', 'live', () => { readCache.invalidate(); live.queueChanged(); });
  queue.bus.on('printer:bed_changed', 'live', () => live.queueChanged());
  queue.bus.on('quote:changed', 'live', ({ quote }) => live.pushTo('quote:changed', { quote }, (actor) => canQuote(actor, 'view', quote)));
  // A big model slices for minutes: whoever may see the quote or job sees how far the slicer is.
  slicingBus.on('slicing:progressed', 'live', ({ jobId: key, percent, stage }) => {
    const task = taskOfKey(key);
    const quote = task?.kind === 'quote' ? queue.quotes.analysing(task.id) : null;
    if (quote) live.pushTo('quote:slicing', { quoteId: quote.id, percent, stage }, (actor) => canQuote(actor, 'view', quote));
    const job = task?.kind === 'job' ? queue.jobs.get(task.id) : null;
    if (job) live.pushTo('job:slicing', { jobId: job.id, percent, stage }, (actor) => canSeeJob(actor, job));
  });
  // The sweep decides that a reminder is due; only the notifier (there when SMTP is configured) can mail it.
  const { notifier } = library;
  if (notifier) queue.bus.on('job:pickup_reminder_due', 'pickup-mail', ({ job }) => { void notifier.remind(job); });
  // Pickup reminders, unclaimed deadlines and file retention are decided by time alone, so a timer asks.
  const runSweeps = () => {
    const nowMs = Date.now();
    try { queue.pickup.sweep(nowMs); } catch (err) { log('pickup sweep failed', err); }
    queue.retention.sweep(nowMs).catch((err: unknown) => log('retention sweep failed', err));
    queue.quotes.sweep(nowMs).catch((err: unknown) => log('quote sweep failed', err));
  };
  let sweepTimer: NodeJS.Timeout | null = null;

  return {
    httpServer, queue, printers, analysis, analyzer, live,
    library,
    async start() {
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => { httpServer.off('error', reject); resolve(); });
      });
      for (const p of printers.list()) {
        p.on('printer:status', onStatus);
        // A printer that is off or unplugged must not stop the daemon; the controller keeps retrying.
        p.connectWhenAvailable();
      }
      analysis.resumeAfterRestart();
      library.start();
      runSweeps();
      sweepTimer = setInterval(runSweeps, config.policies.sweepIntervalMs);
      sweepTimer.unref();
      return { port: (httpServer.address() as AddressInfo).port };
    },
    async stop() {
      if (sweepTimer) clearInterval(sweepTimer);
      await analysis.stop();
      queue.bus.removeOwner('live');
      queue.bus.removeOwner('pickup-mail');
      for (const p of printers.list()) p.off('printer:status', onStatus);
      // io.close() also closes the HTTP server, which waits for keep-alive sockets unless told to drop idle ones.
      const closed = live.close();
      httpServer.closeIdleConnections();
      await closed;
      await Promise.all(printers.list().map((p) => p.disconnect().catch((err: unknown) => log(`printer ${p.id} did not disconnect`, err))));
      virtualClock.stop();
      await library.stop();
      queue.close();
    },
  };
}
