/**
 * The pickup shelf: the sweep that sends reminders and turns overdue prints `unclaimed`, and what a
 * patron is shown about their waiting print. The decisions are `pickupDue`'s; this file records them.
 *
 *   sweep(nowMs)                  run by app.ts on a timer; emits `job:pickup_reminder_due`
 *   status(actor, jobId)          location, ready time, deadline, reminders sent
 */
import { AppError } from '../core/errors.js';
import { pickupDeadlineMs, pickupDue } from './pickup-schedule.js';
export class PickupService {
    deps;
    constructor(deps) {
        this.deps = deps;
    }
    sweep(nowMs) {
        const result = { remindedJobIds: [], unclaimedJobIds: [] };
        for (const { job, readyAtMs, remindersSent } of this.deps.jobs.awaitingPickup()) {
            const due = pickupDue(readyAtMs, remindersSent, this.deps.rules, nowMs);
            if (due === null)
                continue;
            if (due.kind === 'unclaimed') {
                if (this.record(job, 'pickup_expired', 'pickup_deadline_passed', null))
                    result.unclaimedJobIds.push(job.id);
                continue;
            }
            const reminded = this.record(job, 'pickup_reminded', 'pickup_reminder', `reminder ${due.reminderNumber}`);
            if (!reminded)
                continue;
            result.remindedJobIds.push(job.id);
            this.deps.bus.emit('job:pickup_reminder_due', {
                job: reminded, reminderNumber: due.reminderNumber, readyAtMs, deadlineMs: pickupDeadlineMs(readyAtMs, this.deps.rules),
            });
        }
        return result;
    }
    status(actor, jobId) {
        const job = this.deps.jobService.get(actor, jobId);
        const waiting = this.deps.jobs.awaitingPickup().find((w) => w.job.id === job.id);
        if (!waiting) {
            throw new AppError('job_not_awaiting_pickup', `job ${job.id} is ${job.state}, not waiting for pickup`, 409, { jobId: job.id, state: job.state });
        }
        return {
            jobId: job.id, location: job.pickupLocation, readyAtMs: waiting.readyAtMs,
            deadlineMs: pickupDeadlineMs(waiting.readyAtMs, this.deps.rules), remindersSent: waiting.remindersSent,
        };
    }
    /** null when staff collected the print meanwhile: the sweep lost the race, which is fine. */
    record(job, event, reasonCode, note) {
        try {
            return this.deps.jobService.apply(job.id, { event, actorId: null, expectedState: 'awaiting_pickup', reasonCode, note });
        }
        catch (err) {
            if (err instanceof AppError && err.code === 'job_state_conflict')
                return null;
            throw err;
        }
    }
}
//# sourceMappingURL=pickup-service.js.map