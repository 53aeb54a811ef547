/**
 * One thing the safety policy found in a file. `code` is stable snake_case that the UI translates;
 * `message` is for staff and logs. `refuse` blocks approval (staff may override); `warn` is shown only.
 */
export type FindingSeverity = 'refuse' | 'warn';

export interface Finding {
  code: string;
  /** 1-based line in the file; 0 for findings about the whole file. */
  line: number;
  message: string;
  severity: FindingSeverity;
  params?: Record<string, unknown>;
}

/** Per reason code, only this many lines are listed; the rest are counted so a broken file stays small. */
export const MAX_FINDINGS_PER_CODE = 20;

/** Collects findings with a per-code cap and a count of every occurrence. */
export class FindingList {
  readonly findings: Finding[] = [];
  readonly counts: Record<string, number> = {};
  /** Findings listed per code: at most MAX_FINDINGS_PER_CODE, whatever the counts. */
  private readonly listed: Record<string, number> = {};

  add(finding: Finding): void {
    this.counts[finding.code] = (this.counts[finding.code] ?? 0) + 1;
    const listed = this.listed[finding.code] ?? 0;
    if (listed >= MAX_FINDINGS_PER_CODE) return;
    this.listed[finding.code] = listed + 1;
    this.findings.push(finding);
  }

  /**
   * Counts one more occurrence of `code` and returns true when its list is already full, so a rule that
   * fires on every line of a broken file can skip building a finding nobody will see.
   */
  countIfFull(code: string): boolean {
    if ((this.listed[code] ?? 0) < MAX_FINDINGS_PER_CODE) return false;
    this.counts[code] = (this.counts[code] ?? 0) + 1;
    return true;
  }

  /** Counts `n` more occurrences of `code` that are not listed (its list is full, or their line is listed already). */
  countMore(code: string, n: number): void {
    this.counts[code] = (this.counts[code] ?? 0) + n;
  }

  get refused(): boolean {
    return this.findings.some((f) => f.severity === 'refuse');
  }
}
