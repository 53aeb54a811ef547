/**
 * Workshops: an instructor opens one (title, time window, printers) and gets a join code; patrons
 * submit against the code (JobService.submit); the instructor reviews the batch in one action and
 * orders it by material and colour so filament changes are few.
 *
 *   create(actor, input) / get / list
 *   jobs(actor, workshopId)                       the batch, in queue order
 *   approveAll(actor, workshopId, jobIds?)        per-job results
 *   rejectAll(actor, workshopId, jobIds, reasonCode, note)
 *   prioritise(actor, workshopId, priority)       all of the workshop's waiting jobs
 *   orderByMaterial(actor, workshopId)            material, then colour, then submission order
 */
import { randomInt } from 'node:crypto';
import { AppError } from '../core/errors.js';
import { canDo, canManageWorkshop, forbidden } from './job-policy.js';
import { WAITING_STATES } from './job-service.js';
import { generateJoinCode } from './join-code.js';
const MAX_JOIN_CODE_ATTEMPTS = 20;
/** Sorts for one filament change per material/colour group; nulls last, then the queue's own order. */
function materialOrder(a, b) {
    const key = (j) => [j.material ?? '\uffff', j.colour ?? '\uffff'];
    const [am, ac] = key(a);
    const [bm, bc] = key(b);
    return am.localeCompare(bm, 'fi') || ac.localeCompare(bc, 'fi') || a.position - b.position;
}
export class WorkshopService {
    deps;
    now;
    randomIndex;
    constructor(deps) {
        this.deps = deps;
        this.now = deps.now ?? Date.now;
        this.randomIndex = deps.randomIndex ?? ((n) => randomInt(n));
    }
    create(actor, input) {
        if (!canDo(actor, 'workshop_create'))
            throw forbidden('workshop_create');
        const instructorId = input.instructorId ?? actor.userId;
        if (instructorId !== actor.userId && actor.role !== 'staff')
            throw forbidden('workshop_create_for_other');
        const title = input.title.trim();
        if (title.length === 0 || title.length > 200)
            throw new AppError('invalid_title', 'title must be 1–200 characters', 422, {});
        if (!(input.endsAtMs > input.startsAtMs)) {
            throw new AppError('invalid_time_window', 'a workshop must end after it starts', 422, { startsAtMs: input.startsAtMs, endsAtMs: input.endsAtMs });
        }
        return this.deps.workshops.insert({
            title, instructorId, startsAtMs: input.startsAtMs, endsAtMs: input.endsAtMs,
            joinCode: this.freshJoinCode(), printerIds: input.printerIds ?? [],
        }, this.now());
    }
    get(actor, workshopId) {
        const workshop = this.deps.workshops.get(workshopId);
        if (!workshop)
            throw new AppError('workshop_not_found', `workshop ${workshopId} does not exist`, 404, { workshopId });
        if (!canManageWorkshop(actor, workshop))
            throw forbidden('workshop_view');
        return workshop;
    }
    /** Staff see all workshops, instructors their own, patrons none (they know their code). */
    list(actor) {
        if (actor.role === 'staff')
            return this.deps.workshops.list();
        if (actor.role === 'instructor')
            return this.deps.workshops.list(actor.userId);
        return [];
    }
    jobs(actor, workshopId) {
        this.get(actor, workshopId);
        return this.deps.jobs.list({ workshopId });
    }
    /** Approves the named jobs, or every job of the workshop awaiting approval. */
    approveAll(actor, workshopId, jobIds, note = null) {
        return this.deps.jobService.approveMany(actor, this.batchIds(actor, workshopId, jobIds), note);
    }
    rejectAll(actor, workshopId, jobIds, reasonCode, note = null) {
        return this.deps.jobService.rejectMany(actor, this.batchIds(actor, workshopId, jobIds), reasonCode, note);
    }
    prioritise(actor, workshopId, priority) {
        this.get(actor, workshopId);
        const ids = this.deps.jobs.list({ workshopId, states: WAITING_STATES }).map((j) => j.id);
        return this.deps.jobService.setPriority(actor, ids, priority);
    }
    orderByMaterial(actor, workshopId) {
        this.get(actor, workshopId);
        const waiting = this.deps.jobs.list({ workshopId, states: WAITING_STATES });
        return this.deps.jobService.reorder(actor, [...waiting].sort(materialOrder).map((j) => j.id));
    }
    batchIds(actor, workshopId, jobIds) {
        this.get(actor, workshopId);
        const inWorkshop = this.deps.jobs.list({ workshopId, states: ['awaiting_approval'] }).map((j) => j.id);
        if (!jobIds)
            return inWorkshop;
        const all = new Set(this.deps.jobs.list({ workshopId }).map((j) => j.id));
        const stray = jobIds.filter((id) => !all.has(id));
        if (stray.length > 0)
            throw new AppError('job_not_in_workshop', 'some jobs are not in this workshop', 422, { workshopId, jobIds: stray });
        return [...jobIds];
    }
    freshJoinCode() {
        for (let i = 0; i < MAX_JOIN_CODE_ATTEMPTS; i++) {
            const code = generateJoinCode(this.randomIndex);
            if (!this.deps.workshops.joinCodeTaken(code))
                return code;
        }
        throw new AppError('join_code_exhausted', 'could not find a free join code', 503, {});
    }
}
//# sourceMappingURL=workshop-service.js.map