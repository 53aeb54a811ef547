/**
 * What the quote sweep and file retention share once records let go of files: each stored object, and
 * the preview and print timeline kept for it, is deleted unless a job or a quote still points at its sha256. The store is
 * content-addressed, so another job or quote may hold the very same file and still need it.
 *
 *   releaseFilesOf(records) → objects removed from the upload store
 */
import type { PreviewStore } from '../composition/preview-store.js';
import type { TimelineStore } from '../composition/timeline-store.js';
import type { FileKind } from '../uploads/file-kind.js';
import type { UploadStore } from '../uploads/upload-store.js';

/** A job or a quote: the uploaded file, and the G-code sliced from it if any. */
export interface FileHolder { fileSha256: string; fileKind: FileKind; gcodeSha256: string | null }

export class FileRelease {
  constructor(private readonly deps: {
    uploads: UploadStore; previews: PreviewStore; timelines: TimelineStore;
    /** Every sha256 a kept job or a remaining quote points at. */
    referencedFiles(): Set<string>;
  }) {}

  /** Call after the records are gone or marked: the reference check must not see them any more. */
  async releaseFilesOf(records: readonly FileHolder[]): Promise<number> {
    const stillNeeded = this.deps.referencedFiles();
    const objects = records.flatMap((r) => [
      { sha256: r.fileSha256, kind: r.fileKind }, ...(r.gcodeSha256 ? [{ sha256: r.gcodeSha256, kind: 'gcode' as const }] : []),
    ]);
    let filesRemoved = 0;
    for (const o of objects) {
      if (stillNeeded.has(o.sha256)) continue;
      if (await this.deps.uploads.remove(o.sha256, o.kind)) filesRemoved++;
      // Previews are keyed by the uploaded file, timelines by the G-code: removing one that was never kept is fine.
      await this.deps.previews.remove(o.sha256);
      await this.deps.timelines.remove(o.sha256);
    }
    return filesRemoved;
  }
}
