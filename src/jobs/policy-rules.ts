/**
 * The library's own rules for prints, checked when an analysed job joins the queue ("submission") and
 * again when a printer would take it ("dispatch"). Pure: the shell gathers counts and the time.
 *
 *   evaluatePolicies(context, rules, nowMs) → findings (empty = every rule passes)
 *   autoApprovable(context, findings, rules, nowMs)   a trained patron's job in self-service hours
 *
 * A `refuse` finding stops the job (analysis_refused at submission; not started at dispatch); a
 * `review` finding only means a person has to look, so the job cannot be approved automatically.
 */
import type { LibraryConfig, OpeningHours } from '../config/config.js';
import { closingAfter } from '../reservations/booking-rules.js';
import { clockMinutes, localParts, WEEKDAYS, zonedMs } from '../reservations/local-time.js';
import type { Role } from '../users/user-types.js';

/** Who a material list applies to: the role, with patrons split by whether they completed a workshop. */
export const AUDIENCES = ['patron', 'trained_patron', 'instructor', 'staff'] as const;
export type Audience = (typeof AUDIENCES)[number];

export function audienceOf(role: Role, trained: boolean): Audience {
  if (role !== 'patron') return role;
  return trained ? 'trained_patron' : 'patron';
}

export interface PolicyRules {
  maxPrintHours: number | null;
  maxFilamentGrams: number | null;
  /** The patron's jobs that are neither finished nor refused, this one not counted. */
  maxOpenJobsPerPatron: number | null;
  /** Submitted in the current calendar month of the library's time zone, this one not counted. */
  maxJobsPerPatronPerMonth: number | null;
  /** Materials an audience may print in; an audience not listed may use any. */
  materialsByAudience: Partial<Record<Audience, readonly string[]>>;
  /** A print must end before the opening interval it starts in closes (and may only start while open). */
  mustFinishBeforeClosing: boolean;
  /** Prints longer than this are overnight prints: exempt from the closing rule, but started only after `overnightStartsAt`. */
  overnightOnlyOverHours: number | null;
  /** HH:MM local time. */
  overnightStartsAt: string;
  /** When staff are in the building but not at the desk; the only time trained patrons are approved automatically. */
  selfServiceHours: OpeningHours;
}

export const POLICY_CODES = [
  'policy_print_too_long', 'policy_too_much_filament', 'policy_too_many_open_jobs', 'policy_monthly_limit_reached',
  'policy_material_not_allowed', 'policy_material_unknown', 'policy_estimate_unknown', 'policy_library_closed',
  'policy_would_run_past_closing', 'policy_overnight_only', 'policy_longer_than_opening_hours',
] as const;
export type PolicyCode = (typeof POLICY_CODES)[number];

export interface PolicyFinding { code: PolicyCode; severity: 'refuse' | 'review'; params: Record<string, unknown> }

export type LibraryHours = Pick<LibraryConfig, 'timeZone' | 'openingHours' | 'closedDates'>;

export interface PolicyContext {
  phase: 'submission' | 'dispatch';
  audience: Audience;
  job: { material: string | null; estimateS: number | null; filamentGrams: number | null };
  openJobs: number;
  jobsThisMonth: number;
  hours: LibraryHours;
}

const HOUR_S = 3600;
const DAY_MIN = 24 * 60;

function refuse(code: PolicyCode, params: Record<string, unknown>): PolicyFinding {
  return { code, severity: 'refuse', params };
}

const isPatron = (a: Audience) => a === 'patron' || a === 'trained_patron';

function limitFindings(ctx: PolicyContext, rules: PolicyRules): PolicyFinding[] {
  if (!isPatron(ctx.audience)) return [];
  const out: PolicyFinding[] = [];
  const { estimateS, filamentGrams } = ctx.job;
  if (rules.maxPrintHours !== null && estimateS !== null && estimateS > rules.maxPrintHours * HOUR_S) {
    out.push(refuse('policy_print_too_long', { estimateS, maxS: rules.maxPrintHours * HOUR_S }));
  }
  if (rules.maxFilamentGrams !== null && filamentGrams !== null && filamentGrams > rules.maxFilamentGrams) {
    out.push(refuse('policy_too_much_filament', { filamentGrams, maxGrams: rules.maxFilamentGrams }));
  }
  if (ctx.phase === 'submission' && rules.maxOpenJobsPerPatron !== null && ctx.openJobs >= rules.maxOpenJobsPerPatron) {
    out.push(refuse('policy_too_many_open_jobs', { openJobs: ctx.openJobs, max: rules.maxOpenJobsPerPatron }));
  }
  if (ctx.phase === 'submission' && rules.maxJobsPerPatronPerMonth !== null && ctx.jobsThisMonth >= rules.maxJobsPerPatronPerMonth) {
    out.push(refuse('policy_monthly_limit_reached', { jobsThisMonth: ctx.jobsThisMonth, max: rules.maxJobsPerPatronPerMonth }));
  }
  return out;
}

function materialFindings(ctx: PolicyContext, rules: PolicyRules): PolicyFinding[] {
  const allowed = rules.materialsByAudience[ctx.audience];
  if (!allowed) return [];
  const material = ctx.job.material?.trim() ?? '';
  if (material === '') return [{ code: 'policy_material_unknown', severity: 'review', params: { allowed, audience: ctx.audience } }];
  if (allowed.some((m) => m.toLowerCase() === material.toLowerCase())) return [];
  return [refuse('policy_material_not_allowed', { material, allowed, audience: ctx.audience })];
}

export function isOvernight(estimateS: number, rules: PolicyRules): boolean {
  return rules.overnightOnlyOverHours !== null && estimateS > rules.overnightOnlyOverHours * HOUR_S;
}

/**
 * The longest opening of the week in seconds, joining intervals that touch as `closingAfter` does (a
 * day's 24:00 and the next day's 00:00); Infinity for a library that never closes. Two weeks are laid
 * out so that a run through Sunday night continues into Monday.
 */
function longestOpeningS(hours: LibraryHours): number {
  const spansMin: [number, number][] = [];
  for (let day = 0; day < 14; day++) {
    for (const i of hours.openingHours[WEEKDAYS[day % 7]]) spansMin.push([day * DAY_MIN + clockMinutes(i.opens), day * DAY_MIN + clockMinutes(i.closes)]);
  }
  spansMin.sort((a, b) => a[0] - b[0]);
  let longestMin = 0;
  let run: [number, number] | null = null;
  for (const [opens, closes] of spansMin) {
    if (run && opens <= run[1]) run[1] = Math.max(run[1], closes);
    else run = [opens, closes];
    longestMin = Math.max(longestMin, run[1] - run[0]);
  }
  return longestMin >= 7 * DAY_MIN ? Infinity : longestMin * 60;
}

function hoursFindings(ctx: PolicyContext, rules: PolicyRules, nowMs: number): PolicyFinding[] {
  const timed = rules.mustFinishBeforeClosing || rules.overnightOnlyOverHours !== null;
  if (!timed) return [];
  const { estimateS } = ctx.job;
  if (estimateS === null) {
    // Without an estimate nobody can say when the print ends; at dispatch that is too late to ask.
    return [{ code: 'policy_estimate_unknown', severity: ctx.phase === 'dispatch' ? 'refuse' : 'review', params: {} }];
  }
  const overnight = isOvernight(estimateS, rules);
  if (ctx.phase === 'submission') {
    const longestS = longestOpeningS(ctx.hours);
    if (rules.mustFinishBeforeClosing && !overnight && estimateS > longestS) {
      return [refuse('policy_longer_than_opening_hours', { estimateS, longestOpeningS: longestS })];
    }
    return [];
  }
  if (overnight) {
    const local = localParts(nowMs, ctx.hours.timeZone);
    if (local.minuteOfDay < clockMinutes(rules.overnightStartsAt)) {
      return [refuse('policy_overnight_only', { estimateS, startsAt: rules.overnightStartsAt })];
    }
    return [];
  }
  if (!rules.mustFinishBeforeClosing) return [];
  const closesAtMs = closingAfter(ctx.hours, nowMs);
  if (closesAtMs === null) return [refuse('policy_library_closed', {})];
  const estimatedEndMs = nowMs + estimateS * 1000;
  if (estimatedEndMs > closesAtMs) return [refuse('policy_would_run_past_closing', { closesAtMs, estimatedEndMs })];
  return [];
}

export function evaluatePolicies(ctx: PolicyContext, rules: PolicyRules, nowMs: number): PolicyFinding[] {
  return [...limitFindings(ctx, rules), ...materialFindings(ctx, rules), ...hoursFindings(ctx, rules, nowMs)];
}

export function inSelfServiceHours(hours: LibraryHours, rules: PolicyRules, nowMs: number): boolean {
  return closingAfter({ ...hours, openingHours: rules.selfServiceHours }, nowMs) !== null;
}

/**
 * A trained patron's job is approved by the system only during self-service hours, only when no rule
 * found anything, and only when the analysis itself raised nothing (`analysisClean`).
 */
export function autoApprovable(ctx: PolicyContext, findings: readonly PolicyFinding[], analysisClean: boolean,
  rules: PolicyRules, nowMs: number): boolean {
  return ctx.audience === 'trained_patron' && findings.length === 0 && analysisClean && inSelfServiceHours(ctx.hours, rules, nowMs);
}

/** The first instant of the calendar month `nowMs` falls in, in the library's zone. */
export function monthStartMs(nowMs: number, timeZone: string): number {
  return zonedMs(`${localParts(nowMs, timeZone).month}-01`, 0, timeZone);
}
