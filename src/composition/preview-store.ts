/**
 * The one owner of preview images on disk: `<dataDir>/previews/<aa>/<sha256>.png`, keyed by the
 * sha256 of the uploaded file (a model's preview is the mesh, not the sliced G-code). A preview lives
 * as long as some job or quote points at its file: FileRelease removes it with the file, and `sweep`
 * at start-up catches what a crash left.
 */
import { join } from 'node:path';
import { renderModelPreviewPng, type Vec3 } from '../analysis/mesh/index.js';
import type { Thumbnail } from '../analysis/gcode/metadata.js';
import { SidecarFiles } from '../storage/sidecar-files.js';

export type PreviewSource = 'mesh' | 'gcode_thumbnail';

export class PreviewStore {
  private readonly files: SidecarFiles;

  constructor(dataDir: string) {
    this.files = new SidecarFiles(join(dataDir, 'previews'), 'png');
  }

  pathOf(sha256: string): string {
    return this.files.pathOf(sha256);
  }

  has(sha256: string): Promise<boolean> {
    return this.files.has(sha256);
  }

  /** Keeps a model's preview, drawn by the analysis child (analysis-child.ts). */
  async saveModelPreview(sha256: string, png: Uint8Array): Promise<void> {
    await this.files.write(sha256, png);
  }

  /**
   * Draws the model's preview here unless it is cached; false when the model cannot be read. Only for a
   * preview lost after its analysis: drawing a big mesh takes this process a third of a second.
   */
  async ensureModelPreview(sha256: string, modelPath: string, bbox: { min: Vec3; max: Vec3 }): Promise<boolean> {
    if (await this.has(sha256)) return true;
    const png = await renderModelPreviewPng(modelPath, bbox);
    if (!png.ok) return false;
    await this.files.write(sha256, png.value);
    return true;
  }

  /** Keeps the largest PNG thumbnail the slicer embedded; false when there is none (JPG/QOI are not served). */
  async saveGcodeThumbnail(sha256: string, thumbnails: readonly Thumbnail[]): Promise<boolean> {
    const largest = thumbnails.filter((t) => t.format === 'png').sort((a, b) => b.widthPx * b.heightPx - a.widthPx * a.heightPx)[0];
    if (!largest) return false;
    const png = Buffer.from(largest.base64, 'base64');
    // Base64 that does not decode to a PNG signature is a broken comment, not an image to serve.
    if (png.subarray(0, 8).toString('latin1') !== '\x89PNG\r\n\x1a\n') return false;
    if (!(await this.has(sha256))) await this.files.write(sha256, png);
    return true;
  }

  /** Removing a preview that was never drawn is fine. */
  remove(sha256: string): Promise<void> {
    return this.files.remove(sha256);
  }

  /** Start-up only: removes every preview whose file no job or quote references any more. */
  sweep(referenced: ReadonlySet<string>): Promise<number> {
    return this.files.sweep(referenced);
  }
}
