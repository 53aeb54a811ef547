/**
 * Deletes the model, G-code and preview of prints that were collected (or went unclaimed) long enough ago.
 * The job row and its events stay for statistics; `filesDeletedAtMs` says the files are gone.
 *
 *   sweep(nowMs)      run by app.ts on a timer
 *
 * Rows are marked first and files removed after: a crash in between leaves orphan objects, which the
 * start-up sweep removes because no kept job references them any more.
 */
import type { EventBus } from '../core/event-bus.js';
import type { FileRelease } from './file-release.js';
import type { JobRepository } from './job-repository.js';
import type { JobState } from './job-states.js';
import { DAY_MS } from './pickup-schedule.js';
import type { QueueEvents } from './queue-events.js';

/** The end of a print's story at the library: after these, nobody needs its files. */
const RETAINED_AFTER: readonly JobState[] = ['collected', 'unclaimed'];

export interface RetentionSweepResult { jobIds: number[]; filesRemoved: number }

export class RetentionService {
  constructor(private readonly deps: {
    jobs: JobRepository; files: FileRelease; bus: EventBus<QueueEvents>; deleteFilesAfterDays: number | null;
  }) {}

  async sweep(nowMs: number): Promise<RetentionSweepResult> {
    const days = this.deps.deleteFilesAfterDays;
    if (days === null) return { jobIds: [], filesRemoved: 0 };
    const due = this.deps.jobs.filesKeptSince(RETAINED_AFTER, nowMs - days * DAY_MS);
    if (due.length === 0) return { jobIds: [], filesRemoved: 0 };
    this.deps.jobs.transactionally(() => { for (const job of due) this.deps.jobs.markFilesDeleted(job.id, nowMs); });
    const filesRemoved = await this.deps.files.releaseFilesOf(due);
    this.deps.bus.emit('queue:changed', { atMs: nowMs });
    return { jobIds: due.map((j) => j.id), filesRemoved };
  }
}
