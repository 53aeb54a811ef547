/**
 * Composition root: builds the queue services, the printers, the HTTP API and the live gateway by
 * hand, in start-up order, and takes them down in reverse. `serve` and the integration tests both
 * use it, so what is tested is what runs.
 *
 *   const app = await createApp({ config });   opens the DB, sweeps orphans, interrupts dead prints
 *   const { port } = await app.start();        listens, connects printers, resumes analysis
 *   await app.stop();
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { loadMaterials } from './analysis/materials.js';
import { AnalysisRunner } from './composition/analysis-runner.js';
import { PrinterRegistry } from './composition/printer-registry.js';
import { buildPrinters } from './composition/printers.js';
import { StoppableClock } from './composition/stoppable-clock.js';
import { RealClock } from './core/clock.js';
import { can } from './jobs/job-policy.js';
import { openQueueServices } from './jobs/queue-services.js';
import { LiveGateway } from './http/live/live-gateway.js';
import { RequestAuthenticator, authenticateCredentials } from './http/request-auth.js';
import { ReadCache } from './http/read-cache.js';
import { createHttpApp } from './http/server.js';
import { seesPrintDetails } from './http/status-view.js';
import { openLibraryServices } from './reports/library-services.js';
const VERSION = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
function defaultLog(message, err) {
    console.error(`tulostamo: ${message}`, err instanceof Error ? err.stack : err ?? '');
}
export async function createApp(opts) {
    const { config } = opts;
    const log = opts.log ?? defaultLog;
    const wallClock = new RealClock(1);
    const virtualClock = new StoppableClock(opts.virtualClock ?? new RealClock(config.virtualTimeScale));
    const built = buildPrinters(config.printers, { real: wallClock, virtual: virtualClock });
    const printers = new PrinterRegistry(built.map((b) => b.controller));
    const queue = await openQueueServices({
        dataDir: config.dataDir, printers: built.map((b) => ({ controller: b.controller })),
        maxUploadBytes: config.maxUploadBytes, sessionTtlMs: config.sessionTtlMs, scrypt: opts.scrypt,
        policies: config.policies, library: config.library,
    });
    const profiles = new Map(built.map((b) => [b.controller.id, b.profile]));
    const analysis = new AnalysisRunner({
        jobs: queue.jobService, jobRepository: queue.jobs, uploads: queue.uploads, materials: loadMaterials(),
        profileFor: (printerId) => profiles.get(printerId ?? '') ?? built[0].profile,
        log,
    });
    const auth = new RequestAuthenticator(queue.userService);
    const library = openLibraryServices({
        db: queue.db, queueBus: queue.bus, jobs: queue.jobs, config, printerIds: printers.list().map((p) => p.id), clock: wallClock, log,
    });
    const readCache = new ReadCache();
    const ctx = {
        config, version: VERSION, auth, users: queue.userService, jobs: queue.jobService, workshops: queue.workshopService,
        dispatcher: queue.dispatcher, settings: queue.settings, uploads: queue.uploads, analysis, printers, readCache,
        reports: library.reports, reservations: library.reservations, notifications: library.notifications,
        pickup: queue.pickup, policies: queue.policies, training: queue.training, privacy: queue.privacy,
    };
    const httpServer = createServer(createHttpApp(ctx, (err) => log('request failed', err)));
    // The gateway paces pushes on wall time: clients read them in real seconds even when a virtual printer runs faster.
    const live = new LiveGateway({
        httpServer, clock: wallClock, statusMaxHz: config.statusMaxHz,
        policy: {
            authenticate: ({ cookieHeader, apiKey }) => {
                try {
                    return authenticateCredentials(queue.userService, cookieHeader, apiKey)?.actor ?? null;
                }
                catch {
                    return null;
                }
            },
            canSeeJob: (actor, change) => can(actor, 'view', change.job, queue.settings.all()),
            seesPrintDetails,
        },
        printerStatuses: () => printers.list().map((p) => p.status()),
        publicQueue: () => queue.jobService.publicQueue(printers.list().length),
    });
    // A status push may come with a saved progress (the dispatcher writes it on the same event).
    const onStatus = (s) => { readCache.invalidate(); live.printerStatus(s); };
    queue.bus.on('job:changed', 'live', (change) => { readCache.invalidate(); live.jobChanged(change); });
    queue.bus.on('queue:changed', 'live', () => { readCache.invalidate(); live.queueChanged(); });
    queue.bus.on('printer:bed_changed', 'live', () => live.queueChanged());
    // Pickup reminders, unclaimed deadlines and file retention are decided by time alone, so a timer asks.
    const runSweeps = () => {
        const nowMs = Date.now();
        try {
            queue.pickup.sweep(nowMs);
        }
        catch (err) {
            log('pickup sweep failed', err);
        }
        queue.retention.sweep(nowMs).catch((err) => log('retention sweep failed', err));
    };
    let sweepTimer = null;
    return {
        httpServer, queue, printers, analysis, live,
        library,
        async start() {
            await new Promise((resolve, reject) => {
                httpServer.once('error', reject);
                httpServer.listen(config.port, config.host, () => { httpServer.off('error', reject); resolve(); });
            });
            for (const p of printers.list()) {
                p.on('printer:status', onStatus);
                // A printer that is off or unplugged must not stop the daemon; the controller keeps retrying.
                p.connect().catch((err) => log(`printer ${p.id} did not connect`, err));
            }
            analysis.resumeAfterRestart();
            library.start();
            runSweeps();
            sweepTimer = setInterval(runSweeps, config.policies.sweepIntervalMs);
            sweepTimer.unref();
            return { port: httpServer.address().port };
        },
        async stop() {
            if (sweepTimer)
                clearInterval(sweepTimer);
            await analysis.stop();
            queue.bus.removeOwner('live');
            for (const p of printers.list())
                p.off('printer:status', onStatus);
            // io.close() also closes the HTTP server, which waits for keep-alive sockets unless told to drop idle ones.
            const closed = live.close();
            httpServer.closeIdleConnections();
            await closed;
            await Promise.all(printers.list().map((p) => p.disconnect().catch((err) => log(`printer ${p.id} did not disconnect`, err))));
            virtualClock.stop();
            await library.stop();
            queue.close();
        },
    };
}
//# sourceMappingURL=app.js.map