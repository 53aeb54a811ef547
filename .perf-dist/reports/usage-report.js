/**
 * Turns usage facts into the report the library shows the city and its funder. Pure. Anonymised by
 * construction: owner ids are only counted, never copied into the output.
 *
 *   buildUsageReport(facts, { from, to, timeZone }) → UsageReport
 */
import { localParts } from '../reservations/local-time.js';
const round = (v, digits) => Math.round(v * 10 ** digits) / 10 ** digits;
export function printMetrics(prints) {
    const done = prints.filter((p) => p.outcome === 'completed');
    return {
        prints: prints.length,
        completed: done.length,
        failed: prints.filter((p) => p.outcome === 'failed').length,
        cancelled: prints.filter((p) => p.outcome === 'cancelled').length,
        successRate: prints.length === 0 ? null : round(done.length / prints.length, 4),
        printHours: round(prints.reduce((s, p) => s + (p.endedAtMs - p.startedAtMs), 0) / 3_600_000, 2),
        filamentGrams: round(done.reduce((s, p) => s + (p.filamentGrams ?? 0), 0), 1),
        costCents: Math.round(done.reduce((s, p) => s + (p.costCents ?? 0), 0)),
    };
}
/** `submissions` are one slice of time: a patron is first-time there when their first job ever is among them. */
export function patronMetrics(submissions, workshops) {
    const patrons = new Set(submissions.map((s) => s.ownerId));
    const firstTime = new Set(submissions.filter((s) => s.atMs === s.firstEverAtMs).map((s) => s.ownerId));
    return {
        uniquePatrons: patrons.size,
        firstTimePatrons: firstTime.size,
        workshops: workshops.length,
        workshopParticipants: workshops.reduce((s, w) => s + w.participants, 0),
    };
}
function groupBy(items, key) {
    const out = new Map();
    for (const item of items) {
        const k = key(item);
        const list = out.get(k);
        if (list)
            list.push(item);
        else
            out.set(k, [item]);
    }
    return out;
}
export function buildUsageReport(facts, period) {
    const monthOf = (ms) => localParts(ms, period.timeZone).month;
    const printsByMonth = groupBy(facts.prints, (p) => monthOf(p.endedAtMs));
    const subsByMonth = groupBy(facts.submissions, (s) => monthOf(s.atMs));
    const workshopsByMonth = groupBy(facts.workshops, (w) => monthOf(w.startsAtMs));
    const months = [...new Set([...printsByMonth.keys(), ...subsByMonth.keys(), ...workshopsByMonth.keys()])].sort();
    const byPrinter = [...groupBy(facts.prints, (p) => p.printerId ?? 'unknown')]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([printerId, prints]) => ({ printerId, ...printMetrics(prints) }));
    return {
        period: { ...period },
        totals: { ...printMetrics(facts.prints), ...patronMetrics(facts.submissions, facts.workshops) },
        byMonth: months.map((month) => ({
            month,
            ...printMetrics(printsByMonth.get(month) ?? []),
            ...patronMetrics(subsByMonth.get(month) ?? [], workshopsByMonth.get(month) ?? []),
        })),
        byPrinter,
        workshops: facts.workshops.map((w) => ({
            workshopId: w.id, title: w.title, date: localParts(w.startsAtMs, period.timeZone).date, participants: w.participants, jobs: w.jobs,
        })),
    };
}
//# sourceMappingURL=usage-report.js.map