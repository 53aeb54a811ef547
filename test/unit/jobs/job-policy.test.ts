import { describe, expect, it } from 'vitest';
import { can, canDo, canManageWorkshop, JOB_ACTIONS, SYSTEM_ACTIONS, type JobAction } from '../../../src/jobs/job-policy.js';
import type { Actor } from '../../../src/users/user-types.js';

const patron: Actor = { userId: 1, role: 'patron' };
const otherPatron: Actor = { userId: 2, role: 'patron' };
const instructor: Actor = { userId: 3, role: 'instructor' };
const otherInstructor: Actor = { userId: 4, role: 'instructor' };
const staff: Actor = { userId: 5, role: 'staff' };

/** A patron's job submitted into instructor 3's workshop. */
const workshopJob = { ownerId: 1, workshopInstructorId: 3 };
/** A patron's job outside any workshop. */
const looseJob = { ownerId: 1, workshopInstructorId: null };

const OWNER: JobAction[] = ['view', 'view_events', 'cancel', 'resubmit'];
const OVERSEER: JobAction[] = ['view', 'view_events', 'cancel', 'approve', 'reject', 'send_back', 'prioritise', 'reorder', 'collect'];

function allowed(actor: Actor, job: typeof looseJob | typeof workshopJob, approveAll = false): JobAction[] {
  return JOB_ACTIONS.filter((a) => can(actor, a, job, { instructorsApproveAll: approveAll }));
}

describe('can(actor, action, job)', () => {
  it('lets a patron see, cancel and resubmit only their own jobs', () => {
    expect(allowed(patron, workshopJob)).toEqual(OWNER);
    expect(allowed(otherPatron, workshopJob)).toEqual([]);
    expect(allowed(otherPatron, looseJob, true)).toEqual([]);
  });

  it('lets an instructor review the jobs of their own workshop only, unless staff allow all', () => {
    expect(allowed(instructor, workshopJob)).toEqual(OVERSEER);
    expect(allowed(otherInstructor, workshopJob)).toEqual([]);
    expect(allowed(otherInstructor, looseJob)).toEqual([]);
    expect(allowed(otherInstructor, looseJob, true)).toEqual(OVERSEER);
  });

  it('never lets an instructor requeue or download G-code; staff may do everything', () => {
    expect(allowed(instructor, workshopJob, true)).not.toContain('requeue');
    expect(allowed(instructor, workshopJob, true)).not.toContain('download_gcode');
    expect(allowed(staff, looseJob)).toEqual([...JOB_ACTIONS]);
  });

  it('gives an instructor owner rights on jobs they submitted themselves, and approval of those they asked to hold', () => {
    expect(allowed(otherInstructor, { ownerId: 4, workshopInstructorId: null })).toEqual(OWNER);
    expect(allowed(otherInstructor, { ownerId: 4, workshopInstructorId: null, holdForApproval: true })).toEqual([...OWNER, 'approve']);
    expect(allowed(patron, { ownerId: patron.userId, workshopInstructorId: null, holdForApproval: true })).toEqual(OWNER);
  });
});

describe('canDo / canManageWorkshop', () => {
  it('keeps printer and user administration with staff', () => {
    const byRole = (a: Actor) => SYSTEM_ACTIONS.filter((x) => canDo(a, x));
    expect(byRole(patron)).toEqual(['job_submit']);
    expect(byRole(instructor)).toEqual(['job_submit', 'workshop_create']);
    expect(byRole(staff)).toEqual([...SYSTEM_ACTIONS]);
  });

  it('lets a workshop be managed by its instructor and staff', () => {
    expect(canManageWorkshop(instructor, { instructorId: 3 })).toBe(true);
    expect(canManageWorkshop(otherInstructor, { instructorId: 3 })).toBe(false);
    expect(canManageWorkshop({ userId: 3, role: 'patron' }, { instructorId: 3 })).toBe(false);
    expect(canManageWorkshop(staff, { instructorId: 3 })).toBe(true);
  });
});
