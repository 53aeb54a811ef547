/**
 * Builds the queue side of the daemon in the right order, for app.ts and integration tests:
 * open the database (migrations) → prepare the upload store and sweep orphans → interrupt jobs a
 * dead daemon left on printers → follow the printers' events.
 *
 *   const q = await openQueueServices({ dataDir, printers, bus });
 *   … q.jobService / q.workshopService / q.userService / q.dispatcher / q.uploads …
 *   q.close();
 */
import { parseConfig } from '../config/config.js';
import { EventBus } from '../core/event-bus.js';
import { openDatabase } from '../storage/db.js';
import { SettingsRepository } from '../storage/settings-repository.js';
import { DEFAULT_MAX_UPLOAD_BYTES, UploadStore } from '../uploads/upload-store.js';
import { CredentialRepository } from '../users/credential-repository.js';
import { UserService } from '../users/user-service.js';
import { UserRepository } from '../users/user-repository.js';
import { PrivacyService } from '../users/privacy-service.js';
import { TrainingRepository } from '../users/training-repository.js';
import { TrainingService } from '../users/training-service.js';
import { BedRepository } from './bed-repository.js';
import { Dispatcher } from './dispatcher.js';
import { JobRepository } from './job-repository.js';
import { JobService } from './job-service.js';
import { PickupService } from './pickup-service.js';
import { PolicyService } from './policy-service.js';
import { RetentionService } from './retention-service.js';
import { WorkshopRepository } from './workshop-repository.js';
import { WorkshopService } from './workshop-service.js';
export async function openQueueServices(opts) {
    const now = opts.now ?? Date.now;
    const db = openDatabase(opts.dataDir);
    const bus = opts.bus ?? new EventBus();
    const settings = new SettingsRepository(db);
    const jobs = new JobRepository(db);
    const beds = new BedRepository(db);
    const workshops = new WorkshopRepository(db);
    const uploads = new UploadStore(opts.dataDir, opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES);
    const swept = await uploads.sweep(jobs.referencedFiles());
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
        jobs, jobService, policies, beds, workshops, settings, uploads, bus, printers: opts.printers ?? [], now, log: opts.log,
    });
    const pickup = new PickupService({ jobs, jobService, bus, rules });
    const retention = new RetentionService({ jobs, uploads, bus, deleteFilesAfterDays: rules.deleteFilesAfterDays });
    const training = new TrainingService({ training: trainingRecords, users, now });
    const privacy = new PrivacyService({ users, credentials, training: trainingRecords, jobs, now });
    const recovered = dispatcher.recoverAtStartup();
    dispatcher.attach();
    return {
        db, bus, settings, jobs, beds, uploads, jobService, workshopService, userService, dispatcher,
        policies, pickup, retention, training, privacy,
        startup: { ...swept, ...recovered },
        close() {
            dispatcher.detach();
            db.close();
        },
    };
}
//# sourceMappingURL=queue-services.js.map