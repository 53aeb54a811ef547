import { EventBus } from '../core/event-bus.js';
import { WorkshopRepository } from '../jobs/workshop-repository.js';
import { JobNotifier } from '../notifications/job-notifier.js';
import { Mailer } from '../notifications/mailer.js';
import { NotificationService } from '../notifications/notification-service.js';
import { RecipientRepository } from '../notifications/recipient-repository.js';
import { DEFAULT_MAX_RETRY_DELAY_MS } from '../notifications/retry-schedule.js';
import { TemplateStore } from '../notifications/template-store.js';
import { WebhookRepository } from '../notifications/webhook-repository.js';
import { WebhookSender } from '../notifications/webhook-sender.js';
import { BookingRepository } from '../reservations/booking-repository.js';
import { ReservationService } from '../reservations/reservation-service.js';
import { migrateLibrary } from './library-schema.js';
import { ReportService } from './report-service.js';
import { UsageRepository } from './usage-repository.js';
const OWNER = 'library-webhooks';
/** The city's systems get what happened, never who: no owner, names or file names. */
function bookingMessage(booking) {
    const { bookedBy: _bookedBy, title: _title, ...rest } = booking;
    return rest;
}
export function openLibraryServices(opts) {
    const now = opts.now ?? Date.now;
    const { db, config } = opts;
    migrateLibrary(db, now());
    const bookings = new BookingRepository(db);
    const reservationBus = new EventBus();
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
    const mailer = config.smtp ? new Mailer(config.smtp) : null;
    const notifier = mailer
        ? new JobNotifier({ mailer, templates: new TemplateStore(config.dataDir), recipients, jobs: opts.jobs, log: opts.log })
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
        reservations, reservationBus, bookings, notifications: new NotificationService(recipients, deliveries), notifier, webhooks,
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
//# sourceMappingURL=library-services.js.map