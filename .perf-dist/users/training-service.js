/**
 * Training records as people see them. Staff and instructors mark a patron trained (a workshop held
 * outside the system, a one-to-one introduction); collecting a workshop print records it on its own
 * (JobService.collect). A patron may read their own records; only staff withdraw one.
 */
import { AppError } from '../core/errors.js';
import { forbidden } from '../jobs/job-policy.js';
export class TrainingService {
    deps;
    constructor(deps) {
        this.deps = deps;
    }
    markTrained(actor, userId, note = null) {
        if (actor.role === 'patron')
            throw forbidden('training_record');
        const user = this.patron(userId);
        this.deps.training.record({ userId: user.id, workshopId: null, recordedBy: actor.userId, recordedAtMs: this.deps.now(), note });
        return this.deps.training.forUser(user.id);
    }
    records(actor, userId) {
        if (actor.role === 'patron' && actor.userId !== userId)
            throw forbidden('training_view');
        return this.deps.training.forUser(this.patron(userId).id);
    }
    withdraw(actor, userId, recordId) {
        if (actor.role !== 'staff')
            throw forbidden('training_withdraw');
        if (!this.deps.training.remove(userId, recordId)) {
            throw new AppError('training_record_not_found', `user ${userId} has no training record ${recordId}`, 404, { userId, recordId });
        }
        return this.deps.training.forUser(userId);
    }
    /** Training only changes what patrons may do; staff and instructors are trusted already. */
    patron(userId) {
        const user = this.deps.users.require(userId);
        if (user.role !== 'patron')
            throw new AppError('training_not_for_role', 'only patrons have training records', 409, { userId, role: user.role });
        return user;
    }
}
//# sourceMappingURL=training-service.js.map