/**
 * The one owner of print timelines on disk: `<dataDir>/timelines/<aa>/<sha256>.json`, keyed by the
 * sha256 of the G-code that prints. The analysis writes one for every G-code it reads; the dispatcher
 * hands it to the printer at start, so progress and the remaining time follow our per-layer estimate.
 * Kept out of the job's row: job lists and live updates stay small however many layers a print has.
 * A timeline lives and goes with its G-code (FileRelease, and `sweep` at start-up).
 */
import { join } from 'node:path';
import { printTimelineSchema, type PrintTimeline } from '../printer/print-timeline.js';
import { SidecarFiles } from '../storage/sidecar-files.js';

export class TimelineStore {
  private readonly files: SidecarFiles;

  constructor(dataDir: string) {
    this.files = new SidecarFiles(join(dataDir, 'timelines'), 'json');
  }

  async save(gcodeSha256: string, timeline: PrintTimeline): Promise<void> {
    await this.files.write(gcodeSha256, JSON.stringify(timeline));
  }

  /**
   * Null when there is none or it cannot be trusted (damaged by hand or by a full disk, unreadable):
   * the print then shows progress by bytes, as for a file never analysed. Synchronous: read once at a
   * print's start (a few kilobytes), where the dispatcher must not yield.
   */
  read(gcodeSha256: string): PrintTimeline | null {
    try {
      const raw = this.files.readSync(gcodeSha256);
      if (raw === null) return null;
      const parsed = printTimelineSchema.safeParse(JSON.parse(raw.toString('utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  remove(gcodeSha256: string): Promise<void> {
    return this.files.remove(gcodeSha256);
  }

  /** Start-up only: removes every timeline whose G-code no job or quote references any more. */
  sweep(referenced: ReadonlySet<string>): Promise<number> {
    return this.files.sweep(referenced);
  }
}
