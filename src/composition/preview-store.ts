/**
 * The one owner of preview images on disk: `<dataDir>/previews/<aa>/<sha256>.png`, keyed by the
 * sha256 of the uploaded file (a model's preview is the mesh, not the sliced G-code). Written by
 * temp file + rename, so a reader never sees half a PNG. A preview lives as long as some job or quote
 * points at its file: FileRelease removes it with the file, and `sweep` at start-up catches what a crash left.
 */
import { randomBytes } from 'node:crypto';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { renderModelPreviewPng, type Vec3 } from '../analysis/mesh/index.js';
import { AppError } from '../core/errors.js';
import type { Thumbnail } from '../analysis/gcode/metadata.js';
import { sweepShardedDir } from '../storage/sharded-sweep.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const PREVIEW_NAME = /^([0-9a-f]{64})\.png$/;

export type PreviewSource = 'mesh' | 'gcode_thumbnail';

export class PreviewStore {
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'previews');
  }

  pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new AppError('file_not_found', 'not a sha256', 404, { sha256 });
    return join(this.root, sha256.slice(0, 2), `${sha256}.png`);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await access(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }

  /** Keeps a model's preview, drawn by the analysis child (analysis-child.ts). */
  async saveModelPreview(sha256: string, png: Uint8Array): Promise<void> {
    await this.write(sha256, png);
  }

  /**
   * Draws the model's preview here unless it is cached; false when the model cannot be read. Only for a
   * preview lost after its analysis: drawing a big mesh takes this process a third of a second.
   */
  async ensureModelPreview(sha256: string, modelPath: string, bbox: { min: Vec3; max: Vec3 }): Promise<boolean> {
    if (await this.has(sha256)) return true;
    const png = await renderModelPreviewPng(modelPath, bbox);
    if (!png.ok) return false;
    await this.write(sha256, png.value);
    return true;
  }

  /** Keeps the largest PNG thumbnail the slicer embedded; false when there is none (JPG/QOI are not served). */
  async saveGcodeThumbnail(sha256: string, thumbnails: readonly Thumbnail[]): Promise<boolean> {
    const largest = thumbnails.filter((t) => t.format === 'png').sort((a, b) => b.widthPx * b.heightPx - a.widthPx * a.heightPx)[0];
    if (!largest) return false;
    const png = Buffer.from(largest.base64, 'base64');
    // Base64 that does not decode to a PNG signature is a broken comment, not an image to serve.
    if (png.subarray(0, 8).toString('latin1') !== '\x89PNG\r\n\x1a\n') return false;
    if (!(await this.has(sha256))) await this.write(sha256, png);
    return true;
  }

  /** Removing a preview that was never drawn is fine. */
  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  /**
   * Start-up only (before any analysis runs): removes every preview whose file no job or quote
   * references any more, and half-written temp files.
   */
  sweep(referenced: ReadonlySet<string>): Promise<number> {
    return sweepShardedDir(this.root, PREVIEW_NAME, referenced);
  }

  private async write(sha256: string, png: Uint8Array): Promise<void> {
    const path = this.pathOf(sha256);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${randomBytes(6).toString('hex')}.part`;
    await writeFile(temp, png);
    await rename(temp, path);
  }
}
