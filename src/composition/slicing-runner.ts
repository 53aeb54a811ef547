/**
 * Slices one model (a queued job's or a quote's): library profile of its printer × material × preset,
 * through the SlicingQueue (so at most `concurrency` engines run beside a print), into the
 * content-addressed upload store. The analysis runner decides what the outcome means.
 */
import { rm } from 'node:fs/promises';
import { AppError } from '../core/errors.js';
import type { Job } from '../jobs/job-types.js';
import { sliceModel } from '../slicing/slice-model.js';
import { loadSlicingProfile, type ProfileRequest } from '../slicing/slicer-profiles.js';
import { failed, type Slicer, type SliceFailure, type SliceFailureCode, type SliceResult } from '../slicing/slicer.js';
import type { SlicingQueue } from '../slicing/slicing-queue.js';
import type { Vec3 } from '../analysis/mesh/mesh-types.js';
import type { StoredFile, UploadStore } from '../uploads/upload-store.js';

export interface SlicingRunnerDeps {
  uploads: UploadStore;
  queue: SlicingQueue;
  /** Installed engines, preferred first (availableSlicers); asked per job so an engine installed later is used. */
  engines(): Promise<Slicer[]>;
}

export type JobSliceOutcome =
  | { ok: true; gcode: StoredFile; result: SliceResult; engineFailures: SliceFailure[] }
  | { ok: false; failure: SliceFailure; engineFailures: SliceFailure[] };

/**
 * Failures that belong to one engine rather than to the model: the next engine gets a try. PrusaSlicer
 * refuses Benchy's chimney top ("no extrusions in the first layer") that CuraEngine slices fine.
 */
const ENGINE_SPECIFIC: ReadonlySet<SliceFailureCode> = new Set(['model_unprintable', 'slicer_failed']);

/** What is sliced; `key` names it in the SlicingQueue (`job:12`, `quote:3`) so it can be cancelled. */
export type SliceSubject = Pick<Job, 'fileSha256' | 'fileKind' | 'originalFilename' | 'material' | 'preset' | 'infillPercent' | 'supports'>
  & { key: string; /** From the model's analysis: the fit is checked on it, the model not read again. */ modelSizeMm?: Vec3 };

function profileRequestOf(job: SliceSubject, printer: string): ProfileRequest {
  return {
    printer, material: job.material ?? undefined, preset: job.preset ?? undefined,
    infillPercent: job.infillPercent ?? undefined, supports: job.supports ?? undefined,
  };
}

export class SlicingRunner {
  constructor(private readonly deps: SlicingRunnerDeps) {}

  async engineAvailable(): Promise<boolean> {
    return (await this.deps.engines()).length > 0;
  }

  /** Stops the subject's slice, waiting or running; it then fails as slice_cancelled. */
  cancel(key: string): void {
    this.deps.queue.cancel(key);
  }

  /** Never throws for a bad model or an unknown profile name: those come back as failures with a code. */
  async slice(job: SliceSubject, printer: string): Promise<JobSliceOutcome> {
    const engines = await this.deps.engines();
    if (engines.length === 0) return { ok: false, failure: failed('no_slicer_available', 'no slicing engine is installed').failure, engineFailures: [] };
    try {
      loadSlicingProfile(profileRequestOf(job, printer));
    } catch (err) {
      // An unknown material or preset is the patron's choice, not a slicer fault: its own code says so.
      if (!(err instanceof AppError)) throw err;
      return { ok: false, failure: { code: err.code as SliceFailureCode, message: err.message, slicerLog: '', params: err.params }, engineFailures: [] };
    }
    const engineFailures: SliceFailure[] = [];
    for (const engine of engines) {
      const outcome = await this.sliceWith(engine, job, printer);
      if ('gcode' in outcome) return { ok: true, gcode: outcome.gcode, result: outcome.result, engineFailures };
      if (!ENGINE_SPECIFIC.has(outcome.failure.code) || engine === engines[engines.length - 1]) {
        return { ok: false, failure: outcome.failure, engineFailures };
      }
      engineFailures.push({ ...outcome.failure, message: `${engine.engine}: ${outcome.failure.message}` });
    }
    throw new Error('unreachable: the last engine always returns');
  }

  private async sliceWith(engine: Slicer, job: SliceSubject, printer: string): Promise<{ gcode: StoredFile; result: SliceResult } | { failure: SliceFailure }> {
    const { uploads, queue } = this.deps;
    const outputPath = uploads.tempPath('.gcode');
    const outcome = await queue.submit(job.key, (signal, onProgress) => sliceModel({
      ...profileRequestOf(job, printer), modelPath: uploads.pathOf(job.fileSha256, job.fileKind), outputPath,
      modelFormat: job.fileKind === 'gcode' ? undefined : job.fileKind, modelSizeMm: job.modelSizeMm,
    }, { slicer: engine, signal, onProgress }));
    if (!outcome.ok) {
      await rm(outputPath, { force: true });
      return { failure: outcome.failure };
    }
    const gcodeName = job.originalFilename.replace(/\.[^.]*$/, '') + '.gcode';
    return { gcode: await uploads.commit(outcome.value.outputPath, gcodeName), result: outcome.value };
  }
}
