/**
 * The usage report as one CSV table for spreadsheets: a row for the totals, each month and each
 * printer, with the same columns (patron figures are empty on printer rows). RFC 4180 quoting. Pure.
 */
import type { PatronMetrics, PrintMetrics, UsageReport } from './usage-report.js';

const PRINT_COLUMNS: Array<keyof PrintMetrics> = [
  'prints', 'completed', 'failed', 'cancelled', 'successRate', 'printHours', 'filamentGrams', 'costCents',
];
const PATRON_COLUMNS: Array<keyof PatronMetrics> = ['uniquePatrons', 'firstTimePatrons', 'workshops', 'workshopParticipants'];

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function usageReportCsv(report: UsageReport): string {
  const header = ['scope', 'key', ...PRINT_COLUMNS, ...PATRON_COLUMNS];
  const row = (scope: string, key: string, m: PrintMetrics & Partial<PatronMetrics>) =>
    [scope, key, ...PRINT_COLUMNS.map((c) => m[c]), ...PATRON_COLUMNS.map((c) => m[c])];
  const rows = [
    header,
    row('total', `${report.period.from}..${report.period.to}`, report.totals),
    ...report.byMonth.map((m) => row('month', m.month, m)),
    ...report.byPrinter.map((p) => row('printer', p.printerId, p)),
  ];
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
