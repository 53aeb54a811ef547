/**
 * Builds the queue side of the daemon in the right order, for app.ts and integration tests:
 * open the database (migrations) → prepare the upload store and sweep orphan files, previews and timelines → interrupt jobs a
 * dead daemon left on printers → follow the printers' events.
 *
 *   const q = await openQueueServices({ dataDir, printers, bus });
 *   … q.jobService / q.workshopService / q.userService / q.dispatcher / q.uploads …
 *   q.close();
 */
import { PreviewStore } from '../composition/preview-store.js';
import { TimelineStore } from '../composition/timeline-store.js';
import { parseConfig, type LibraryConfig, type PoliciesConfig } from '../config/config.js';
import { EventBus } from '../core/event-bus.js';
import { QuoteRepository } from '../quotes/quote-repository.js';
import { QuoteService } from '../quotes/quote-service.js';
import { BookingRepository } from '../reservations/booking-repository.js';
import { openDatabase, type Db } from '../storage/db.js';
import { SettingsRepository } from '../storage/settings-repository.js';
import { IntakeThrottle } from '../uploads/intake-throttle.js';
import { DEFAULT_MAX_UPLOAD_BYTES, UploadStore } from '../uploads/upload-store.js';
import { CredentialRepository } from '../users/credential-repository.js';
import type { ScryptParams } from '../users/secret-hash.js';
import { UserService } from '../users/user-service.js';
import { UserRepository } from '../users/user-repository.js';
import { PrivacyService } from '../users/privacy-service.js';
import { TrainingRepository } from '../users/training-repository.js';
import { TrainingService } from '../users/training-service.js';
import { BedRepository } from './bed-repository.js';
import { Dispatcher, type DispatchPrinter } from './dispatcher.js';
import { FileRelease } from './file-release.js';
import { JobRepository } from './job-repository.js';
import { JobService } from './job-service.js';
import { PickupService } from './pickup-service.js';
import { PolicyService } from './policy-service.js';
import type { QueueEvents } from './queue-events.js';
import { RetentionService } from './retention-service.js';
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
  /** Shared by all uploads; absent or 0 = unlimited. */
  uploadRateLimitMBps?: number;
  sessionTtlMs?: number;
  /** Tests lower the scrypt cost; production keeps the default. */
  scrypt?: ScryptParams;
  log?: (message: string, err: unknown) => void;
  /** Print rules, pickup deadlines and retention; what is left out takes the config defaults (rules off). */
  policies?: Partial<PoliciesConfig>;
  /** Opening hours and time zone the hours rules read. */
  library?: Pick<LibraryConfig, 'timeZone' | 'openingHours' | 'closedDates'>;
}

export interface QueueServices {
  db: Db;
  bus: EventBus<QueueEvents>;
  settings: SettingsRepository;
  jobs: JobRepository;
  beds: BedRepository;
  uploads: UploadStore;
  previews: PreviewStore;
  timelines: TimelineStore;
  jobService: JobService;
  workshopService: WorkshopService;
  userService: UserService;
  dispatcher: Dispatcher;
  policies: PolicyService;
  pickup: PickupService;
  retention: RetentionService;
  quotes: QuoteService;
  training: TrainingService;
  privacy: PrivacyService;
  startup: { tempFilesRemoved: number; orphansRemoved: number; previewsRemoved: number; timelinesRemoved: number; interruptedJobIds: number[]; bedsForgotten: number };
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
  const quoteRecords = new QuoteRepository(db);
  const referencedFiles = () => new Set([...jobs.referencedFiles(), ...quoteRecords.referencedFiles()]);
  const uploadBytesPerSecond = (opts.uploadRateLimitMBps ?? 0) * 1024 * 1024;
  const uploads = new UploadStore(opts.dataDir, opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES, new IntakeThrottle(uploadBytesPerSecond));
  const previews = new PreviewStore(opts.dataDir);
  const stillReferenced = referencedFiles();
  const swept = await uploads.sweep(stillReferenced);
  const previewsRemoved = await previews.sweep(stillReferenced);
  const timelines = new TimelineStore(opts.dataDir);
  const timelinesRemoved = await timelines.sweep(stillReferenced);
  const files = new FileRelease({ uploads, previews, timelines, referencedFiles });
  const defaults = parseConfig({});
  const rules = { ...defaults.policies, ...opts.policies };
  const trainingRecords = new TrainingRepository(db);
  const policies = new PolicyService({ jobs, training: trainingRecords, rules, hours: opts.library ?? defaults.library });
  const jobService = new JobService({ jobs, workshops, settings, bus, policies, training: trainingRecords, now });
  const workshopService = new WorkshopService({ workshops, jobs, jobService, now });
  const users = new UserRepository(db);
  const credentials = new CredentialRepository(db);
  const userService = new UserService(users, credentials, { now, sessionTtlMs: opts.sessionTtlMs, scrypt: opts.scrypt });
  const dispatcher = new Dispatcher({
    jobs, jobService, policies, beds, workshops, settings, uploads, timelines, bus, printers: opts.printers ?? [], now, log: opts.log,
  });
  const pickup = new PickupService({ jobs, jobService, bus, rules });
  const retention = new RetentionService({ jobs, files, bus, deleteFilesAfterDays: rules.deleteFilesAfterDays });
  const quotes = new QuoteService({ quotes: quoteRecords, jobs: jobService, policies, files, bus, now });
  const training = new TrainingService({ training: trainingRecords, users, now });
  const privacy = new PrivacyService({ users, credentials, training: trainingRecords, jobs, bookings: new BookingRepository(db), now });
  const recovered = dispatcher.recoverAtStartup();
  dispatcher.attach();
  return {
    db, bus, settings, jobs, beds, uploads, previews, timelines, jobService, workshopService, userService, dispatcher,
    policies, pickup, retention, quotes, training, privacy,
    startup: { ...swept, previewsRemoved, timelinesRemoved, ...recovered },
    close() {
      dispatcher.detach();
      db.close();
    },
  };
}
