/**
 * Feeds `evaluatePolicies` with what the database knows (the owner's counts, whether they are trained)
 * for the three moments a rule is checked:
 *
 *   refuseUpload(ownerId, role, material, nowMs)   before a job exists: counts and material (throws)
 *   afterAnalysis(job, nowMs)                      refuse, auto-approve, or leave for an instructor (also a quote)
 *   dispatchFindings(job, nowMs)                   may a printer take it now
 *   runsOvernight(job)                             an overnight print, meant to run past closing
 */
import { AppError } from '../core/errors.js';
import type { TrainingRepository } from '../users/training-repository.js';
import type { Role } from '../users/user-types.js';
import type { JobRepository } from './job-repository.js';
import { ACTIVE_JOB_STATES, type JobState } from './job-states.js';
import type { Job } from './job-types.js';
import {
  audienceOf, autoApprovable, evaluatePolicies, isOvernight, monthStartMs, type LibraryHours, type PolicyContext, type PolicyFinding,
  type PolicyRules,
} from './policy-rules.js';

/** Jobs a patron has "at once": waiting, on a printer, or sent back to fix. */
const OPEN_STATES: readonly JobState[] = [
  'uploaded', 'analysing', 'needs_slicing', 'awaiting_approval', 'approved', 'sent_back', ...ACTIVE_JOB_STATES,
];

/** What the rules read of a job; a quote (a job not yet submitted) has no id. */
export type PolicySubject = Pick<Job, 'ownerId' | 'ownerRole' | 'material' | 'analysis'> & { id: number | null };

export type AnalysisVerdict =
  /** `analysis`: the subject's, with the findings attached, as the refusal records it. */
  | { kind: 'refuse'; reasonCode: string; findings: PolicyFinding[]; analysis: NonNullable<Job['analysis']> }
  | { kind: 'auto_approve' }
  | { kind: 'review'; findings: PolicyFinding[] };

export class PolicyService {
  constructor(private readonly deps: { jobs: JobRepository; training: TrainingRepository; rules: PolicyRules; hours: LibraryHours }) {}

  get rules(): PolicyRules {
    return this.deps.rules;
  }

  /** 422 with the first refusing rule's code; `params.findings` lists them all. */
  refuseUpload(ownerId: number, role: Role, material: string | null, nowMs: number): void {
    const ctx = this.context(ownerId, role, { material, estimateS: null, filamentGrams: null }, 'submission', null, nowMs);
    const refusals = evaluatePolicies(ctx, this.deps.rules, nowMs).filter((f) => f.severity === 'refuse');
    if (refusals.length > 0) {
      throw new AppError(refusals[0].code, `refused by the library's rules: ${refusals.map((f) => f.code).join(', ')}`, 422,
        { findings: refusals });
    }
  }

  afterAnalysis(job: PolicySubject, nowMs: number): AnalysisVerdict {
    const ctx = this.contextOf(job, 'submission', nowMs);
    const findings = evaluatePolicies(ctx, this.deps.rules, nowMs);
    const refusal = findings.find((f) => f.severity === 'refuse');
    if (refusal) return { kind: 'refuse', reasonCode: refusal.code, findings, analysis: { ...job.analysis, policyFindings: findings } };
    const analysisClean = (job.analysis?.findings ?? []).length === 0 && job.analysis?.fitsBed !== false;
    if (autoApprovable(ctx, findings, analysisClean, this.deps.rules, nowMs)) return { kind: 'auto_approve' };
    return { kind: 'review', findings };
  }

  /** Refusals only: a `review` finding was a person's to weigh when they approved. */
  dispatchFindings(job: Job, nowMs: number): PolicyFinding[] {
    return evaluatePolicies(this.contextOf(job, 'dispatch', nowMs), this.deps.rules, nowMs).filter((f) => f.severity === 'refuse');
  }

  runsOvernight(job: Job): boolean {
    const estimateS = job.analysis?.estimateS ?? null;
    return estimateS !== null && isOvernight(estimateS, this.deps.rules);
  }

  private contextOf(job: PolicySubject, phase: PolicyContext['phase'], nowMs: number): PolicyContext {
    const facts = { material: job.material, estimateS: job.analysis?.estimateS ?? null, filamentGrams: job.analysis?.filamentGrams ?? null };
    return this.context(job.ownerId, job.ownerRole, facts, phase, job.id, nowMs);
  }

  /** Counts cover the owner's jobs submitted before `jobId` (all of them before an upload becomes a job). */
  private context(ownerId: number, role: Role, job: PolicyContext['job'], phase: PolicyContext['phase'], jobId: number | null,
    nowMs: number): PolicyContext {
    const before = jobId ?? undefined;
    const audience = audienceOf(role, role === 'patron' && this.deps.training.isTrained(ownerId));
    // Counting is for submission rules only; the dispatcher asks about every approved job in line.
    if (phase === 'dispatch') return { phase, job, hours: this.deps.hours, audience, openJobs: 0, jobsThisMonth: 0 };
    return {
      phase, job, hours: this.deps.hours, audience,
      openJobs: this.deps.jobs.countOwned(ownerId, { states: OPEN_STATES, submittedBeforeJobId: before }),
      jobsThisMonth: this.deps.jobs.countOwned(ownerId, {
        submittedSinceMs: monthStartMs(nowMs, this.deps.hours.timeZone), submittedBeforeJobId: before,
      }),
    };
  }
}
