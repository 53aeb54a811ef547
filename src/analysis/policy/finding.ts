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

  add(finding: Finding): void {
    const seen = this.counts[finding.code] ?? 0;
    this.counts[finding.code] = seen + 1;
    if (seen < MAX_FINDINGS_PER_CODE) this.findings.push(finding);
  }

  /**
   * Counts one more occurrence of `code` and returns true when its list is already full, so a rule that
   * fires on every line of a broken file can skip building a finding nobody will see.
   */
  countIfFull(code: string): boolean {
    const seen = this.counts[code] ?? 0;
    if (seen < MAX_FINDINGS_PER_CODE) return false;
    this.counts[code] = seen + 1;
    return true;
  }

  /** Counts `n` more occurrences of `code`, whose list is full. */
  countMore(code: string, n: number): void {
    this.counts[code] = (this.counts[code] ?? 0) + n;
  }

  get refused(): boolean {
    return this.findings.some((f) => f.severity === 'refuse');
  }
}
