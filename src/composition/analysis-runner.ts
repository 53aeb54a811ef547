/**
 * Takes each uploaded job through analysis: `uploaded → analysing → awaiting_approval | refused |
 * needs_slicing`. One file at a time, so analysis never competes with a running print for the CPU.
 * A model that passes the mesh check is sliced here (SlicingRunner) and its G-code analysed like an
 * upload; the job keeps both the mesh facts and the G-code estimate. At start-up it picks up jobs a
 * crash left in `uploaded` or `analysing`, and retries `needs_slicing` once an engine is installed.
 */
import { analyzeFile, type FileAnalysis } from '../analysis/analyze-file.js';
import { findMaterial, type MaterialCatalogue } from '../analysis/materials.js';
import type { AnalysisOutcome, JobService } from '../jobs/job-service.js';
import type { JobRepository } from '../jobs/job-repository.js';
import type { Job, JobAnalysis } from '../jobs/job-types.js';
import type { FirmwareProfile } from '../printer/profile-types.js';
import { readProfileSignature } from '../slicing/sliced-gcode-file.js';
import type { UploadStore } from '../uploads/upload-store.js';
import type { PreviewSource, PreviewStore } from './preview-store.js';
import type { JobSliceOutcome, SlicingRunner } from './slicing-runner.js';

export interface AnalysisRunnerDeps {
  jobs: JobService;
  jobRepository: JobRepository;
  uploads: UploadStore;
  materials: MaterialCatalogue;
  slicing: SlicingRunner;
  previews: PreviewStore;
  /** The profile a job is checked against: its requested printer's, else the first printer's. */
  profileFor(printerId: string | null): FirmwareProfile;
  log(message: string, err?: unknown): void;
}

const DEFAULT_MATERIAL = 'PLA';

/** Slicing failures that are the library's set-up, not the patron's file: the job waits for staff. */
const WAIT_FOR_STAFF = new Set(['no_slicer_available', 'printer_unknown']);

/** What the queue stores: the figures the instructor reads, not the per-layer table or thumbnails. */
export function jobAnalysisOf(a: FileAnalysis): JobAnalysis {
  const common = { kind: a.kind, findings: a.findings, material: a.material, refused: a.refused };
  if (a.kind === 'gcode') {
    return {
      ...common, estimateS: Math.round(a.estimate.seconds), filamentGrams: a.estimate.filamentGrams, costCents: Math.round(a.cost.amount * 100),
      currency: a.cost.currency, costWaived: a.cost.waived, fitsBed: a.fits, layers: a.layers, bbox: a.bbox,
    };
  }
  return {
    ...common, estimateS: null, filamentGrams: null, costCents: null, fitsBed: a.fits, bbox: a.bbox, triangles: a.triangles,
    volumeMm3: a.volumeMm3, solidMassGrams: a.solidMassGrams,
  };
}

export function outcomeOf(result: Awaited<ReturnType<typeof analyzeFile>>): AnalysisOutcome {
  if (!result.ok) return { outcome: 'refused', reasonCode: result.code, analysis: { findings: [], error: { code: result.code, params: result.params } } };
  const analysis = jobAnalysisOf(result.analysis);
  if (result.analysis.refused) {
    const first = result.analysis.findings.find((f) => f.severity === 'refuse');
    return { outcome: 'refused', reasonCode: first?.code ?? 'policy_refused', analysis };
  }
  // Models are sliced before review; G-code is ready for review as it is.
  return result.analysis.kind === 'gcode' ? { outcome: 'passed', analysis } : { outcome: 'needs_slicing', analysis };
}

/**
 * The model's facts with the estimate of the G-code that will print. `fitsBed` and `bbox` stay the
 * model's (what the instructor compares with the bed); the G-code's box is kept beside them.
 */
export function mergeSlicedAnalysis(model: JobAnalysis, gcode: AnalysisOutcome, slicing: Record<string, unknown>): AnalysisOutcome {
  const g = gcode.analysis ?? {};
  const analysis: JobAnalysis = {
    ...g, kind: model.kind, bbox: model.bbox, triangles: model.triangles, volumeMm3: model.volumeMm3, solidMassGrams: model.solidMassGrams,
    fitsBed: model.fitsBed === true && g.fitsBed !== false, gcodeBbox: g.bbox ?? null,
    findings: [...(model.findings ?? []), ...(g.findings ?? [])], slicing,
  };
  if (gcode.outcome === 'refused') return { ...gcode, analysis };
  return { outcome: 'passed', analysis };
}

function withPreview(outcome: AnalysisOutcome, preview: PreviewSource | null): AnalysisOutcome {
  if (preview === null || !outcome.analysis) return outcome;
  return { ...outcome, analysis: { ...outcome.analysis, preview } } as AnalysisOutcome;
}

export class AnalysisRunner {
  private readonly waiting: number[] = [];
  private running: Promise<void> | null = null;
  private stopped = false;
  private current: number | null = null;

  constructor(private readonly deps: AnalysisRunnerDeps) {}

  /** Queues a job that is in `uploaded`; returns at once. */
  enqueue(jobId: number): void {
    if (this.stopped) return;
    this.waiting.push(jobId);
    this.running ??= this.drain().finally(() => { this.running = null; });
  }

  /** Re-runs what a crash interrupted. */
  resumeAfterRestart(): void {
    for (const job of this.deps.jobRepository.list({ states: ['uploaded', 'analysing', 'needs_slicing'] })) this.enqueue(job.id);
  }

  /** Resolves once the current file is done; queued ones are picked up again at the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.waiting.length = 0;
    if (this.current !== null) this.deps.slicing.cancel(this.current);
    await this.running;
  }

  /** Resolves when the queue is empty (tests and the benchmark wait on it). */
  idle(): Promise<void> { return this.running ?? Promise.resolve(); }

  private async drain(): Promise<void> {
    for (let id = this.waiting.shift(); id !== undefined && !this.stopped; id = this.waiting.shift()) {
      try {
        this.current = id;
        await this.analyse(id);
      } catch (err) {
        this.deps.log(`analysis of job ${id} failed`, err);
      } finally {
        this.current = null;
      }
    }
  }

  private async analyse(jobId: number): Promise<void> {
    let job = this.deps.jobRepository.require(jobId);
    if (job.state === 'needs_slicing') {
      if (!(await this.deps.slicing.engineAvailable())) return;
      job = this.deps.jobs.resumeSlicing(jobId);
    }
    if (job.state === 'uploaded') job = this.deps.jobs.beginAnalysis(jobId);
    if (job.state !== 'analysing') return;
    const result = await analyzeFile(this.deps.uploads.pathOf(job.fileSha256, job.fileKind), this.optionsFor(job));
    const outcome = result.ok && result.analysis.kind === 'mesh' && !result.analysis.refused
      ? await this.sliceAndAnalyse(job, outcomeOf(result).analysis!)
      : outcomeOf(result);
    // Stopping cancels the slice; the job stays `analysing` and the next start analyses it again.
    if (this.stopped) return;
    this.deps.jobs.completeAnalysis(jobId, withPreview(outcome, await this.preview(job, result)));
  }

  private optionsFor(job: Job) {
    return {
      profile: this.deps.profileFor(job.printerId), material: findMaterial(this.deps.materials, job.material ?? DEFAULT_MATERIAL),
      pricing: this.deps.materials, workshop: job.workshopId !== null,
    };
  }

  /** G-code staff attached to a job that waited for an engine is used as it is; otherwise we slice. */
  private async sliceAndAnalyse(job: Job, model: JobAnalysis): Promise<AnalysisOutcome> {
    if (job.gcodeSha256 !== null) {
      const attached = await this.analyseGcode(job.gcodeSha256, job);
      return mergeSlicedAnalysis(model, attached, { slicedHere: false, signature: (await readProfileSignature(this.deps.uploads.pathOf(job.gcodeSha256, 'gcode')))?.signature ?? null });
    }
    const sliced: JobSliceOutcome = await this.deps.slicing.slice(job, this.deps.profileFor(job.printerId).name);
    const attempts = sliced.engineFailures.map(({ code, message, slicerLog }) => ({ code, message, slicerLog }));
    if (!sliced.ok) {
      const { code, message, slicerLog } = sliced.failure;
      const analysis = { ...model, slicing: { error: { code, message }, slicerLog, attempts } };
      return WAIT_FOR_STAFF.has(code) ? { outcome: 'needs_slicing', analysis } : { outcome: 'refused', reasonCode: code, analysis };
    }
    const { result, gcode } = sliced;
    const merged = mergeSlicedAnalysis(model, await this.analyseGcode(gcode.sha256, job), {
      // We hold the sha256 of what we sliced, so "sliced here" does not rest on a header anyone can type.
      slicedHere: true, sha256: gcode.sha256, engine: result.engine, signature: result.signature, slicerEstimateS: result.estimate.seconds,
      slicerFilamentGrams: result.estimate.filamentGrams, slicerLog: result.slicerLog, attempts,
    });
    return merged.outcome === 'passed' ? { ...merged, gcodeSha256: gcode.sha256 } : merged;
  }

  private async analyseGcode(sha256: string, job: Job): Promise<AnalysisOutcome> {
    const result = await analyzeFile(this.deps.uploads.pathOf(sha256, 'gcode'), this.optionsFor(job));
    return outcomeOf(result);
  }

  /** Drawn (or copied from the file) once, at analysis, so listing jobs never touches the model. */
  private async preview(job: Job, result: Awaited<ReturnType<typeof analyzeFile>>): Promise<PreviewSource | null> {
    if (!result.ok) return null;
    const a = result.analysis;
    try {
      if (a.kind === 'gcode') return await this.deps.previews.saveGcodeThumbnail(job.fileSha256, a.metadata.thumbnails) ? 'gcode_thumbnail' : null;
      return await this.deps.previews.ensureModelPreview(job.fileSha256, this.deps.uploads.pathOf(job.fileSha256, job.fileKind), a.bbox) ? 'mesh' : null;
    } catch (err) {
      // A preview is a convenience: a full disk must not keep the job from review.
      this.deps.log(`preview of job ${job.id} failed`, err);
      return null;
    }
  }
}
