/**
 * A patron's data, on request: everything the daemon holds about them as one JSON document, and
 * deletion that keeps the statistics. Jobs and their events stay (reports count them); what names the
 * person goes: display name, card, e-mail, login, their own notes, the names of their files, and who
 * made their bookings and what they called them.
 *
 *   exportData(actor, userId)   the patron themself, or staff
 *   anonymise(actor, userId)    the patron themself, or staff; refused while a job is still open
 */
import { AppError } from '../core/errors.js';
import { forbidden } from '../jobs/job-policy.js';
import type { JobRepository } from '../jobs/job-repository.js';
import { ACTIVE_JOB_STATES } from '../jobs/job-states.js';
import type { Job, JobEventRecord } from '../jobs/job-types.js';
import { WAITING_STATES } from '../jobs/job-service.js';
import type { BookingRepository } from '../reservations/booking-repository.js';
import type { Booking } from '../reservations/booking-types.js';
import type { ApiKeyRecord, CredentialRepository } from './credential-repository.js';
import type { TrainingRecord, TrainingRepository } from './training-repository.js';
import type { UserRepository } from './user-repository.js';
import type { Actor, User } from './user-types.js';

export interface PatronExport {
  format: 'tulostamo-patron-export/1';
  exportedAtMs: number;
  user: User;
  training: TrainingRecord[];
  /** Labels and dates only: the keys themselves are stored hashed and never shown again. */
  apiKeys: ApiKeyRecord[];
  jobs: Array<Job & { events: JobEventRecord[] }>;
  /** Every booking they made, cancelled and past ones too. */
  bookings: Booking[];
}

export interface PrivacyDeps {
  users: UserRepository;
  credentials: CredentialRepository;
  training: TrainingRepository;
  jobs: JobRepository;
  bookings: Pick<BookingRepository, 'anonymiseBookedBy' | 'list'>;
  now: () => number;
}

/** A job still in these states needs its owner: cancel it (or let it print) before deleting them. */
const OPEN_STATES = [...WAITING_STATES, ...ACTIVE_JOB_STATES, 'sent_back'] as const;

function selfOrStaff(actor: Actor, userId: number, action: string): void {
  if (actor.role !== 'staff' && actor.userId !== userId) throw forbidden(action);
}

export class PrivacyService {
  constructor(private readonly deps: PrivacyDeps) {}

  exportData(actor: Actor, userId: number): PatronExport {
    selfOrStaff(actor, userId, 'user_export');
    const user = this.deps.users.require(userId);
    return {
      format: 'tulostamo-patron-export/1',
      exportedAtMs: this.deps.now(),
      user,
      training: this.deps.training.forUser(userId),
      apiKeys: this.deps.credentials.apiKeysOf(userId),
      jobs: this.deps.jobs.list({ ownerId: userId }).map((job) => ({ ...job, events: this.deps.jobs.events(job.id) })),
      bookings: this.deps.bookings.list({ bookedBy: userId, includeCancelled: true }),
    };
  }

  anonymise(actor: Actor, userId: number): User {
    selfOrStaff(actor, userId, 'user_delete');
    const user = this.deps.users.require(userId);
    // Instructors and staff own workshops and decisions that must stay attributable.
    if (user.role !== 'patron') throw new AppError('anonymise_not_patron', 'only patron accounts are deleted this way', 409, { userId, role: user.role });
    if (user.anonymisedAtMs !== null) return user;
    const open = this.deps.jobs.list({ ownerId: userId, states: OPEN_STATES }).map((j) => j.id);
    if (open.length > 0) {
      throw new AppError('user_has_open_jobs', `user ${userId} still has jobs in the queue or on a printer`, 409, { userId, jobIds: open });
    }
    const nowMs = this.deps.now();
    this.deps.jobs.transactionally(() => {
      this.deps.users.anonymise(userId, nowMs);
      this.deps.jobs.anonymiseOwned(userId, nowMs);
      this.deps.bookings.anonymiseBookedBy(userId);
      this.deps.credentials.deleteSessionsOf(userId);
      for (const key of this.deps.credentials.apiKeysOf(userId)) {
        if (key.revokedAtMs === null) this.deps.credentials.revokeApiKey(key.id, nowMs);
      }
    });
    return this.deps.users.require(userId);
  }
}
