/**
 * Takes each uploaded job through analysis: `uploaded → analysing → awaiting_approval | refused |
 * needs_slicing`, and each quote from `analysing` to `ready | refused | failed`. One file at a time, so
 * analysis never competes with a running print for the CPU; quotes go first, because a person waits
 * for them at the desk. A model that passes the mesh check is sliced here (SlicingRunner) and its
 * G-code analysed like an upload; the result keeps both the mesh facts and the G-code estimate. At
 * start-up it picks up jobs and quotes a crash left unanalysed, and retries `needs_slicing` once an
 * engine is installed. Every G-code read leaves its per-layer times in the TimelineStore for the print's
 * live progress.
 */
import type { AnalyzeOutcome, FileAnalysis } from '../analysis/analyze-file.js';
import type { IsolatedAnalyzer, IsolatedOutcome } from '../analysis/isolated-analyzer.js';
import { findMaterial, type MaterialCatalogue } from '../analysis/materials.js';
import type { Vec3 } from '../analysis/mesh/mesh-types.js';
import { AppError } from '../core/errors.js';
import type { AnalysisOutcome, JobService } from '../jobs/job-service.js';
import type { JobRepository } from '../jobs/job-repository.js';
import type { Job, JobAnalysis } from '../jobs/job-types.js';
import type { QuoteService } from '../quotes/quote-service.js';
import type { Quote } from '../quotes/quote-types.js';
import { timelineOf } from '../printer/print-timeline.js';
import type { FirmwareProfile } from '../printer/profile-types.js';
import { readProfileSignature } from '../slicing/sliced-gcode-file.js';
import type { UploadStore } from '../uploads/upload-store.js';
import type { PreviewSource, PreviewStore } from './preview-store.js';
import type { TimelineStore } from './timeline-store.js';
import type { JobSliceOutcome, SliceSubject, SlicingRunner } from './slicing-runner.js';

export interface AnalysisRunnerDeps {
  jobs: JobService;
  jobRepository: JobRepository;
  quotes: Pick<QuoteService, 'analysing' | 'pending' | 'complete' | 'fail'>;
  uploads: UploadStore;
  materials: MaterialCatalogue;
  slicing: SlicingRunner;
  previews: PreviewStore;
  timelines: Pick<TimelineStore, 'save'>;
  /** Runs each analysis in a child process with a memory cap and a time limit. */
  analyzer: Pick<IsolatedAnalyzer, 'analyze'>;
  /** The profile a job is checked against: its requested printer's, else the first printer's. */
  profileFor(printerId: string | null): FirmwareProfile;
  log(message: string, err?: unknown): void;
}

const DEFAULT_MATERIAL = 'PLA';

/**
 * Slicing failures that are the library's set-up, not the patron's file, and that staff can help with
 * by attaching G-code: the job waits for them. No engine, no library profile for the printer, or none
 * for the material (the catalogue may price a material the slicer profiles do not have).
 */
const WAIT_FOR_STAFF = new Set(['no_slicer_available', 'printer_unknown', 'material_unknown']);

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

export function outcomeOf(result: AnalyzeOutcome): AnalysisOutcome {
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

/** A job's or a quote's file with the choices that change its analysis. */
interface AnalysisSubject extends SliceSubject {
  gcodeSha256: string | null;
  printerId: string | null;
  workshop: boolean;
}

function subjectOfJob(job: Job): AnalysisSubject {
  return { ...job, key: jobKey(job.id), workshop: job.workshopId !== null };
}

/** A quote's G-code is always its own analysis' output, never attached by staff: a model is sliced afresh. */
function subjectOfQuote(quote: Quote): AnalysisSubject {
  return { ...quote, key: quoteKey(quote.id), gcodeSha256: null, workshop: quote.workshopId !== null };
}

function jobKey(jobId: number): string {
  return `job:${jobId}`;
}

function quoteKey(quoteId: number): string {
  return `quote:${quoteId}`;
}

type Task = { kind: 'job' | 'quote'; id: number };

/** The job or quote a subject key (`job:12`, `quote:3`, as on slicing progress) names. */
export function taskOfKey(key: string): Task | null {
  const colon = key.indexOf(':');
  const kind = key.slice(0, colon);
  return kind === 'job' || kind === 'quote' ? { kind, id: Number(key.slice(colon + 1)) } : null;
}

function withPreview(outcome: AnalysisOutcome, preview: PreviewSource | null): AnalysisOutcome {
  if (preview === null || !outcome.analysis) return outcome;
  return { ...outcome, analysis: { ...outcome.analysis, preview } } as AnalysisOutcome;
}

export class AnalysisRunner {
  private readonly jobsWaiting: number[] = [];
  private readonly quotesWaiting: number[] = [];
  private running: Promise<void> | null = null;
  private stopped = false;
  /**
   * The file being analysed, by its slice key, and what cancels its analysis child and its slice: the
   * runner stopping, or its quote let go.
   */
  private current: { key: string; abort: AbortController } | null = null;

  constructor(private readonly deps: AnalysisRunnerDeps) {}

  /** Queues a job that is in `uploaded`; returns at once. */
  enqueue(jobId: number): void {
    this.schedule(this.jobsWaiting, jobId);
  }

  /** Queues a quote in `analysing`, ahead of every waiting job; returns at once. */
  enqueueQuote(quoteId: number): void {
    this.schedule(this.quotesWaiting, quoteId);
  }

  /** The patron moved on (another preset, another file): a waiting quote is dropped and a running analysis or slice stopped. */
  dropQuote(quoteId: number): void {
    const index = this.quotesWaiting.indexOf(quoteId);
    if (index !== -1) this.quotesWaiting.splice(index, 1);
    if (this.current?.key === quoteKey(quoteId)) this.current.abort.abort();
  }

  /** The job was cancelled: it is not analysed, and an analysis or slice of it that is running is stopped. */
  dropJob(jobId: number): void {
    const index = this.jobsWaiting.indexOf(jobId);
    if (index !== -1) this.jobsWaiting.splice(index, 1);
    if (this.current?.key === jobKey(jobId)) this.current.abort.abort();
  }

  /** Re-runs what a crash interrupted. */
  resumeAfterRestart(): void {
    for (const quote of this.deps.quotes.pending()) this.enqueueQuote(quote.id);
    for (const job of this.deps.jobRepository.list({ states: ['uploaded', 'analysing', 'needs_slicing'] })) this.enqueue(job.id);
  }

  /** Resolves once the current file is done; queued ones are picked up again at the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.jobsWaiting.length = 0;
    this.quotesWaiting.length = 0;
    this.current?.abort.abort();
    await this.running;
  }

  /** Resolves when the queue is empty (tests and the benchmark wait on it). */
  idle(): Promise<void> { return this.running ?? Promise.resolve(); }

  private schedule(queue: number[], id: number): void {
    if (this.stopped) return;
    queue.push(id);
    this.running ??= this.drain().finally(() => { this.running = null; });
  }

  private next(): Task | undefined {
    const quoteId = this.quotesWaiting.shift();
    if (quoteId !== undefined) return { kind: 'quote', id: quoteId };
    const jobId = this.jobsWaiting.shift();
    return jobId === undefined ? undefined : { kind: 'job', id: jobId };
  }

  private async drain(): Promise<void> {
    for (let task = this.next(); task !== undefined && !this.stopped; task = this.next()) {
      try {
        if (task.kind === 'quote') await this.analyseQuote(task.id);
        else await this.analyse(task.id);
      } catch (err) {
        this.deps.log(`analysis of ${task.kind} ${task.id} failed`, err);
        // A quote has a person waiting for it: they are told, instead of watching "calculating…" forever.
        if (task.kind === 'quote' && !this.stopped) this.deps.quotes.fail(task.id, 'analysis_failed');
        // A job is refused with the reason, where staff see it, instead of staying `analysing` for ever
        // (and failing again at every start-up).
        if (task.kind === 'job' && !this.stopped) this.refuseAfterError(task.id, err);
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
    const outcome = await this.outcomeFor(subjectOfJob(job));
    // Stopping cancels the analysis or the slice; the job stays `analysing` and the next start analyses it again.
    if (outcome) this.deps.jobs.completeAnalysis(jobId, outcome);
  }

  private async analyseQuote(quoteId: number): Promise<void> {
    const quote = this.deps.quotes.analysing(quoteId);
    if (!quote) return;
    const outcome = await this.outcomeFor(subjectOfQuote(quote));
    // A quote discarded meanwhile is no longer `analysing`, and complete() leaves it as it is.
    if (outcome) this.deps.quotes.complete(quoteId, outcome);
  }

  private refuseAfterError(jobId: number, err: unknown): void {
    const code = err instanceof AppError ? err.code : 'analysis_failed';
    const params = err instanceof AppError ? err.params : {};
    try {
      this.deps.jobs.completeAnalysis(jobId, { outcome: 'refused', reasonCode: code, analysis: { findings: [], error: { code, params } } });
    } catch (again) {
      this.deps.log(`job ${jobId} could not be refused after its analysis failed`, again);
    }
  }

  /** The analysis a job records (or a quote shows); null when the runner was stopped, or the quote let go, on the way. */
  private async outcomeFor(subject: AnalysisSubject): Promise<AnalysisOutcome | null> {
    const abort = new AbortController();
    abort.signal.addEventListener('abort', () => this.deps.slicing.cancel(subject.key), { once: true });
    this.current = { key: subject.key, abort };
    // stop() may have come while the task was being looked up.
    if (this.stopped) abort.abort();
    // A model's preview is drawn by the analysis child, unless an earlier analysis of the same file drew it.
    const previewPng = subject.fileKind !== 'gcode' && !(await this.deps.previews.has(subject.fileSha256));
    const result = await this.analyzeFile(this.deps.uploads.pathOf(subject.fileSha256, subject.fileKind), subject, previewPng);
    await this.keepTimeline(subject.fileSha256, result);
    // A model's slice is the long part: a patron who already chose another preset does not wait for it.
    if (abort.signal.aborted) return null;
    const outcome = result.ok && result.analysis.kind === 'mesh' && !result.analysis.refused
      ? await this.sliceAndAnalyse(subject, outcomeOf(result).analysis!)
      : outcomeOf(result);
    if (abort.signal.aborted) return null;
    return withPreview(outcome, await this.preview(subject, result));
  }

  /** The one place a file is analysed (uploads, quotes, attached and sliced G-code alike). */
  private analyzeFile(path: string, subject: AnalysisSubject, previewPng = false): Promise<IsolatedOutcome> {
    return this.deps.analyzer.analyze(path, {
      profile: this.deps.profileFor(subject.printerId), material: findMaterial(this.deps.materials, subject.material ?? DEFAULT_MATERIAL),
      pricing: this.deps.materials, workshop: subject.workshop,
    }, this.current?.abort.signal, { previewPng });
  }

  /** G-code staff attached to a job that waited for an engine is used as it is; otherwise we slice. */
  private async sliceAndAnalyse(subject: AnalysisSubject, model: JobAnalysis): Promise<AnalysisOutcome> {
    if (subject.gcodeSha256 !== null) {
      const attached = await this.analyseGcode(subject.gcodeSha256, subject);
      const signature = (await readProfileSignature(this.deps.uploads.pathOf(subject.gcodeSha256, 'gcode')))?.signature ?? null;
      return mergeSlicedAnalysis(model, attached, { slicedHere: false, signature });
    }
    const bbox = model.bbox as { min: Vec3; max: Vec3 } | undefined;
    const modelSizeMm = bbox ? bbox.max.map((v, i) => v - bbox.min[i]) as Vec3 : undefined;
    const sliced: JobSliceOutcome = await this.deps.slicing.slice({ ...subject, modelSizeMm }, this.deps.profileFor(subject.printerId).name);
    const attempts = sliced.engineFailures.map(({ code, message, slicerLog }) => ({ code, message, slicerLog }));
    if (!sliced.ok) {
      const { code, message, slicerLog, params } = sliced.failure;
      const analysis = { ...model, slicing: { error: { code, message, ...(params ? { params } : {}) }, slicerLog, attempts } };
      return WAIT_FOR_STAFF.has(code) ? { outcome: 'needs_slicing', analysis } : { outcome: 'refused', reasonCode: code, analysis };
    }
    const { result, gcode } = sliced;
    const merged = mergeSlicedAnalysis(model, await this.analyseGcode(gcode.sha256, subject), {
      // We hold the sha256 of what we sliced, so "sliced here" does not rest on a header anyone can type.
      slicedHere: true, sha256: gcode.sha256, engine: result.engine, signature: result.signature, slicerEstimateS: result.estimate.seconds,
      slicerFilamentGrams: result.estimate.filamentGrams, slicerLog: result.slicerLog, attempts,
    });
    return merged.outcome === 'passed' ? { ...merged, gcodeSha256: gcode.sha256 } : merged;
  }

  private async analyseGcode(sha256: string, subject: AnalysisSubject): Promise<AnalysisOutcome> {
    const result = await this.analyzeFile(this.deps.uploads.pathOf(sha256, 'gcode'), subject);
    await this.keepTimeline(sha256, result);
    return outcomeOf(result);
  }

  /**
   * Kept even for a file the policy refused: staff may still override and print it. The timeline is
   * the one of the printer the file was checked against, like the job's estimate.
   */
  private async keepTimeline(gcodeSha256: string, result: IsolatedOutcome): Promise<void> {
    if (!result.ok || result.analysis.kind !== 'gcode') return;
    const a = result.analysis;
    try {
      await this.deps.timelines.save(gcodeSha256, timelineOf({ bytesTotal: a.bytes, totalSeconds: a.estimate.seconds, layers: a.layerTable, heatWaits: a.heatWaits }));
    } catch (err) {
      // Progress by bytes is the fallback: a full disk must not keep the job from review.
      this.deps.log(`timeline of ${gcodeSha256} failed`, err);
    }
  }

  /** Drawn (or copied from the file) once, at analysis, so listing jobs never touches the model. */
  private async preview(subject: AnalysisSubject, result: IsolatedOutcome): Promise<PreviewSource | null> {
    if (!result.ok) return null;
    const a = result.analysis;
    try {
      if (a.kind === 'gcode') return await this.deps.previews.saveGcodeThumbnail(subject.fileSha256, a.metadata.thumbnails) ? 'gcode_thumbnail' : null;
      if (result.previewPng) await this.deps.previews.saveModelPreview(subject.fileSha256, result.previewPng);
      return await this.deps.previews.has(subject.fileSha256) ? 'mesh' : null;
    } catch (err) {
      // A preview is a convenience: a full disk must not keep the job from review.
      this.deps.log(`preview of ${subject.key} failed`, err);
      return null;
    }
  }
}
