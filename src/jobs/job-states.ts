/**
 * The job lifecycle as one table. Every state change in the daemon goes through `nextJobState`, and
 * the repository writes the result together with its job_events row, so the table is the whole truth.
 *
 *   uploaded → analysing → awaiting_approval → approved → starting → printing ⇄ paused
 *            → awaiting_pickup → collected   (past the pickup deadline: unclaimed → collected)
 *   side exits: needs_slicing (STL waiting for an engine), refused (analysis), rejected (instructor),
 *   sent_back (patron may resubmit), cancelled, failed, interrupted.
 */
import { AppError } from '../core/errors.js';

export const JOB_STATES = [
  'uploaded', 'analysing', 'needs_slicing', 'awaiting_approval', 'approved', 'starting', 'printing', 'paused',
  'awaiting_pickup', 'collected', 'unclaimed', 'refused', 'rejected', 'sent_back', 'cancelled', 'failed', 'interrupted',
] as const;
export type JobState = (typeof JOB_STATES)[number];

export const JOB_EVENTS = [
  'analysis_started', 'analysis_passed', 'analysis_refused', 'slicing_deferred', 'slicing_resumed',
  'approved', 'rejected', 'sent_back', 'resubmitted', 'cancelled',
  'start_requested', 'print_started', 'start_failed', 'paused', 'resumed', 'print_finished', 'print_failed',
  'interrupted', 'collected', 'requeued', 'pickup_located', 'pickup_reminded', 'pickup_expired',
  'refusal_overridden',
] as const;
export type JobEvent = (typeof JOB_EVENTS)[number];

/** Waiting for a person or a printer; `cancelled` is allowed from here without touching a printer. */
const QUEUED_CANCEL: JobState = 'cancelled';

export const JOB_TRANSITIONS: Readonly<Record<JobState, Readonly<Partial<Record<JobEvent, JobState>>>>> = {
  uploaded: { analysis_started: 'analysing', cancelled: QUEUED_CANCEL },
  analysing: {
    analysis_passed: 'awaiting_approval', analysis_refused: 'refused', slicing_deferred: 'needs_slicing',
    cancelled: QUEUED_CANCEL,
  },
  needs_slicing: { slicing_resumed: 'analysing', cancelled: QUEUED_CANCEL },
  awaiting_approval: { approved: 'approved', rejected: 'rejected', sent_back: 'sent_back', cancelled: QUEUED_CANCEL },
  // An instructor may still change their mind before the printer takes the job.
  approved: { start_requested: 'starting', rejected: 'rejected', sent_back: 'sent_back', cancelled: QUEUED_CANCEL },
  // `printing` only once the printer acknowledged the start.
  starting: {
    print_started: 'printing', start_failed: 'failed', interrupted: 'interrupted', cancelled: 'cancelled',
  },
  printing: {
    paused: 'paused', print_finished: 'awaiting_pickup', print_failed: 'failed', interrupted: 'interrupted',
    cancelled: 'cancelled',
  },
  paused: { resumed: 'printing', print_failed: 'failed', interrupted: 'interrupted', cancelled: 'cancelled' },
  // Placing the print on a shelf and reminding the patron are recorded as events but change nothing.
  awaiting_pickup: {
    collected: 'collected', pickup_located: 'awaiting_pickup', pickup_reminded: 'awaiting_pickup', pickup_expired: 'unclaimed',
  },
  collected: {},
  // Past the pickup deadline the print may be recycled, but a patron who turns up late still gets it.
  unclaimed: { collected: 'collected' },
  // Only staff, with a note that says why (JobService.overrideRefusal): the file prints as it is.
  refused: { refusal_overridden: 'approved' },
  rejected: {},
  sent_back: { resubmitted: 'uploaded', cancelled: QUEUED_CANCEL },
  cancelled: {},
  // Staff decide whether a failed or interrupted print is tried again; nothing resumes on its own.
  failed: { requeued: 'approved' },
  interrupted: { requeued: 'approved' },
};

/** States in which a printer holds the job; the dispatcher owns these. */
export const ACTIVE_JOB_STATES: readonly JobState[] = ['starting', 'printing', 'paused'];
/** States nothing leaves except by staff requeue: the end of a job's story. */
export const FINAL_JOB_STATES: readonly JobState[] =
  JOB_STATES.filter((s) => Object.keys(JOB_TRANSITIONS[s]).length === 0);

/** The state `event` leads to from `from`, or null when the table has no such edge. */
export function transitionTarget(from: JobState, event: JobEvent): JobState | null {
  return JOB_TRANSITIONS[from][event] ?? null;
}

/** Like transitionTarget, but an impossible edge is a 409 `illegal_transition` with both ends named. */
export function nextJobState(from: JobState, event: JobEvent): JobState {
  const to = transitionTarget(from, event);
  if (to === null) {
    throw new AppError('illegal_transition', `a job in state ${from} cannot take event ${event}`, 409, { from, event });
  }
  return to;
}
