/**
 * Builds the queue side of the daemon in the right order, for app.ts and integration tests:
 * open the database (migrations) → prepare the upload store and sweep orphans → interrupt jobs a
 * dead daemon left on printers → follow the printers' events.
 *
 *   const q = await openQueueServices({ dataDir, printers, bus });
 *   … q.jobService / q.workshopService / q.userService / q.dispatcher / q.uploads …
 *   q.close();
 */
import { EventBus } from '../core/event-bus.js';
import { openDatabase, type Db } from '../storage/db.js';
import { SettingsRepository } from '../storage/settings-repository.js';
import { DEFAULT_MAX_UPLOAD_BYTES, UploadStore } from '../uploads/upload-store.js';
import { CredentialRepository } from '../users/credential-repository.js';
import type { ScryptParams } from '../users/secret-hash.js';
import { UserService } from '../users/user-service.js';
import { UserRepository } from '../users/user-repository.js';
import { BedRepository } from './bed-repository.js';
import { Dispatcher, type DispatchPrinter } from './dispatcher.js';
import { JobRepository } from './job-repository.js';
import { JobService } from './job-service.js';
import type { QueueEvents } from './queue-events.js';
import { WorkshopRepository } from './workshop-repository.js';
import { WorkshopService } from './workshop-service.js';

export interface QueueServicesOptions {
  dataDir: string;
  printers?: readonly DispatchPrinter[];
  /** Share the app's bus so the live gateway hears `job:changed` / `queue:changed` / `printer:bed_changed`. */
  bus?: EventBus<QueueEvents>;
  /** Wall-clock epoch ms for stored times. */
  now?: () => number;
  maxUploadBytes?: number;
  sessionTtlMs?: number;
  /** Tests lower the scrypt cost; production keeps the default. */
  scrypt?: ScryptParams;
  log?: (message: string, err: unknown) => void;
}

export interface QueueServices {
  db: Db;
  bus: EventBus<QueueEvents>;
  settings: SettingsRepository;
  jobs: JobRepository;
  beds: BedRepository;
  uploads: UploadStore;
  jobService: JobService;
  workshopService: WorkshopService;
  userService: UserService;
  dispatcher: Dispatcher;
  startup: { tempFilesRemoved: number; orphansRemoved: number; interruptedJobIds: number[]; bedsForgotten: number };
  close(): void;
}

export async function openQueueServices(opts: QueueServicesOptions): Promise<QueueServices> {
  const now = opts.now ?? Date.now;
  const db = openDatabase(opts.dataDir);
  const bus = opts.bus ?? new EventBus<QueueEvents>();
  const settings = new SettingsRepository(db);
  const jobs = new JobRepository(db);
  const beds = new BedRepository(db);
  const workshops = new WorkshopRepository(db);
  const uploads = new UploadStore(opts.dataDir, opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES);
  const swept = await uploads.sweep(jobs.referencedFiles());
  const jobService = new JobService({ jobs, workshops, settings, bus, now });
  const workshopService = new WorkshopService({ workshops, jobs, jobService, now });
  const userService = new UserService(new UserRepository(db), new CredentialRepository(db),
    { now, sessionTtlMs: opts.sessionTtlMs, scrypt: opts.scrypt });
  const dispatcher = new Dispatcher({ jobs, jobService, beds, workshops, settings, uploads, bus, printers: opts.printers ?? [], now, log: opts.log });
  const recovered = dispatcher.recoverAtStartup();
  dispatcher.attach();
  return {
    db, bus, settings, jobs, beds, uploads, jobService, workshopService, userService, dispatcher,
    startup: { ...swept, ...recovered },
    close() {
      dispatcher.detach();
      db.close();
    },
  };
}
