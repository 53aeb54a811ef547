/**
 * Takes each uploaded job through analysis: `uploaded → analysing → awaiting_approval | refused |
 * needs_slicing`. One file at a time, so analysis never competes with a running print for the CPU.
 * At start-up it picks up jobs a crash left in `uploaded` or `analysing`.
 */
import { analyzeFile, type FileAnalysis } from '../analysis/analyze-file.js';
import { findMaterial, type MaterialCatalogue } from '../analysis/materials.js';
import type { AnalysisOutcome, JobService } from '../jobs/job-service.js';
import type { JobRepository } from '../jobs/job-repository.js';
import type { JobAnalysis } from '../jobs/job-types.js';
import type { FirmwareProfile } from '../printer/profile-types.js';
import type { UploadStore } from '../uploads/upload-store.js';

export interface AnalysisRunnerDeps {
  jobs: JobService;
  jobRepository: JobRepository;
  uploads: UploadStore;
  materials: MaterialCatalogue;
  /** The profile a job is checked against: its requested printer's, else the first printer's. */
  profileFor(printerId: string | null): FirmwareProfile;
  log(message: string, err?: unknown): void;
}

const DEFAULT_MATERIAL = 'PLA';

/** What the queue stores: the figures the instructor reads, not the per-layer table or thumbnails. */
export function jobAnalysisOf(a: FileAnalysis): JobAnalysis {
  const common = { kind: a.kind, findings: a.findings, material: a.material, refused: a.refused };
  if (a.kind === 'gcode') {
    return {
      ...common, estimateS: Math.round(a.estimate.seconds), filamentGrams: a.estimate.filamentGrams, costCents: Math.round(a.cost.amount * 100),
      currency: a.cost.currency, costWaived: a.cost.waived, fitsBed: a.fits, layers: a.layers, bbox: a.bbox,
    };
  }
  return { ...common, estimateS: null, filamentGrams: null, costCents: null, fitsBed: a.fits, bbox: a.bbox, triangles: a.triangles };
}

export function outcomeOf(result: Awaited<ReturnType<typeof analyzeFile>>): AnalysisOutcome {
  if (!result.ok) return { outcome: 'refused', reasonCode: result.code, analysis: { findings: [], error: { code: result.code, params: result.params } } };
  const analysis = jobAnalysisOf(result.analysis);
  if (result.analysis.refused) {
    const first = result.analysis.findings.find((f) => f.severity === 'refuse');
    return { outcome: 'refused', reasonCode: first?.code ?? 'policy_refused', analysis };
  }
  // Models wait for the slicing engine; G-code is ready for review as it is.
  return result.analysis.kind === 'gcode' ? { outcome: 'passed', analysis } : { outcome: 'needs_slicing', analysis };
}

export class AnalysisRunner {
  private readonly waiting: number[] = [];
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly deps: AnalysisRunnerDeps) {}

  /** Queues a job that is in `uploaded`; returns at once. */
  enqueue(jobId: number): void {
    if (this.stopped) return;
    this.waiting.push(jobId);
    this.running ??= this.drain().finally(() => { this.running = null; });
  }

  /** Re-runs what a crash interrupted. */
  resumeAfterRestart(): void {
    for (const job of this.deps.jobRepository.list({ states: ['uploaded', 'analysing'] })) this.enqueue(job.id);
  }

  /** Resolves once the current file is done; queued ones are picked up again at the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.waiting.length = 0;
    await this.running;
  }

  /** Resolves when the queue is empty (tests and the benchmark wait on it). */
  idle(): Promise<void> { return this.running ?? Promise.resolve(); }

  private async drain(): Promise<void> {
    for (let id = this.waiting.shift(); id !== undefined && !this.stopped; id = this.waiting.shift()) {
      try {
        await this.analyse(id);
      } catch (err) {
        this.deps.log(`analysis of job ${id} failed`, err);
      }
    }
  }

  private async analyse(jobId: number): Promise<void> {
    let job = this.deps.jobRepository.require(jobId);
    if (job.state === 'uploaded') job = this.deps.jobs.beginAnalysis(jobId);
    if (job.state !== 'analysing') return;
    const material = findMaterial(this.deps.materials, job.material ?? DEFAULT_MATERIAL);
    const result = await analyzeFile(this.deps.uploads.pathOf(job.fileSha256, job.fileKind), {
      profile: this.deps.profileFor(job.printerId), material, pricing: this.deps.materials, workshop: job.workshopId !== null,
    });
    this.deps.jobs.completeAnalysis(jobId, outcomeOf(result));
  }
}
