/**
 * The queue's use-cases. Each checks the actor against `can()`, then writes through
 * JobRepository.transition (job row + job_events row, one transaction) and announces the result on
 * the bus (`job:changed`, then `queue:changed`). Printer-side transitions (start, progress, finish)
 * belong to the Dispatcher; `cancel` hands active jobs to it.
 *
 *   submit(actor, file, options)                 → Job in `uploaded` (workshop via joinCode)
 *   submitAnalysed(actor, file, options, outcome, alongside)   a quote becomes a job, already analysed
 *   beginAnalysis / completeAnalysis / deferSlicing / resumeSlicing   for the analysis pipeline (system)
 *   attachGcode                                  staff's own G-code for a job in `needs_slicing`
 *   approve / reject / sendBack / resubmit / cancel / collect / requeue / setPickupLocation
 *   approveMany / rejectMany                     batch, per-job results
 *   setPriority / reorder
 *   get / list / events / publicQueue
 */
import { AppError } from '../core/errors.js';
import type { EventBus } from '../core/event-bus.js';
import type { SettingsRepository } from '../storage/settings-repository.js';
import type { StoredFile } from '../uploads/upload-store.js';
import type { TrainingRepository } from '../users/training-repository.js';
import type { Actor } from '../users/user-types.js';
import { can, forbidden, type JobAction } from './job-policy.js';
import {
  stateConflict, type JobFilter, type JobPatch, type JobRepository, type NewJob, type TransitionRequest, type TransitionResult,
} from './job-repository.js';
import { ACTIVE_JOB_STATES, type JobState } from './job-states.js';
import type { Job, JobAnalysis, JobEventRecord, ListedJob } from './job-types.js';
import type { PolicyService } from './policy-service.js';
import type { QueueEvents } from './queue-events.js';
import { checkWorkshopOpen, normaliseJoinCode } from './join-code.js';
import type { WorkshopRepository } from './workshop-repository.js';

/** Why an instructor turned a job down or sent it back; the UI translates these, so they are fixed. */
export const REVIEW_REASON_CODES = [
  'weapon_or_replica', 'obscene', 'intellectual_property', 'too_long', 'too_large', 'too_much_filament', 'unsafe',
  'poor_quality', 'needs_supports', 'not_in_workshop_scope', 'duplicate', 'other',
] as const;
export type ReviewReasonCode = (typeof REVIEW_REASON_CODES)[number];

/** States a job waits in before a printer takes it: what the public board shows. */
export const WAITING_STATES: readonly JobState[] = ['uploaded', 'analysing', 'needs_slicing', 'awaiting_approval', 'approved'];

/**
 * Decisions (approve, reject, send back, cancel) take an optional `ifState`: the state the person saw
 * when they decided. If the job has moved on, they lose with `job_state_conflict` (409), so of an
 * approve and a cancel made from the same screen exactly one takes effect, in either order.
 */
export interface SubmitOptions {
  joinCode?: string | null;
  printerId?: string | null;
  material?: string | null;
  colour?: string | null;
  preset?: string | null;
  /** From the library's infill list (checked at intake and again when slicing). */
  infillPercent?: number | null;
  supports?: boolean | null;
  /** Wait in awaiting_approval after analysis, whoever sent it (OctoPrint's print=false). */
  holdForApproval?: boolean;
  priority?: number;
  /** Staff submitting on a patron's behalf. */
  ownerId?: number;
  /** The patron's message to the instructor. */
  note?: string | null;
}

export type AnalysisOutcome =
  /** `gcodeSha256`: the sliced output for models; for G-code uploads the upload itself is used. */
  | { outcome: 'passed'; analysis: JobAnalysis; gcodeSha256?: string }
  | { outcome: 'refused'; analysis: JobAnalysis; reasonCode: string }
  | { outcome: 'needs_slicing'; analysis?: JobAnalysis };

export interface BatchResult {
  done: Job[];
  failed: Array<{ jobId: number; code: string; message: string }>;
}

export interface PublicQueueEntry { jobId: number; state: JobState; position: number; etaS: number | null }

/** The dispatcher's part in cancelling: stop the printer first, then record the cancellation. */
export interface ActiveJobCanceller { cancelActiveJob(actor: Actor, job: Job, note: string | null): Promise<Job> }

export interface JobServiceDeps {
  jobs: JobRepository;
  workshops: WorkshopRepository;
  settings: SettingsRepository;
  bus: EventBus<QueueEvents>;
  policies: PolicyService;
  training: TrainingRepository;
  /** Wall-clock epoch ms for stored times. */
  now?: () => number;
}

function checkReason(reasonCode: string): ReviewReasonCode {
  if (!(REVIEW_REASON_CODES as readonly string[]).includes(reasonCode)) {
    throw new AppError('invalid_reason_code', `unknown reason code ${reasonCode}`, 422, { reasonCode, allowed: REVIEW_REASON_CODES });
  }
  return reasonCode as ReviewReasonCode;
}

export class JobService {
  private readonly now: () => number;
  private canceller: ActiveJobCanceller | null = null;

  constructor(private readonly deps: JobServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The dispatcher registers itself; without one, cancelling a job on a printer is refused. */
  setActiveJobCanceller(canceller: ActiveJobCanceller): void {
    this.canceller = canceller;
  }

  submit(actor: Actor, file: StoredFile, opts: SubmitOptions = {}): Job {
    const nowMs = this.now();
    const job = this.deps.jobs.insert(this.newJob(actor, file, opts, nowMs), actor.userId, nowMs);
    this.announce({ job, from: null, to: 'uploaded', event: 'submitted', actorId: actor.userId, reasonCode: null });
    return job;
  }

  /**
   * A file analysed before it was a job (a quote): the job is created and given that analysis in one
   * transaction, so its events read uploaded → analysing → the outcome's state, as if analysed now.
   * `alongside` runs in the same transaction with the new job (the quote records that it was used).
   */
  submitAnalysed(actor: Actor, file: StoredFile, opts: SubmitOptions, result: AnalysisOutcome, alongside: (job: Job) => void): Job {
    const nowMs = this.now();
    const input = this.newJob(actor, file, opts, nowMs);
    const { job, steps } = this.deps.jobs.transactionally(() => {
      const inserted = this.deps.jobs.insert(input, actor.userId, nowMs);
      const started = this.deps.jobs.transition(inserted.id, { event: 'analysis_started', actorId: null }, nowMs);
      const all = [started, ...this.analysisSteps(inserted.id, result, nowMs)];
      alongside(all[all.length - 1].job);
      return { job: inserted, steps: all };
    });
    this.announce({ job, from: null, to: 'uploaded', event: 'submitted', actorId: actor.userId, reasonCode: null });
    for (const s of steps) this.announce({ job: s.job, from: s.from, to: s.to, event: s.event, actorId: null, reasonCode: s.reasonCode });
    return steps[steps.length - 1].job;
  }

  beginAnalysis(jobId: number): Job {
    return this.apply(jobId, { event: 'analysis_started', actorId: null });
  }

  /**
   * Records the analysis. A pass lands in `awaiting_approval`, unless the library's rules refuse the
   * job (`analysis_refused` with the rule's code). In the same transaction the system approves it when
   * the owner is an instructor or staff (reason `preapproved_role`), or a trained patron during
   * self-service hours with nothing found (reason `auto_approved_trained`); never when the uploader
   * asked for it to wait (`holdForApproval`).
   */
  completeAnalysis(jobId: number, result: AnalysisOutcome): Job {
    const steps = this.deps.jobs.transactionally(() => this.analysisSteps(jobId, result, this.now()));
    for (const s of steps) this.announce({ job: s.job, from: s.from, to: s.to, event: s.event, actorId: null, reasonCode: s.reasonCode });
    return steps[steps.length - 1].job;
  }

  /** An STL with no slicing engine available waits in `needs_slicing`. */
  deferSlicing(jobId: number, analysis?: JobAnalysis): Job {
    return this.apply(jobId, { event: 'slicing_deferred', actorId: null, patch: analysis ? { analysis } : {} });
  }

  resumeSlicing(jobId: number): Job {
    return this.apply(jobId, { event: 'slicing_resumed', actorId: null });
  }

  /** Staff slice a waiting model themselves; the job is analysed again with this G-code as what prints. */
  attachGcode(actor: Actor, jobId: number, file: StoredFile): Job {
    if (file.kind !== 'gcode') {
      throw new AppError('upload_type_not_accepted', 'a sliced job needs a G-code file', 415, { accepted: ['gcode'], found: file.kind });
    }
    return this.act(actor, jobId, 'attach_gcode', { event: 'slicing_resumed', patch: { gcodeSha256: file.sha256 } });
  }

  approve(actor: Actor, jobId: number, note: string | null = null, ifState?: JobState): Job {
    return this.act(actor, jobId, 'approve', { event: 'approved', note }, ifState);
  }

  reject(actor: Actor, jobId: number, reasonCode: string, note: string | null = null, ifState?: JobState): Job {
    return this.act(actor, jobId, 'reject', { event: 'rejected', reasonCode: checkReason(reasonCode), note }, ifState);
  }

  sendBack(actor: Actor, jobId: number, reasonCode: string, note: string | null = null, ifState?: JobState): Job {
    return this.act(actor, jobId, 'send_back', { event: 'sent_back', reasonCode: checkReason(reasonCode), note }, ifState);
  }

  /** The patron's fixed file replaces the old one; the job starts over at `uploaded`. */
  resubmit(actor: Actor, jobId: number, file: StoredFile): Job {
    return this.act(actor, jobId, 'resubmit', {
      event: 'resubmitted',
      patch: {
        originalFilename: file.originalFilename, fileSha256: file.sha256, fileSizeBytes: file.sizeBytes, fileKind: file.kind,
        gcodeSha256: file.kind === 'gcode' ? file.sha256 : null, analysis: null, progress: null,
      },
    });
  }

  /** Queued jobs are cancelled here; a job on a printer goes through the dispatcher, which stops the printer first. */
  async cancel(actor: Actor, jobId: number, note: string | null = null, ifState?: JobState): Promise<Job> {
    const job = this.allowed(actor, jobId, 'cancel');
    if (ifState !== undefined && ifState !== job.state) throw stateConflict(job, 'cancelled');
    if (ACTIVE_JOB_STATES.includes(job.state)) {
      if (!this.canceller) throw new AppError('printer_unavailable', 'no dispatcher to stop the printer', 503, { jobId });
      return this.canceller.cancelActiveJob(actor, job, note);
    }
    return this.apply(jobId, { event: 'cancelled', actorId: actor.userId, expectedState: job.state, note });
  }

  /**
   * The print was handed over (also late, from `unclaimed`). Collecting a workshop print records the
   * owner as trained, in the same transaction: finishing a workshop print is what the workshop teaches.
   */
  collect(actor: Actor, jobId: number): Job {
    const job = this.allowed(actor, jobId, 'collect');
    return this.apply(jobId, { event: 'collected', actorId: actor.userId, expectedState: job.state }, () => {
      if (job.workshopId === null || job.ownerRole !== 'patron') return;
      this.deps.training.record({ userId: job.ownerId, workshopId: job.workshopId, recordedBy: null, recordedAtMs: this.now(), note: null });
    });
  }

  /** Staff say which shelf or box the finished print waits in; the patron sees it on their job. */
  setPickupLocation(actor: Actor, jobId: number, location: string): Job {
    const trimmed = location.trim();
    if (trimmed === '' || trimmed.length > 64) {
      throw new AppError('invalid_pickup_location', 'a pickup location is 1–64 characters', 422, { maxLength: 64 });
    }
    return this.act(actor, jobId, 'set_pickup_location', { event: 'pickup_located', note: trimmed, patch: { pickupLocation: trimmed } });
  }

  /** Staff put a failed or interrupted job back in the approved queue; it waits for a cleared bed like any other. */
  /**
   * Staff approve a file the analysis refused (a setting the library allows on this printer, a move the
   * instructor checked), saying why: the note is kept in the job's events. Only a job with G-code to
   * print: a model that never sliced has nothing to override.
   */
  overrideRefusal(actor: Actor, jobId: number, note: string): Job {
    const job = this.allowed(actor, jobId, 'override_refusal');
    const why = note.trim();
    if (why.length === 0) throw new AppError('override_note_required', 'say why the refusal is overridden', 422);
    if (job.gcodeSha256 === null) throw new AppError('override_needs_gcode', `job ${jobId} has no G-code to print`, 409, { jobId });
    return this.apply(jobId, { event: 'refusal_overridden', actorId: actor.userId, expectedState: 'refused', note: why });
  }

  requeue(actor: Actor, jobId: number, note: string | null = null): Job {
    return this.act(actor, jobId, 'requeue', { event: 'requeued', note, patch: { progress: null, printerId: null } });
  }

  approveMany(actor: Actor, jobIds: readonly number[], note: string | null = null): BatchResult {
    return this.batch(jobIds, (id) => this.approve(actor, id, note));
  }

  rejectMany(actor: Actor, jobIds: readonly number[], reasonCode: string, note: string | null = null): BatchResult {
    checkReason(reasonCode);
    return this.batch(jobIds, (id) => this.reject(actor, id, reasonCode, note));
  }

  setPriority(actor: Actor, jobIds: readonly number[], priority: number): Job[] {
    if (!Number.isInteger(priority) || Math.abs(priority) > 1000) {
      throw new AppError('invalid_priority', 'priority must be an integer in -1000…1000', 422, { priority });
    }
    for (const id of jobIds) this.allowed(actor, id, 'prioritise');
    this.deps.jobs.setPriority(jobIds, priority, this.now());
    this.deps.bus.emit('queue:changed', { atMs: this.now() });
    return jobIds.map((id) => this.deps.jobs.require(id));
  }

  /** Puts `jobIds` in this order, in the queue slots they already held. */
  reorder(actor: Actor, jobIds: readonly number[]): Job[] {
    if (new Set(jobIds).size !== jobIds.length) throw new AppError('invalid_order', 'a job appears twice', 422, {});
    for (const id of jobIds) this.allowed(actor, id, 'reorder');
    this.deps.jobs.reorder(jobIds, this.now());
    this.deps.bus.emit('queue:changed', { atMs: this.now() });
    return jobIds.map((id) => this.deps.jobs.require(id));
  }

  get(actor: Actor, jobId: number): Job {
    return this.allowed(actor, jobId, 'view');
  }

  /**
   * The jobs `actor` may see, in queue order: the same rule as can(…, 'view', …), written as a query
   * so a long history is filtered by SQLite, not in memory.
   */
  list(actor: Actor, filter: JobFilter = {}): Job[] {
    if (actor.role === 'patron') return this.deps.jobs.list({ ...filter, ownerId: actor.userId });
    if (actor.role === 'staff' || this.deps.settings.all().instructorsApproveAll) return this.deps.jobs.list(filter);
    return this.deps.jobs.list({ ...filter, ownedOrOverseenBy: actor.userId });
  }

  /**
   * list(), with each waiting job's place in the queue and ETA: the whole queue is read once per list,
   * so a long list costs one extra query, not one per row.
   */
  listWithQueue(actor: Actor, filter: JobFilter = {}, printerCount = 1): ListedJob[] {
    const jobs = this.list(actor, filter);
    if (!jobs.some((j) => WAITING_STATES.includes(j.state))) return jobs;
    const places = new Map(this.publicQueue(printerCount).map((q) => [q.jobId, q]));
    return jobs.map((job) => {
      const place = places.get(job.id);
      return place ? { ...job, queuePosition: place.position, etaS: place.etaS } : job;
    });
  }

  events(actor: Actor, jobId: number): JobEventRecord[] {
    this.allowed(actor, jobId, 'view_events');
    return this.deps.jobs.events(jobId);
  }

  /**
   * The anonymised board for the lobby screen: job number, state, place in line, and an ETA that
   * adds up the estimates ahead, shared over `printerCount` printers (null while any is unknown).
   */
  publicQueue(printerCount = 1): PublicQueueEntry[] {
    let aheadS: number | null = 0;
    return this.deps.jobs.list({ states: WAITING_STATES }).map((job, i) => {
      const estimateS = job.analysis?.estimateS;
      aheadS = aheadS === null || typeof estimateS !== 'number' ? null : aheadS + estimateS;
      return { jobId: job.id, state: job.state, position: i + 1, etaS: aheadS === null ? null : Math.round(aheadS / Math.max(1, printerCount)) };
    });
  }

  /**
   * Applies a transition and announces it; `alongside` runs in the same transaction (the dispatcher
   * writes the bed state with the job's start or end).
   */
  apply(jobId: number, req: TransitionRequest, alongside?: () => void): Job {
    const nowMs = this.now();
    const r = this.deps.jobs.transactionally(() => {
      const result = this.deps.jobs.transition(jobId, req, nowMs);
      alongside?.();
      return result;
    });
    this.announce({ job: r.job, from: r.from, to: r.to, event: req.event, actorId: req.actorId, reasonCode: req.reasonCode ?? null });
    return r.job;
  }

  /** The transitions that record an analysis; the caller holds the transaction and announces them. */
  private analysisSteps(jobId: number, result: AnalysisOutcome, nowMs: number): TransitionResult[] {
    const system = (req: Omit<TransitionRequest, 'actorId'>) => this.deps.jobs.transition(jobId, { ...req, actorId: null }, nowMs);
    if (result.outcome === 'refused') {
      return [system({ event: 'analysis_refused', reasonCode: result.reasonCode, patch: { analysis: result.analysis } })];
    }
    if (result.outcome === 'needs_slicing') {
      return [system({ event: 'slicing_deferred', patch: result.analysis ? { analysis: result.analysis } : {} })];
    }
    const patch: JobPatch = { analysis: result.analysis };
    if (result.gcodeSha256) patch.gcodeSha256 = result.gcodeSha256;
    const current = this.deps.jobs.require(jobId);
    const verdict = this.deps.policies.afterAnalysis({ ...current, analysis: result.analysis }, nowMs);
    if (verdict.kind === 'refuse') {
      return [system({ event: 'analysis_refused', reasonCode: verdict.reasonCode, patch: { ...patch, analysis: verdict.analysis } })];
    }
    const passed = system({ event: 'analysis_passed', patch });
    const reasonCode = passed.job.holdForApproval ? null
      : passed.job.ownerRole !== 'patron' ? 'preapproved_role' : verdict.kind === 'auto_approve' ? 'auto_approved_trained' : null;
    if (reasonCode === null) return [passed];
    return [passed, system({ event: 'approved', reasonCode })];
  }

  /** The checks every submission passes (who for, priority, workshop open, the library's upload rules). */
  private newJob(actor: Actor, file: StoredFile, opts: SubmitOptions, nowMs: number): NewJob {
    const ownerId = opts.ownerId ?? actor.userId;
    if (ownerId !== actor.userId && actor.role !== 'staff') throw forbidden('submit_for_other');
    if ((opts.priority ?? 0) !== 0 && actor.role === 'patron') throw forbidden('prioritise');
    const workshop = this.checkSubmission(actor, ownerId, opts, nowMs);
    return {
      ownerId, workshopId: workshop?.id ?? null, originalFilename: file.originalFilename, fileSha256: file.sha256,
      fileSizeBytes: file.sizeBytes, fileKind: file.kind, gcodeSha256: file.kind === 'gcode' ? file.sha256 : null,
      printerId: opts.printerId ?? null, material: opts.material ?? null, colour: opts.colour ?? null,
      preset: opts.preset ?? null, infillPercent: opts.infillPercent ?? null, supports: opts.supports ?? null,
      holdForApproval: opts.holdForApproval ?? false, priority: opts.priority ?? 0, patronNote: opts.note?.trim() || null,
    };
  }

  /**
   * The workshop a join code names, if it takes jobs now, and the library's upload rules: what a job and a
   * quote both check before anything waits on an analysis.
   */
  checkSubmission(actor: Actor, ownerId: number, opts: Pick<SubmitOptions, 'joinCode' | 'material'>, nowMs: number) {
    const workshop = opts.joinCode ? this.openWorkshop(opts.joinCode, nowMs) : null;
    // Staff submitting for someone answer for it themselves; the rules still run once the file is analysed.
    if (ownerId === actor.userId) this.deps.policies.refuseUpload(ownerId, actor.role, opts.material ?? null, nowMs);
    return workshop;
  }

  /** The workshop a join code names, if it takes jobs now (`workshop_code_unknown`, or closed). */
  private openWorkshop(joinCode: string, nowMs: number) {
    const workshop = this.deps.workshops.byJoinCode(normaliseJoinCode(joinCode));
    if (!workshop) throw new AppError('workshop_code_unknown', 'no workshop has this join code', 404, {});
    checkWorkshopOpen(workshop, nowMs);
    return workshop;
  }

  private act(actor: Actor, jobId: number, action: JobAction, req: Omit<TransitionRequest, 'actorId' | 'expectedState'>,
    ifState?: JobState): Job {
    const job = this.allowed(actor, jobId, action);
    return this.apply(jobId, { ...req, actorId: actor.userId, expectedState: ifState ?? job.state });
  }

  private allowed(actor: Actor, jobId: number, action: JobAction): Job {
    const job = this.deps.jobs.require(jobId);
    if (!can(actor, action, job, this.deps.settings.all())) throw forbidden(action);
    return job;
  }

  private batch(jobIds: readonly number[], fn: (id: number) => Job): BatchResult {
    const result: BatchResult = { done: [], failed: [] };
    for (const jobId of jobIds) {
      try {
        result.done.push(fn(jobId));
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        result.failed.push({ jobId, code: err.code, message: err.message });
      }
    }
    return result;
  }

  private announce(change: QueueEvents['job:changed']): void {
    this.deps.bus.emit('job:changed', change);
    this.deps.bus.emit('queue:changed', { atMs: this.now() });
  }
}

/** The HTTP routes import it from here; it lives with the policy it reports on. */
export { forbidden } from './job-policy.js';
