import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.js';
import {
  ACTIVE_JOB_STATES, FINAL_JOB_STATES, JOB_EVENTS, JOB_STATES, JOB_TRANSITIONS, nextJobState, transitionTarget,
  type JobEvent, type JobState,
} from '../../../src/jobs/job-states.js';

// The lifecycle as issue #3 §3 describes it, written out edge by edge independently of the table.
const SPEC: Array<[JobState, JobEvent, JobState]> = [
  ['uploaded', 'analysis_started', 'analysing'],
  ['analysing', 'analysis_passed', 'awaiting_approval'],
  ['analysing', 'analysis_refused', 'refused'],
  // Issue 4 §4: only staff may override a refusal, with a note kept in the job's events.
  ['refused', 'refusal_overridden', 'approved'],
  ['analysing', 'slicing_deferred', 'needs_slicing'],
  ['needs_slicing', 'slicing_resumed', 'analysing'],
  ['awaiting_approval', 'approved', 'approved'],
  ['awaiting_approval', 'rejected', 'rejected'],
  ['awaiting_approval', 'sent_back', 'sent_back'],
  ['approved', 'rejected', 'rejected'],
  ['approved', 'sent_back', 'sent_back'],
  ['approved', 'start_requested', 'starting'],
  ['starting', 'print_started', 'printing'],
  ['starting', 'start_failed', 'failed'],
  ['printing', 'paused', 'paused'],
  ['paused', 'resumed', 'printing'],
  ['printing', 'print_finished', 'awaiting_pickup'],
  ['awaiting_pickup', 'collected', 'collected'],
  ['awaiting_pickup', 'pickup_located', 'awaiting_pickup'],
  ['awaiting_pickup', 'pickup_reminded', 'awaiting_pickup'],
  ['awaiting_pickup', 'pickup_expired', 'unclaimed'],
  ['unclaimed', 'collected', 'collected'],
  ['printing', 'print_failed', 'failed'],
  ['paused', 'print_failed', 'failed'],
  ['sent_back', 'resubmitted', 'uploaded'],
  ['failed', 'requeued', 'approved'],
  ['interrupted', 'requeued', 'approved'],
  ...(['uploaded', 'analysing', 'needs_slicing', 'awaiting_approval', 'approved', 'sent_back', 'starting', 'printing', 'paused'] as const)
    .map((s): [JobState, JobEvent, JobState] => [s, 'cancelled', 'cancelled']),
  ...(['starting', 'printing', 'paused'] as const).map((s): [JobState, JobEvent, JobState] => [s, 'interrupted', 'interrupted']),
];

function specTarget(from: JobState, event: JobEvent): JobState | null {
  return SPEC.find(([f, e]) => f === from && e === event)?.[2] ?? null;
}

describe('job transition table', () => {
  const pairs = JOB_STATES.flatMap((s) => JOB_EVENTS.map((e) => [s, e] as const));

  it.each(pairs)('%s × %s matches the lifecycle spec', (from, event) => {
    const expected = specTarget(from, event);
    expect(transitionTarget(from, event)).toBe(expected);
    if (expected === null) {
      let thrown: unknown;
      try { nextJobState(from, event); } catch (err) { thrown = err; }
      expect(thrown).toBeInstanceOf(AppError);
      expect((thrown as AppError).code).toBe('illegal_transition');
      expect((thrown as AppError).httpStatus).toBe(409);
      expect((thrown as AppError).params).toEqual({ from, event });
    } else {
      expect(nextJobState(from, event)).toBe(expected);
    }
  });

  it('has no edge the spec lacks', () => {
    const edges = JOB_STATES.flatMap((s) => Object.entries(JOB_TRANSITIONS[s]).map(([e, to]) => `${s}|${e}|${to}`));
    expect(edges.sort()).toEqual(SPEC.map((x) => x.join('|')).sort());
  });

  it('reaches printing only through the printer accepting a start (or a resume)', () => {
    const into = SPEC.filter(([, , to]) => to === 'printing').map(([from, e]) => `${from}|${e}`);
    expect(into.sort()).toEqual(['paused|resumed', 'starting|print_started']);
  });

  it('reaches every state from uploaded and uses every event', () => {
    const seen = new Set<JobState>(['uploaded']);
    for (let grew = true; grew;) {
      grew = false;
      for (const s of [...seen]) for (const to of Object.values(JOB_TRANSITIONS[s])) if (!seen.has(to!)) { seen.add(to!); grew = true; }
    }
    expect([...seen].sort()).toEqual([...JOB_STATES].sort());
    const used = new Set(JOB_STATES.flatMap((s) => Object.keys(JOB_TRANSITIONS[s])));
    expect([...used].sort()).toEqual([...JOB_EVENTS].sort());
  });

  it('derives final and active states from the table', () => {
    expect([...FINAL_JOB_STATES].sort()).toEqual(['cancelled', 'collected', 'rejected']);
    for (const s of ACTIVE_JOB_STATES) expect(transitionTarget(s, 'interrupted')).toBe('interrupted');
  });
});
