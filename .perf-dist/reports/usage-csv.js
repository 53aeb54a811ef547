const PRINT_COLUMNS = [
    'prints', 'completed', 'failed', 'cancelled', 'successRate', 'printHours', 'filamentGrams', 'costCents',
];
const PATRON_COLUMNS = ['uniquePatrons', 'firstTimePatrons', 'workshops', 'workshopParticipants'];
export function csvField(value) {
    if (value === null || value === undefined)
        return '';
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
export function usageReportCsv(report) {
    const header = ['scope', 'key', ...PRINT_COLUMNS, ...PATRON_COLUMNS];
    const row = (scope, key, m) => [scope, key, ...PRINT_COLUMNS.map((c) => m[c]), ...PATRON_COLUMNS.map((c) => m[c])];
    const rows = [
        header,
        row('total', `${report.period.from}..${report.period.to}`, report.totals),
        ...report.byMonth.map((m) => row('month', m.month, m)),
        ...report.byPrinter.map((p) => row('printer', p.printerId, p)),
    ];
    return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
//# sourceMappingURL=usage-csv.js.map