import { DAY_MS } from './pickup-schedule.js';
/** The end of a print's story at the library: after these, nobody needs its files. */
const RETAINED_AFTER = ['collected', 'unclaimed'];
export class RetentionService {
    deps;
    constructor(deps) {
        this.deps = deps;
    }
    async sweep(nowMs) {
        const days = this.deps.deleteFilesAfterDays;
        if (days === null)
            return { jobIds: [], filesRemoved: 0 };
        const due = this.deps.jobs.filesKeptSince(RETAINED_AFTER, nowMs - days * DAY_MS);
        if (due.length === 0)
            return { jobIds: [], filesRemoved: 0 };
        this.deps.jobs.transactionally(() => { for (const job of due)
            this.deps.jobs.markFilesDeleted(job.id, nowMs); });
        // The store is content-addressed: another job may have uploaded the very same file and still need it.
        const stillNeeded = this.deps.jobs.referencedFiles();
        let filesRemoved = 0;
        for (const job of due) {
            const objects = [{ sha: job.fileSha256, kind: job.fileKind }, ...(job.gcodeSha256 ? [{ sha: job.gcodeSha256, kind: 'gcode' }] : [])];
            for (const o of objects) {
                if (!stillNeeded.has(o.sha) && await this.deps.uploads.remove(o.sha, o.kind))
                    filesRemoved++;
            }
        }
        this.deps.bus.emit('queue:changed', { atMs: nowMs });
        return { jobIds: due.map((j) => j.id), filesRemoved };
    }
}
//# sourceMappingURL=retention-service.js.map