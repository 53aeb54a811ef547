/**
 * Takes each uploaded job through analysis: `uploaded → analysing → awaiting_approval | refused |
 * needs_slicing`. One file at a time, so analysis never competes with a running print for the CPU.
 * At start-up it picks up jobs a crash left in `uploaded` or `analysing`.
 */
import { analyzeFile } from '../analysis/analyze-file.js';
import { findMaterial } from '../analysis/materials.js';
const DEFAULT_MATERIAL = 'PLA';
/** What the queue stores: the figures the instructor reads, not the per-layer table or thumbnails. */
export function jobAnalysisOf(a) {
    const common = { kind: a.kind, findings: a.findings, material: a.material, refused: a.refused };
    if (a.kind === 'gcode') {
        return {
            ...common, estimateS: Math.round(a.estimate.seconds), filamentGrams: a.estimate.filamentGrams, costCents: Math.round(a.cost.amount * 100),
            currency: a.cost.currency, costWaived: a.cost.waived, fitsBed: a.fits, layers: a.layers, bbox: a.bbox,
        };
    }
    return { ...common, estimateS: null, filamentGrams: null, costCents: null, fitsBed: a.fits, bbox: a.bbox, triangles: a.triangles };
}
export function outcomeOf(result) {
    if (!result.ok)
        return { outcome: 'refused', reasonCode: result.code, analysis: { findings: [], error: { code: result.code, params: result.params } } };
    const analysis = jobAnalysisOf(result.analysis);
    if (result.analysis.refused) {
        const first = result.analysis.findings.find((f) => f.severity === 'refuse');
        return { outcome: 'refused', reasonCode: first?.code ?? 'policy_refused', analysis };
    }
    // Models wait for the slicing engine; G-code is ready for review as it is.
    return result.analysis.kind === 'gcode' ? { outcome: 'passed', analysis } : { outcome: 'needs_slicing', analysis };
}
export class AnalysisRunner {
    deps;
    waiting = [];
    running = null;
    stopped = false;
    constructor(deps) {
        this.deps = deps;
    }
    /** Queues a job that is in `uploaded`; returns at once. */
    enqueue(jobId) {
        if (this.stopped)
            return;
        this.waiting.push(jobId);
        this.running ??= this.drain().finally(() => { this.running = null; });
    }
    /** Re-runs what a crash interrupted. */
    resumeAfterRestart() {
        for (const job of this.deps.jobRepository.list({ states: ['uploaded', 'analysing'] }))
            this.enqueue(job.id);
    }
    /** Resolves once the current file is done; queued ones are picked up again at the next start. */
    async stop() {
        this.stopped = true;
        this.waiting.length = 0;
        await this.running;
    }
    /** Resolves when the queue is empty (tests and the benchmark wait on it). */
    idle() { return this.running ?? Promise.resolve(); }
    async drain() {
        for (let id = this.waiting.shift(); id !== undefined && !this.stopped; id = this.waiting.shift()) {
            try {
                await this.analyse(id);
            }
            catch (err) {
                this.deps.log(`analysis of job ${id} failed`, err);
            }
        }
    }
    async analyse(jobId) {
        let job = this.deps.jobRepository.require(jobId);
        if (job.state === 'uploaded')
            job = this.deps.jobs.beginAnalysis(jobId);
        if (job.state !== 'analysing')
            return;
        const material = findMaterial(this.deps.materials, job.material ?? DEFAULT_MATERIAL);
        const result = await analyzeFile(this.deps.uploads.pathOf(job.fileSha256, job.fileKind), {
            profile: this.deps.profileFor(job.printerId), material, pricing: this.deps.materials, workshop: job.workshopId !== null,
        });
        this.deps.jobs.completeAnalysis(jobId, outcomeOf(result));
    }
}
//# sourceMappingURL=analysis-runner.js.map