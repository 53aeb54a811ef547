import { describe, expect, it } from 'vitest';
import { lastTwelveMonths } from '../../../src/reports/report-range.js';

describe('lastTwelveMonths (the report panel’s first period)', () => {
  it('ends on the local date, not the UTC one, in the first hours of a Helsinki day', () => {
    // 00:30 on 1 December in Helsinki is still 30 November in UTC.
    expect(lastTwelveMonths(Date.parse('2026-11-30T22:30:00Z'), 'Europe/Helsinki')).toEqual({ from: '2026-01-01', to: '2026-12-01' });
    expect(lastTwelveMonths(Date.parse('2026-11-30T22:30:00Z'), 'UTC')).toEqual({ from: '2025-12-01', to: '2026-11-30' });
    // Summer time (UTC+3): 02:59 local on 1 July.
    expect(lastTwelveMonths(Date.parse('2026-06-30T23:59:00Z'), 'Europe/Helsinki')).toEqual({ from: '2025-08-01', to: '2026-07-01' });
  });

  it('covers twelve whole months, the current one included, across the year end', () => {
    expect(lastTwelveMonths(Date.parse('2026-12-31T21:59:00Z'), 'Europe/Helsinki')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(lastTwelveMonths(Date.parse('2026-12-31T22:00:00Z'), 'Europe/Helsinki')).toEqual({ from: '2026-02-01', to: '2027-01-01' });
    expect(lastTwelveMonths(Date.parse('2027-01-15T12:00:00Z'), 'Europe/Helsinki')).toEqual({ from: '2026-02-01', to: '2027-01-15' });
  });
});
