import { describe, expect, it } from 'vitest';
import {
  autoApprovable, evaluatePolicies, monthStartMs, type LibraryHours, type PolicyContext, type PolicyRules,
} from '../../../src/jobs/policy-rules.js';
import { zonedMs } from '../../../src/reservations/local-time.js';

const TZ = 'Europe/Helsinki';
const HOUR_S = 3600;
const weekday = [{ opens: '08:00', closes: '21:00' }];
/** Doors open 08–21 on weekdays; nobody at the desk 08–10 and 18–21 (the self-service hours). */
const HOURS: LibraryHours = {
  timeZone: TZ, closedDates: ['2026-12-24'],
  openingHours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [], sun: [] },
};
const selfService = [{ opens: '08:00', closes: '10:00' }, { opens: '18:00', closes: '21:00' }];
const OFF: PolicyRules = {
  maxPrintHours: null, maxFilamentGrams: null, maxOpenJobsPerPatron: null, maxJobsPerPatronPerMonth: null,
  materialsByAudience: {}, mustFinishBeforeClosing: false, overnightOnlyOverHours: null, overnightStartsAt: '18:00',
  selfServiceHours: { mon: selfService, tue: selfService, wed: selfService, thu: selfService, fri: selfService, sat: [], sun: [] },
};
/** 2026-11-30 is a Monday; times are Helsinki wall-clock. */
const mon = (hhmm: string) => zonedMs('2026-11-30', Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), TZ);
const NOON = mon('12:00');

function ctx(over: Partial<Omit<PolicyContext, 'job'>> & { job?: Partial<PolicyContext['job']> } = {}): PolicyContext {
  return {
    phase: 'submission', audience: 'patron', openJobs: 0, jobsThisMonth: 0, hours: HOURS, ...over,
    job: { material: 'PLA', estimateS: 2 * HOUR_S, filamentGrams: 40, ...over.job },
  };
}
const codes = (c: PolicyContext, rules: Partial<PolicyRules>, atMs = NOON) =>
  evaluatePolicies(c, { ...OFF, ...rules }, atMs).map((f) => `${f.severity}:${f.code}`);

describe('evaluatePolicies: every rule passes one case and refuses another', () => {
  it('finds nothing when no rule is configured', () => {
    expect(codes(ctx({ job: { estimateS: 99 * HOUR_S, filamentGrams: 5000, material: 'ABS' }, openJobs: 50 }), {})).toEqual([]);
  });

  it('maximum print time', () => {
    expect(codes(ctx({ job: { estimateS: 3 * HOUR_S } }), { maxPrintHours: 3 })).toEqual([]);
    const [finding] = evaluatePolicies(ctx({ job: { estimateS: 3 * HOUR_S + 1 } }), { ...OFF, maxPrintHours: 3 }, NOON);
    expect(finding).toEqual({ code: 'policy_print_too_long', severity: 'refuse', params: { estimateS: 10801, maxS: 10800 } });
    // The limits are for patrons; an instructor's demo print is their own call.
    expect(codes(ctx({ audience: 'instructor', job: { estimateS: 9 * HOUR_S } }), { maxPrintHours: 3 })).toEqual([]);
  });

  it('maximum grams of filament', () => {
    expect(codes(ctx({ job: { filamentGrams: 100 } }), { maxFilamentGrams: 100 })).toEqual([]);
    expect(codes(ctx({ job: { filamentGrams: 100.5 } }), { maxFilamentGrams: 100 })).toEqual(['refuse:policy_too_much_filament']);
  });

  it('jobs per patron at once, counted at submission only', () => {
    expect(codes(ctx({ openJobs: 1 }), { maxOpenJobsPerPatron: 2 })).toEqual([]);
    expect(codes(ctx({ openJobs: 2 }), { maxOpenJobsPerPatron: 2 })).toEqual(['refuse:policy_too_many_open_jobs']);
    expect(codes(ctx({ openJobs: 2, phase: 'dispatch' }), { maxOpenJobsPerPatron: 2 })).toEqual([]);
  });

  it('jobs per patron per month', () => {
    expect(codes(ctx({ jobsThisMonth: 4 }), { maxJobsPerPatronPerMonth: 5 })).toEqual([]);
    expect(codes(ctx({ jobsThisMonth: 5 }), { maxJobsPerPatronPerMonth: 5 })).toEqual(['refuse:policy_monthly_limit_reached']);
  });

  it('materials an audience may use', () => {
    const rules = { materialsByAudience: { patron: ['PLA'], trained_patron: ['PLA', 'PETG'] } };
    expect(codes(ctx({ job: { material: 'pla' } }), rules)).toEqual([]);
    expect(codes(ctx({ job: { material: 'PETG' } }), rules)).toEqual(['refuse:policy_material_not_allowed']);
    expect(codes(ctx({ audience: 'trained_patron', job: { material: 'PETG' } }), rules)).toEqual([]);
    expect(codes(ctx({ audience: 'staff', job: { material: 'ABS' } }), rules)).toEqual([]);
    expect(codes(ctx({ job: { material: null } }), rules)).toEqual(['review:policy_material_unknown']);
  });

  it('must finish before closing, at dispatch', () => {
    const rules = { mustFinishBeforeClosing: true };
    const at = (hhmm: string, estimateS: number) => codes(ctx({ phase: 'dispatch', job: { estimateS } }), rules, mon(hhmm));
    expect(at('19:00', 2 * HOUR_S)).toEqual([]);
    expect(at('19:00', 2 * HOUR_S + 1)).toEqual(['refuse:policy_would_run_past_closing']);
    expect(at('21:30', 60)).toEqual(['refuse:policy_library_closed']);
    expect(codes(ctx({ phase: 'dispatch' }), rules, zonedMs('2026-12-24', 12 * 60, TZ))).toEqual(['refuse:policy_library_closed']);
  });

  it('refuses at submission a print no opening interval is long enough for', () => {
    const rules = { mustFinishBeforeClosing: true };
    expect(codes(ctx({ job: { estimateS: 13 * HOUR_S } }), rules)).toEqual([]);
    expect(codes(ctx({ job: { estimateS: 13 * HOUR_S + 60 } }), rules)).toEqual(['refuse:policy_longer_than_opening_hours']);
  });

  it('counts touching intervals as one opening, across midnight too', () => {
    const rules = { mustFinishBeforeClosing: true };
    const allDay = [{ opens: '00:00', closes: '24:00' }];
    // Open Friday round the clock until Saturday 14:00: a 38 h run.
    const weekend: LibraryHours = { ...HOURS, openingHours: { ...HOURS.openingHours, fri: allDay, sat: [{ opens: '00:00', closes: '14:00' }] } };
    expect(codes(ctx({ hours: weekend, job: { estimateS: 38 * HOUR_S } }), rules)).toEqual([]);
    expect(codes(ctx({ hours: weekend, job: { estimateS: 38 * HOUR_S + 60 } }), rules)).toEqual(['refuse:policy_longer_than_opening_hours']);
    const always: LibraryHours = { ...HOURS, openingHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay } };
    expect(codes(ctx({ hours: always, job: { estimateS: 200 * HOUR_S } }), rules)).toEqual([]);
  });

  it('over N hours only overnight: a long print starts only after the overnight hour, and may then run past closing', () => {
    const rules = { mustFinishBeforeClosing: true, overnightOnlyOverHours: 4, overnightStartsAt: '19:30' };
    const long = (hhmm: string) => codes(ctx({ phase: 'dispatch', job: { estimateS: 10 * HOUR_S } }), rules, mon(hhmm));
    expect(long('19:30')).toEqual([]);
    expect(long('12:00')).toEqual(['refuse:policy_overnight_only']);
    // At submission it is not "longer than any opening" either: it is meant for the night.
    expect(codes(ctx({ job: { estimateS: 20 * HOUR_S } }), rules)).toEqual([]);
  });

  it('asks a person when the estimate is unknown, and refuses to start such a print under hours rules', () => {
    const rules = { mustFinishBeforeClosing: true };
    expect(codes(ctx({ job: { estimateS: null } }), rules)).toEqual(['review:policy_estimate_unknown']);
    expect(codes(ctx({ phase: 'dispatch', job: { estimateS: null } }), rules)).toEqual(['refuse:policy_estimate_unknown']);
    expect(codes(ctx({ job: { estimateS: null } }), {})).toEqual([]);
  });
});

describe('autoApprovable', () => {
  const trained = ctx({ audience: 'trained_patron' });
  it('approves a trained patron with nothing found, during self-service hours only', () => {
    expect(autoApprovable(trained, [], true, OFF, mon('09:00'))).toBe(true);
    expect(autoApprovable(trained, [], true, OFF, mon('19:00'))).toBe(true);
    expect(autoApprovable(trained, [], true, OFF, mon('12:00'))).toBe(false);
  });
  it('leaves everything else for an instructor', () => {
    expect(autoApprovable(ctx(), [], true, OFF, mon('09:00'))).toBe(false);
    expect(autoApprovable(trained, [], false, OFF, mon('09:00'))).toBe(false);
    expect(autoApprovable(trained, [{ code: 'policy_material_unknown', severity: 'review', params: {} }], true, OFF, mon('09:00'))).toBe(false);
  });
});

describe('monthStartMs', () => {
  it('is local midnight on the first, in the library time zone', () => {
    expect(new Date(monthStartMs(mon('12:00'), TZ)).toISOString()).toBe('2026-10-31T22:00:00.000Z');
    expect(new Date(monthStartMs(Date.parse('2026-11-30T22:30:00Z'), TZ)).toISOString()).toBe('2026-11-30T22:00:00.000Z');
  });
});
