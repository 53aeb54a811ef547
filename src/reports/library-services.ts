/**
 * Builds the library-service side (reports, reservations, notifications) on the queue's database
 * and bus, for app.ts and the integration tests.
 *
 *   const lib = openLibraryServices({ db, queueBus, jobs, config, dataDir, clock });
 *   lib.start();   resumes pending webhook deliveries
 *   await lib.stop();
 */
import type { Config } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import { EventBus } from '../core/event-bus.js';
import type { JobRepository } from '../jobs/job-repository.js';
import type { QueueEvents } from '../jobs/queue-events.js';
import { WorkshopRepository } from '../jobs/workshop-repository.js';
import { JobNotifier } from '../notifications/job-notifier.js';
import { Mailer } from '../notifications/mailer.js';
import { NotificationService } from '../notifications/notification-service.js';
import { RecipientRepository } from '../notifications/recipient-repository.js';
import { DEFAULT_MAX_RETRY_DELAY_MS } from '../notifications/retry-schedule.js';
import { TemplateService } from '../notifications/template-service.js';
import { TemplateStore } from '../notifications/template-store.js';
import { WebhookRepository } from '../notifications/webhook-repository.js';
import { WebhookSender } from '../notifications/webhook-sender.js';
import { BookingRepository } from '../reservations/booking-repository.js';
import type { Booking, ReservationEvents } from '../reservations/booking-types.js';
import { ReservationService } from '../reservations/reservation-service.js';
import type { Db } from '../storage/db.js';
import { ReportService } from './report-service.js';
import { UsageRepository } from './usage-repository.js';

export interface LibraryServicesOptions {
  db: Db;
  queueBus: EventBus<QueueEvents>;
  jobs: JobRepository;
  config: Pick<Config, 'dataDir' | 'library' | 'smtp' | 'webhooks' | 'webhookRetryBaseMs' | 'webhookMaxAttempts'>;
  /** The printers the daemon runs (the built-in virtual one when none is configured); each is bookable. */
  printerIds: readonly string[];
  /** Schedules webhook retries. */
  clock: Clock;
  /** Wall-clock epoch ms for stored times. */
  now?: () => number;
  log: (message: string, err?: unknown) => void;
}

export interface LibraryServices {
  reports: ReportService;
  reservations: ReservationService;
  reservationBus: EventBus<ReservationEvents>;
  bookings: BookingRepository;
  notifications: NotificationService;
  /** Staff edit the e-mail texts even while SMTP is off, so they are ready when it is turned on. */
  templates: TemplateService;
  notifier: JobNotifier | null;
  webhooks: WebhookSender;
  start(): void;
  stop(): Promise<void>;
}

const OWNER = 'library-webhooks';

/** The city's systems get what happened, never who: no owner, names or file names. */
function bookingMessage(booking: Booking) {
  const { bookedBy: _bookedBy, title: _title, ...rest } = booking;
  return rest;
}

export function openLibraryServices(opts: LibraryServicesOptions): LibraryServices {
  const now = opts.now ?? Date.now;
  const { db, config } = opts;
  const bookings = new BookingRepository(db);
  const reservationBus = new EventBus<ReservationEvents>();
  const reservations = new ReservationService({
    bookings, workshops: new WorkshopRepository(db), library: config.library, printerIds: opts.printerIds,
    bus: reservationBus, now,
  });
  const recipients = new RecipientRepository(db);
  const deliveries = new WebhookRepository(db);
  const webhooks = new WebhookSender({
    hooks: config.webhooks, deliveries, clock: opts.clock, now, log: opts.log,
    retry: { baseDelayMs: config.webhookRetryBaseMs, maxAttempts: config.webhookMaxAttempts, maxDelayMs: DEFAULT_MAX_RETRY_DELAY_MS },
  });
  const templates = new TemplateStore(config.dataDir);
  const mailer = config.smtp ? new Mailer(config.smtp) : null;
  const notifier = mailer
    ? new JobNotifier({ mailer, templates, recipients, jobs: opts.jobs, log: opts.log })
    : null;

  notifier?.attach(opts.queueBus);
  opts.queueBus.on('job:changed', OWNER, (c) => webhooks.publish('job:changed', {
    jobId: c.job.id, event: c.event, from: c.from, to: c.to, reasonCode: c.reasonCode, printerId: c.job.printerId,
    workshopId: c.job.workshopId,
  }));
  reservationBus.on('booking:created', OWNER, ({ booking }) => webhooks.publish('booking:created', bookingMessage(booking)));
  reservationBus.on('booking:cancelled', OWNER, ({ booking }) => webhooks.publish('booking:cancelled', bookingMessage(booking)));

  return {
    reports: new ReportService(new UsageRepository(db), config.library.timeZone),
    reservations, reservationBus, bookings, notifications: new NotificationService(recipients, deliveries),
    templates: new TemplateService(templates), notifier, webhooks,
    start() { webhooks.resume(); },
    async stop() {
      notifier?.detach(opts.queueBus);
      opts.queueBus.removeOwner(OWNER);
      reservationBus.removeOwner(OWNER);
      await notifier?.settled();
      await webhooks.stop();
      mailer?.close();
    },
  };
}
