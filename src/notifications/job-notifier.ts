/**
 * E-mails a job's owner, in their language, when the queue moves the job to a state they care about.
 * Listens to the bus; a failed send is logged, never thrown back into the queue.
 */
import type { EventBus } from '../core/event-bus.js';
import type { JobRepository } from '../jobs/job-repository.js';
import type { Job } from '../jobs/job-types.js';
import type { QueueEvents } from '../jobs/queue-events.js';
import type { Mailer } from './mailer.js';
import { notificationFor, type MailPlaceholder, type NotificationKind } from './notification-kinds.js';
import type { Recipient, RecipientRepository } from './recipient-repository.js';
import { renderTemplate, type RenderedMail } from './template-render.js';
import type { TemplateStore } from './template-store.js';

const OWNER = 'notifications';

export interface JobNotifierDeps {
  mailer: Pick<Mailer, 'send'>;
  templates: TemplateStore;
  recipients: RecipientRepository;
  jobs: Pick<JobRepository, 'events'>;
  log: (message: string, err?: unknown) => void;
}

export interface MailFacts { kind: NotificationKind; job: Job; recipient: Recipient; reasonCode: string | null; note: string | null }

/** The mail for one notification: template text plus the job's facts. Pure. */
export function composeMail(template: string, reasons: Readonly<Record<string, string>>, f: MailFacts): RenderedMail {
  const values: Record<MailPlaceholder, string> = {
    displayName: f.recipient.displayName,
    jobNumber: String(f.job.id),
    fileName: f.job.originalFilename,
    printerId: f.job.printerId ?? '',
    reason: f.reasonCode === null ? '' : reasons[f.reasonCode] ?? f.reasonCode,
    note: f.note ?? '',
  };
  return renderTemplate(template, `${f.recipient.language}/${f.kind}`, values);
}

export class JobNotifier {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly deps: JobNotifierDeps) {}

  attach(bus: EventBus<QueueEvents>): void {
    bus.on('job:changed', OWNER, (change) => {
      const kind = notificationFor(change);
      // People are not told about what they just did themselves (an instructor's own job, a patron's cancel).
      if (kind === null || change.actorId === change.job.ownerId) return;
      this.track(this.notify(kind, change.job, change.reasonCode));
    });
  }

  detach(bus: EventBus<QueueEvents>): void { bus.removeOwner(OWNER); }

  /** For pickup follow-up: the reminder that a print is still waiting. */
  remind(job: Job): Promise<boolean> { return this.track(this.notify('reminder', job, null)); }

  /** Resolves when every send started so far has finished (shutdown, tests). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** false: the owner has no e-mail address, or the send failed (logged). */
  private async notify(kind: NotificationKind, job: Job, reasonCode: string | null): Promise<boolean> {
    try {
      const recipient = this.deps.recipients.recipient(job.ownerId);
      if (!recipient?.email) return false;
      const note = this.deps.jobs.events(job.id).at(-1)?.note ?? null;
      const { templates } = this.deps;
      const mail = composeMail(templates.template(recipient.language, kind), templates.reasons(recipient.language),
        { kind, job, recipient, reasonCode, note });
      await this.deps.mailer.send({ to: recipient.email, language: recipient.language, ...mail });
      return true;
    } catch (err) {
      this.deps.log(`e-mail ${kind} for job ${job.id} was not sent`, err);
      return false;
    }
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }
}
