/** What the usage report is computed from: rows as the repository reads them, before any counting. */

/** How a print that reached the printer ended. */
export const PRINT_OUTCOMES = ['completed', 'failed', 'cancelled'] as const;
export type PrintOutcome = (typeof PRINT_OUTCOMES)[number];

export interface PrintFact {
  printerId: string | null;
  /** Only for counting; never leaves the report module. */
  ownerId: number;
  startedAtMs: number;
  endedAtMs: number;
  outcome: PrintOutcome;
  filamentGrams: number | null;
  costCents: number | null;
}

/** A patron's submission in the period, with the time of their first submission ever. */
export interface SubmissionFact { ownerId: number; atMs: number; firstEverAtMs: number }

export interface WorkshopFact { id: number; title: string; startsAtMs: number; participants: number; jobs: number }

export interface UsageFacts { prints: PrintFact[]; submissions: SubmissionFact[]; workshops: WorkshopFact[] }

/** Half-open [fromMs, toMs). */
export interface PeriodMs { fromMs: number; toMs: number }
