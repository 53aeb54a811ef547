/**
 * SQL for jobs and job_events; the snake_case ↔ camelCase mapping lives only here. Every state change
 * runs `transition`, which checks the row's current state, writes the job and its event row in one
 * IMMEDIATE transaction, and bumps `version`.
 */
import type { PrintProgress } from '../printer/printer-types.js';
import { AppError } from '../core/errors.js';
import { transaction, type Db } from '../storage/db.js';
import type { FileKind } from '../uploads/file-kind.js';
import type { Role } from '../users/user-types.js';
import { transitionTarget, type JobEvent, type JobState } from './job-states.js';
import { refusalParams, type Job, type JobAnalysis, type JobEventKind, type JobEventRecord } from './job-types.js';

interface JobRow {
  id: number; owner_id: number; owner_display_name: string; owner_role: Role; workshop_id: number | null;
  workshop_instructor_id: number | null; state: JobState; original_filename: string; file_sha256: string;
  file_size_bytes: number; file_kind: FileKind; gcode_sha256: string | null; printer_id: string | null;
  material: string | null; colour: string | null; preset: string | null; infill_percent: number | null; supports: number | null;
  hold_for_approval: number;
  analysis_json: string | null;
  priority: number; position: number; progress_json: string | null; submitted_at_ms: number;
  updated_at_ms: number; version: number; pickup_location: string | null; files_deleted_at_ms: number | null;
  patron_note: string | null; refusal_code: string | null;
}

interface EventRow {
  id: number; job_id: number; at_ms: number; actor_id: number | null; event: JobEventKind;
  from_state: JobState | null; to_state: JobState; reason_code: string | null; note: string | null;
}

const SELECT_JOB = `
  SELECT j.*, u.display_name AS owner_display_name, u.role AS owner_role, w.instructor_id AS workshop_instructor_id,
    (SELECT e.note FROM job_events e WHERE e.job_id = j.id AND e.event = 'submitted') AS patron_note,
    CASE WHEN j.state = 'refused' THEN
      (SELECT e.reason_code FROM job_events e WHERE e.job_id = j.id AND e.to_state = 'refused' ORDER BY e.id DESC LIMIT 1) END AS refusal_code
  FROM jobs j JOIN users u ON u.id = j.owner_id LEFT JOIN workshops w ON w.id = j.workshop_id`;

/** Dispatch order: higher priority first, then submission order (position). */
const QUEUE_ORDER_SQL = 'j.priority DESC, j.position ASC, j.id ASC';

function toJob(r: JobRow): Job {
  const analysis = r.analysis_json === null ? null : (JSON.parse(r.analysis_json) as JobAnalysis);
  return {
    id: r.id, ownerId: r.owner_id, ownerDisplayName: r.owner_display_name, ownerRole: r.owner_role, workshopId: r.workshop_id,
    workshopInstructorId: r.workshop_instructor_id, state: r.state, originalFilename: r.original_filename,
    fileSha256: r.file_sha256, fileSizeBytes: r.file_size_bytes, fileKind: r.file_kind, gcodeSha256: r.gcode_sha256,
    printerId: r.printer_id, material: r.material, colour: r.colour, preset: r.preset,
    infillPercent: r.infill_percent, supports: r.supports === null ? null : r.supports === 1, holdForApproval: r.hold_for_approval === 1,
    analysis, hasPreview: analysis?.preview !== undefined,
    priority: r.priority, position: r.position,
    progress: r.progress_json === null ? null : (JSON.parse(r.progress_json) as PrintProgress),
    submittedAtMs: r.submitted_at_ms, updatedAtMs: r.updated_at_ms, version: r.version,
    pickupLocation: r.pickup_location, filesDeletedAtMs: r.files_deleted_at_ms, patronNote: r.patron_note,
    refusal: r.refusal_code === null ? null : { code: r.refusal_code, params: refusalParams(analysis, r.refusal_code) },
  };
}

function toEvent(r: EventRow): JobEventRecord {
  return {
    id: r.id, jobId: r.job_id, atMs: r.at_ms, actorId: r.actor_id, event: r.event, fromState: r.from_state,
    toState: r.to_state, reasonCode: r.reason_code, note: r.note,
  };
}

export interface NewJob {
  ownerId: number;
  workshopId: number | null;
  originalFilename: string;
  fileSha256: string;
  fileSizeBytes: number;
  fileKind: FileKind;
  gcodeSha256: string | null;
  printerId: string | null;
  material: string | null;
  colour: string | null;
  preset: string | null;
  infillPercent: number | null;
  supports: boolean | null;
  /** Default false. */
  holdForApproval?: boolean;
  priority: number;
  /** What the patron wrote to the instructor when submitting. */
  patronNote: string | null;
}

export interface JobFilter {
  states?: readonly JobState[];
  ownerId?: number;
  workshopId?: number;
  printerId?: string;
  /** An instructor's view: jobs they own or that sit in one of their workshops. */
  ownedOrOverseenBy?: number;
  limit?: number;
  offset?: number;
}

/** Columns a transition may change along with the state. */
export interface JobPatch {
  printerId?: string | null;
  gcodeSha256?: string | null;
  analysis?: JobAnalysis | null;
  progress?: PrintProgress | null;
  fileSha256?: string;
  fileSizeBytes?: number;
  fileKind?: FileKind;
  originalFilename?: string;
  pickupLocation?: string | null;
}

export interface TransitionRequest {
  event: JobEvent;
  /** null: the system. */
  actorId: number | null;
  /** The state the caller decided from; if the row moved on meanwhile, the caller lost the race. */
  expectedState?: JobState;
  reasonCode?: string | null;
  note?: string | null;
  patch?: JobPatch;
}

export interface TransitionResult {
  job: Job; from: JobState; to: JobState; event: JobEvent; reasonCode: string | null; eventId: number;
}

const PATCH_COLUMNS: Record<keyof JobPatch, string> = {
  printerId: 'printer_id', gcodeSha256: 'gcode_sha256', analysis: 'analysis_json', progress: 'progress_json',
  fileSha256: 'file_sha256', fileSizeBytes: 'file_size_bytes', fileKind: 'file_kind', originalFilename: 'original_filename',
  pickupLocation: 'pickup_location',
};

function patchValue(key: keyof JobPatch, value: unknown): unknown {
  if ((key === 'analysis' || key === 'progress') && value !== null) return JSON.stringify(value);
  return value;
}

/** `column IN (@s0, @s1…)` with the states bound into `params`; callers return early on an empty list. */
function statesIn(column: string, states: readonly JobState[], params: Record<string, unknown>): string {
  states.forEach((s, i) => { params[`s${i}`] = s; });
  return `${column} IN (${states.map((_, i) => `@s${i}`).join(', ')})`;
}

function jobNotFound(jobId: number): AppError {
  return new AppError('job_not_found', `job ${jobId} does not exist`, 404, { jobId });
}

/** The job is not (or no longer) in a state that allows `event`: someone else acted first, or the view was stale. */
export function stateConflict(job: { id: number; state: JobState }, event: JobEvent): AppError {
  return new AppError('job_state_conflict', `job ${job.id} is ${job.state}; ${event} is not possible now`, 409,
    { jobId: job.id, state: job.state, event });
}

export class JobRepository {
  constructor(private readonly db: Db) {}

  /** Creates the job in `uploaded` with its `submitted` event; position = end of the queue. */
  insert(input: NewJob, actorId: number | null, nowMs: number): Job {
    return transaction(this.db, () => {
      const { next } = this.db.prepare('SELECT COALESCE(MAX(position), 0) + 1 AS next FROM jobs').get() as { next: number };
      const info = this.db.prepare(`
        INSERT INTO jobs (owner_id, workshop_id, state, original_filename, file_sha256, file_size_bytes, file_kind,
          gcode_sha256, printer_id, material, colour, preset, infill_percent, supports, hold_for_approval, priority, position,
          submitted_at_ms, updated_at_ms)
        VALUES (@ownerId, @workshopId, 'uploaded', @originalFilename, @fileSha256, @fileSizeBytes, @fileKind,
          @gcodeSha256, @printerId, @material, @colour, @preset, @infillPercent, @supports, @holdForApproval, @priority, @position,
          @nowMs, @nowMs)`)
        .run({ ...input, supports: input.supports === null ? null : Number(input.supports), holdForApproval: Number(input.holdForApproval ?? false), position: next, nowMs });
      const jobId = Number(info.lastInsertRowid);
      // The patron's message to the instructor is the note of the job's first event: kept with the audit trail.
      this.appendEvent(jobId, nowMs, actorId, 'submitted', null, 'uploaded', null, input.patronNote);
      return this.require(jobId);
    });
  }

  get(jobId: number): Job | null {
    const row = this.db.prepare(`${SELECT_JOB} WHERE j.id = ?`).get(jobId) as JobRow | undefined;
    return row ? toJob(row) : null;
  }

  require(jobId: number): Job {
    const job = this.get(jobId);
    if (!job) throw jobNotFound(jobId);
    return job;
  }

  /** In queue order (priority, then position). */
  list(filter: JobFilter = {}): Job[] {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.states) {
      if (filter.states.length === 0) return [];
      where.push(statesIn('j.state', filter.states, params));
    }
    if (filter.ownerId !== undefined) { where.push('j.owner_id = @ownerId'); params.ownerId = filter.ownerId; }
    if (filter.workshopId !== undefined) { where.push('j.workshop_id = @workshopId'); params.workshopId = filter.workshopId; }
    if (filter.printerId !== undefined) { where.push('j.printer_id = @printerId'); params.printerId = filter.printerId; }
    if (filter.ownedOrOverseenBy !== undefined) {
      where.push('(j.owner_id = @overseer OR w.instructor_id = @overseer)');
      params.overseer = filter.ownedOrOverseenBy;
    }
    params.limit = filter.limit ?? -1;
    params.offset = filter.offset ?? 0;
    const sql = `${SELECT_JOB} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${QUEUE_ORDER_SQL} LIMIT @limit OFFSET @offset`;
    return (this.db.prepare(sql).all(params) as JobRow[]).map(toJob);
  }

  /**
   * Applies `event` to the job if the transition table allows it from the row's current state (and
   * that state is `expectedState`, when given). A lost race or a stale view is `job_state_conflict`.
   */
  transition(jobId: number, req: TransitionRequest, nowMs: number): TransitionResult {
    return transaction(this.db, () => this.transitionUnwrapped(jobId, req, nowMs));
  }

  /** Runs `fn` (several transitions, other writes) as one transaction; nested ones become savepoints. */
  transactionally<T>(fn: () => T): T {
    return transaction(this.db, fn);
  }

  private transitionUnwrapped(jobId: number, req: TransitionRequest, nowMs: number): TransitionResult {
    const row = this.db.prepare('SELECT state FROM jobs WHERE id = ?').get(jobId) as { state: JobState } | undefined;
    if (!row) throw jobNotFound(jobId);
    const from = row.state;
    const to = transitionTarget(from, req.event);
    if ((req.expectedState !== undefined && req.expectedState !== from) || to === null) {
      throw stateConflict({ id: jobId, state: from }, req.event);
    }
    const sets = ['state = @to', 'updated_at_ms = @nowMs', 'version = version + 1'];
    const params: Record<string, unknown> = { jobId, to, nowMs };
    for (const [key, value] of Object.entries(req.patch ?? {}) as Array<[keyof JobPatch, unknown]>) {
      if (value === undefined) continue;
      sets.push(`${PATCH_COLUMNS[key]} = @${key}`);
      params[key] = patchValue(key, value);
    }
    this.db.prepare(`UPDATE jobs SET ${sets.join(', ')} WHERE id = @jobId`).run(params);
    const eventId = this.appendEvent(jobId, nowMs, req.actorId, req.event, from, to, req.reasonCode ?? null, req.note ?? null);
    return { job: this.require(jobId), from, to, event: req.event, reasonCode: req.reasonCode ?? null, eventId };
  }

  /** Progress is not a state change: no event row, but kept so an interruption can show where it stopped. */
  saveProgress(jobId: number, progress: PrintProgress, nowMs: number): void {
    this.db.prepare('UPDATE jobs SET progress_json = ?, updated_at_ms = ? WHERE id = ?')
      .run(JSON.stringify(progress), nowMs, jobId);
  }

  setPriority(jobIds: readonly number[], priority: number, nowMs: number): void {
    transaction(this.db, () => {
      const stmt = this.db.prepare('UPDATE jobs SET priority = ?, updated_at_ms = ?, version = version + 1 WHERE id = ?');
      for (const id of jobIds) if (stmt.run(priority, nowMs, id).changes === 0) throw jobNotFound(id);
    });
  }

  /**
   * Gives `jobIds` consecutive positions in the given order, taking the slots they held before, so
   * jobs not named keep their places relative to each other.
   */
  reorder(jobIds: readonly number[], nowMs: number): void {
    transaction(this.db, () => {
      const current = jobIds.map((id) => this.require(id).position).sort((a, b) => a - b);
      const stmt = this.db.prepare('UPDATE jobs SET position = ?, updated_at_ms = ?, version = version + 1 WHERE id = ?');
      jobIds.forEach((id, i) => stmt.run(current[i], nowMs, id));
    });
  }

  events(jobId: number): JobEventRecord[] {
    return (this.db.prepare('SELECT * FROM job_events WHERE job_id = ? ORDER BY id').all(jobId) as EventRow[]).map(toEvent);
  }

  /** Every sha256 a job still points at (retention-deleted ones aside): the upload store keeps these and sweeps the rest. */
  referencedFiles(): Set<string> {
    const rows = this.db.prepare(`SELECT file_sha256 AS sha FROM jobs WHERE files_deleted_at_ms IS NULL
      UNION SELECT gcode_sha256 FROM jobs WHERE gcode_sha256 IS NOT NULL AND files_deleted_at_ms IS NULL`).all() as Array<{ sha: string }>;
    return new Set(rows.map((r) => r.sha));
  }

  /** Jobs on the pickup shelf, with when they got there and how many reminders were already sent. */
  awaitingPickup(): Array<{ job: Job; readyAtMs: number; remindersSent: number }> {
    const rows = this.db.prepare(`SELECT j.id,
        (SELECT MAX(at_ms) FROM job_events e WHERE e.job_id = j.id AND e.to_state = 'awaiting_pickup' AND e.from_state <> 'awaiting_pickup') AS ready_at_ms,
        (SELECT COUNT(*) FROM job_events e WHERE e.job_id = j.id AND e.event = 'pickup_reminded') AS reminders_sent
      FROM jobs j WHERE j.state = 'awaiting_pickup' ORDER BY j.id`).all() as Array<{ id: number; ready_at_ms: number; reminders_sent: number }>;
    return rows.map((r) => ({ job: this.require(r.id), readyAtMs: r.ready_at_ms, remindersSent: r.reminders_sent }));
  }

  /** Jobs in one of `states` since at or before `cutoffMs` whose files are still kept. */
  filesKeptSince(states: readonly JobState[], cutoffMs: number): Job[] {
    if (states.length === 0) return [];
    const params: Record<string, unknown> = { cutoffMs };
    const rows = this.db.prepare(`SELECT j.id FROM jobs j
      WHERE ${statesIn('j.state', states, params)} AND j.files_deleted_at_ms IS NULL
        AND (SELECT MAX(at_ms) FROM job_events e WHERE e.job_id = j.id AND e.to_state = j.state) <= @cutoffMs
      ORDER BY j.id`).all(params) as Array<{ id: number }>;
    return rows.map((r) => this.require(r.id));
  }

  markFilesDeleted(jobId: number, nowMs: number): void {
    this.db.prepare('UPDATE jobs SET files_deleted_at_ms = ?, updated_at_ms = ?, version = version + 1 WHERE id = ?').run(nowMs, nowMs, jobId);
  }

  /**
   * How many of the owner's jobs are in `states` (any state when absent), were submitted at or after
   * `submittedSinceMs`, and came before job `submittedBeforeJobId` (ids grow with submission).
   */
  countOwned(ownerId: number, opts: { states?: readonly JobState[]; submittedSinceMs?: number; submittedBeforeJobId?: number }): number {
    const where = ['owner_id = @ownerId', 'submitted_at_ms >= @since', 'id < @before'];
    const params: Record<string, unknown> = {
      ownerId, since: opts.submittedSinceMs ?? 0, before: opts.submittedBeforeJobId ?? Number.MAX_SAFE_INTEGER,
    };
    if (opts.states) {
      if (opts.states.length === 0) return 0;
      where.push(statesIn('state', opts.states, params));
    }
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE ${where.join(' AND ')}`).get(params) as { n: number }).n;
  }

  /** Takes the patron's words out of their history: file names become neutral, their own event notes go. */
  anonymiseOwned(ownerId: number, nowMs: number): void {
    this.db.prepare(`UPDATE jobs SET original_filename = 'job-' || id || '.' || file_kind, updated_at_ms = @nowMs, version = version + 1
      WHERE owner_id = @ownerId`).run({ ownerId, nowMs });
    this.db.prepare('UPDATE job_events SET note = NULL WHERE actor_id = ? AND note IS NOT NULL').run(ownerId);
  }

  private appendEvent(jobId: number, atMs: number, actorId: number | null, event: JobEventKind, from: JobState | null,
    to: JobState, reasonCode: string | null, note: string | null): number {
    const info = this.db.prepare(`INSERT INTO job_events (job_id, at_ms, actor_id, event, from_state, to_state, reason_code, note)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(jobId, atMs, actorId, event, from, to, reasonCode, note);
    return Number(info.lastInsertRowid);
  }
}
