import { closingAfter } from '../reservations/booking-rules.js';
import { clockMinutes, localParts, zonedMs } from '../reservations/local-time.js';
/** Who a material list applies to: the role, with patrons split by whether they completed a workshop. */
export const AUDIENCES = ['patron', 'trained_patron', 'instructor', 'staff'];
export function audienceOf(role, trained) {
    if (role !== 'patron')
        return role;
    return trained ? 'trained_patron' : 'patron';
}
export const POLICY_CODES = [
    'policy_print_too_long', 'policy_too_much_filament', 'policy_too_many_open_jobs', 'policy_monthly_limit_reached',
    'policy_material_not_allowed', 'policy_material_unknown', 'policy_estimate_unknown', 'policy_library_closed',
    'policy_would_run_past_closing', 'policy_overnight_only', 'policy_longer_than_opening_hours',
];
const HOUR_S = 3600;
function refuse(code, params) {
    return { code, severity: 'refuse', params };
}
const isPatron = (a) => a === 'patron' || a === 'trained_patron';
function limitFindings(ctx, rules) {
    if (!isPatron(ctx.audience))
        return [];
    const out = [];
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
function materialFindings(ctx, rules) {
    const allowed = rules.materialsByAudience[ctx.audience];
    if (!allowed)
        return [];
    const material = ctx.job.material?.trim() ?? '';
    if (material === '')
        return [{ code: 'policy_material_unknown', severity: 'review', params: { allowed, audience: ctx.audience } }];
    if (allowed.some((m) => m.toLowerCase() === material.toLowerCase()))
        return [];
    return [refuse('policy_material_not_allowed', { material, allowed, audience: ctx.audience })];
}
function isOvernight(estimateS, rules) {
    return rules.overnightOnlyOverHours !== null && estimateS > rules.overnightOnlyOverHours * HOUR_S;
}
/** The longest single opening interval of the week, in seconds. */
function longestOpeningS(hours) {
    const lengthsMin = Object.values(hours.openingHours).flat().map((i) => clockMinutes(i.closes) - clockMinutes(i.opens));
    return Math.max(0, ...lengthsMin) * 60;
}
function hoursFindings(ctx, rules, nowMs) {
    const timed = rules.mustFinishBeforeClosing || rules.overnightOnlyOverHours !== null;
    if (!timed)
        return [];
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
    if (!rules.mustFinishBeforeClosing)
        return [];
    const closesAtMs = closingAfter(ctx.hours, nowMs);
    if (closesAtMs === null)
        return [refuse('policy_library_closed', {})];
    const estimatedEndMs = nowMs + estimateS * 1000;
    if (estimatedEndMs > closesAtMs)
        return [refuse('policy_would_run_past_closing', { closesAtMs, estimatedEndMs })];
    return [];
}
export function evaluatePolicies(ctx, rules, nowMs) {
    return [...limitFindings(ctx, rules), ...materialFindings(ctx, rules), ...hoursFindings(ctx, rules, nowMs)];
}
export function inSelfServiceHours(hours, rules, nowMs) {
    return closingAfter({ ...hours, openingHours: rules.selfServiceHours }, nowMs) !== null;
}
/**
 * A trained patron's job is approved by the system only during self-service hours, only when no rule
 * found anything, and only when the analysis itself raised nothing (`analysisClean`).
 */
export function autoApprovable(ctx, findings, analysisClean, rules, nowMs) {
    return ctx.audience === 'trained_patron' && findings.length === 0 && analysisClean && inSelfServiceHours(ctx.hours, rules, nowMs);
}
/** The first instant of the calendar month `nowMs` falls in, in the library's zone. */
export function monthStartMs(nowMs, timeZone) {
    return zonedMs(`${localParts(nowMs, timeZone).month}-01`, 0, timeZone);
}
//# sourceMappingURL=policy-rules.js.map