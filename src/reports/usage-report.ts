/**
 * Turns usage facts into the report the library shows the city and its funder. Pure. Anonymised by
 * construction: owner ids are only counted, never copied into the output.
 *
 *   buildUsageReport(facts, { from, to, timeZone }) → UsageReport
 */
import { localParts } from '../reservations/local-time.js';
import type { PrintFact, SubmissionFact, UsageFacts, WorkshopFact } from './usage-facts.js';

export interface PrintMetrics {
  prints: number;
  completed: number;
  failed: number;
  cancelled: number;
  /** completed / prints; null when nothing printed. */
  successRate: number | null;
  /** Printer time from start to end, pauses included. */
  printHours: number;
  /** Filament of completed prints, from the job's analysis. */
  filamentGrams: number;
  costCents: number;
}

export interface PatronMetrics {
  /** Patrons who submitted at least one job. */
  uniquePatrons: number;
  /** Of those, the ones whose first job ever falls in this period. */
  firstTimePatrons: number;
  workshops: number;
  workshopParticipants: number;
}

export type UsageMetrics = PrintMetrics & PatronMetrics;

export interface WorkshopLine { workshopId: number; title: string; date: string; participants: number; jobs: number }

export interface UsageReport {
  period: { from: string; to: string; timeZone: string };
  totals: UsageMetrics;
  byMonth: Array<{ month: string } & UsageMetrics>;
  byPrinter: Array<{ printerId: string } & PrintMetrics>;
  workshops: WorkshopLine[];
}

export interface ReportPeriod { from: string; to: string; timeZone: string }

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

export function printMetrics(prints: readonly PrintFact[]): PrintMetrics {
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
export function patronMetrics(submissions: readonly SubmissionFact[], workshops: readonly WorkshopFact[]): PatronMetrics {
  const patrons = new Set(submissions.map((s) => s.ownerId));
  const firstTime = new Set(submissions.filter((s) => s.atMs === s.firstEverAtMs).map((s) => s.ownerId));
  return {
    uniquePatrons: patrons.size,
    firstTimePatrons: firstTime.size,
    workshops: workshops.length,
    workshopParticipants: workshops.reduce((s, w) => s + w.participants, 0),
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item); else out.set(k, [item]);
  }
  return out;
}

export function buildUsageReport(facts: UsageFacts, period: ReportPeriod): UsageReport {
  const monthOf = (ms: number) => localParts(ms, period.timeZone).month;
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
