/**
 * Who may do what: one source of truth for the services (which enforce it), the HTTP layer (which
 * hides buttons and filters lists with it) and the permission-matrix test. Pure.
 *
 *   can(actor, action, job, settings)      per-job actions
 *   canDo(actor, action)                   actions on the daemon (printers, users, settings…)
 *   canManageWorkshop(actor, workshop)
 */
import { AppError } from '../core/errors.js';
import type { Actor } from '../users/user-types.js';
import type { Job } from './job-types.js';

export const JOB_ACTIONS = [
  'view', 'view_events', 'cancel', 'resubmit', 'approve', 'reject', 'send_back', 'prioritise', 'reorder',
  'collect', 'requeue', 'download_gcode', 'set_pickup_location', 'attach_gcode', 'override_refusal',
] as const;
export type JobAction = (typeof JOB_ACTIONS)[number];

export const SYSTEM_ACTIONS = [
  'job_submit', 'queue_view_all', 'workshop_create', 'printer_control', 'bed_clear', 'job_start', 'user_manage',
  'settings_manage',
] as const;
export type SystemAction = (typeof SYSTEM_ACTIONS)[number];

export interface AccessSettings {
  /** Staff may let every instructor approve every job, not only those of their own workshops. */
  instructorsApproveAll: boolean;
}
export const DEFAULT_ACCESS_SETTINGS: AccessSettings = { instructorsApproveAll: false };

export type JobAccessView = Pick<Job, 'ownerId' | 'workshopInstructorId'> & Partial<Pick<Job, 'holdForApproval'>>;

const OWNER_ACTIONS: readonly JobAction[] = ['view', 'view_events', 'cancel', 'resubmit'];
const OVERSEER_ACTIONS: readonly JobAction[] = [
  'view', 'view_events', 'cancel', 'approve', 'reject', 'send_back', 'prioritise', 'reorder', 'collect',
];

export function can(actor: Actor, action: JobAction, job: JobAccessView, settings = DEFAULT_ACCESS_SETTINGS): boolean {
  if (actor.role === 'staff') return true;
  if (job.ownerId === actor.userId && OWNER_ACTIONS.includes(action)) return true;
  if (actor.role !== 'instructor') return false;
  // An instructor's own jobs are approved by role after analysis; one they asked to hold (a slicer's
  // Upload) is theirs to approve when they want it printed.
  if (job.ownerId === actor.userId && action === 'approve' && job.holdForApproval === true) return true;
  const oversees = job.workshopInstructorId === actor.userId || settings.instructorsApproveAll;
  return oversees && OVERSEER_ACTIONS.includes(action);
}

export function canDo(actor: Actor, action: SystemAction): boolean {
  switch (action) {
    case 'job_submit': return true;
    case 'workshop_create': return actor.role !== 'patron';
    default: return actor.role === 'staff';
  }
}

export function canManageWorkshop(actor: Actor, workshop: { instructorId: number }): boolean {
  return actor.role === 'staff' || (actor.role === 'instructor' && workshop.instructorId === actor.userId);
}

export function forbidden(action: string): AppError {
  return new AppError('forbidden', `not allowed: ${action}`, 403, { action });
}
