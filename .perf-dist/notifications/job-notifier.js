import { notificationFor } from './notification-kinds.js';
import { renderTemplate } from './template-render.js';
const OWNER = 'notifications';
/** The mail for one notification: template text plus the job's facts. Pure. */
export function composeMail(template, reasons, f) {
    return renderTemplate(template, `${f.recipient.language}/${f.kind}`, {
        displayName: f.recipient.displayName,
        jobNumber: String(f.job.id),
        fileName: f.job.originalFilename,
        printerId: f.job.printerId ?? '',
        reason: f.reasonCode === null ? '' : reasons[f.reasonCode] ?? f.reasonCode,
        note: f.note ?? '',
    });
}
export class JobNotifier {
    deps;
    inFlight = new Set();
    constructor(deps) {
        this.deps = deps;
    }
    attach(bus) {
        bus.on('job:changed', OWNER, (change) => {
            const kind = notificationFor(change);
            // People are not told about what they just did themselves (an instructor's own job, a patron's cancel).
            if (kind === null || change.actorId === change.job.ownerId)
                return;
            this.track(this.notify(kind, change.job, change.reasonCode));
        });
    }
    detach(bus) { bus.removeOwner(OWNER); }
    /** For pickup follow-up: the reminder that a print is still waiting. */
    remind(job) { return this.track(this.notify('reminder', job, null)); }
    /** Resolves when every send started so far has finished (shutdown, tests). */
    async settled() {
        while (this.inFlight.size > 0)
            await Promise.allSettled([...this.inFlight]);
    }
    /** false: the owner has no e-mail address, or the send failed (logged). */
    async notify(kind, job, reasonCode) {
        try {
            const recipient = this.deps.recipients.recipient(job.ownerId);
            if (!recipient?.email)
                return false;
            const note = this.deps.jobs.events(job.id).at(-1)?.note ?? null;
            const { templates } = this.deps;
            const mail = composeMail(templates.template(recipient.language, kind), templates.reasons(recipient.language), { kind, job, recipient, reasonCode, note });
            await this.deps.mailer.send({ to: recipient.email, language: recipient.language, ...mail });
            return true;
        }
        catch (err) {
            this.deps.log(`e-mail ${kind} for job ${job.id} was not sent`, err);
            return false;
        }
    }
    track(p) {
        this.inFlight.add(p);
        void p.finally(() => this.inFlight.delete(p));
        return p;
    }
}
//# sourceMappingURL=job-notifier.js.map