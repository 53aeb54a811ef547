/**
 * A patron's data, on request: everything the daemon holds about them as one JSON document, and
 * deletion that keeps the statistics. Jobs and their events stay (reports count them); what names the
 * person goes: display name, card, e-mail, login, their own notes and the names of their files.
 *
 *   exportData(actor, userId)   the patron themself, or staff
 *   anonymise(actor, userId)    the patron themself, or staff; refused while a job is still open
 */
import { AppError } from '../core/errors.js';
import { forbidden } from '../jobs/job-policy.js';
import { ACTIVE_JOB_STATES } from '../jobs/job-states.js';
import { WAITING_STATES } from '../jobs/job-service.js';
/** A job still in these states needs its owner: cancel it (or let it print) before deleting them. */
const OPEN_STATES = [...WAITING_STATES, ...ACTIVE_JOB_STATES, 'sent_back'];
function selfOrStaff(actor, userId, action) {
    if (actor.role !== 'staff' && actor.userId !== userId)
        throw forbidden(action);
}
export class PrivacyService {
    deps;
    constructor(deps) {
        this.deps = deps;
    }
    exportData(actor, userId) {
        selfOrStaff(actor, userId, 'user_export');
        const user = this.deps.users.require(userId);
        return {
            format: 'tulostamo-patron-export/1',
            exportedAtMs: this.deps.now(),
            user,
            training: this.deps.training.forUser(userId),
            apiKeys: this.deps.credentials.apiKeysOf(userId),
            jobs: this.deps.jobs.list({ ownerId: userId }).map((job) => ({ ...job, events: this.deps.jobs.events(job.id) })),
        };
    }
    anonymise(actor, userId) {
        selfOrStaff(actor, userId, 'user_delete');
        const user = this.deps.users.require(userId);
        // Instructors and staff own workshops and decisions that must stay attributable.
        if (user.role !== 'patron')
            throw new AppError('anonymise_not_patron', 'only patron accounts are deleted this way', 409, { userId, role: user.role });
        if (user.anonymisedAtMs !== null)
            return user;
        const open = this.deps.jobs.list({ ownerId: userId, states: OPEN_STATES }).map((j) => j.id);
        if (open.length > 0) {
            throw new AppError('user_has_open_jobs', `user ${userId} still has jobs in the queue or on a printer`, 409, { userId, jobIds: open });
        }
        const nowMs = this.deps.now();
        this.deps.jobs.transactionally(() => {
            this.deps.users.anonymise(userId, nowMs);
            this.deps.jobs.anonymiseOwned(userId, nowMs);
            this.deps.credentials.deleteSessionsOf(userId);
            for (const key of this.deps.credentials.apiKeysOf(userId)) {
                if (key.revokedAtMs === null)
                    this.deps.credentials.revokeApiKey(key.id, nowMs);
            }
        });
        return this.deps.users.require(userId);
    }
}
//# sourceMappingURL=privacy-service.js.map