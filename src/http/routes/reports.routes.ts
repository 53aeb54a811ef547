/**
 * Usage and impact reports for staff: JSON, or CSV when the client asks for `text/csv`. `format=csv`
 * does the same for a plain download link, which cannot set an Accept header.
 */
import { z } from 'zod';
import { usageReportCsv } from '../../reports/usage-csv.js';
import type { ApiContext, Api } from '../api-context.js';

const usageQuery = z.strictObject({ from: z.string().max(10), to: z.string().max(10), format: z.enum(['json', 'csv']).optional() });

export function registerReportRoutes(api: Api, ctx: ApiContext): void {
  api.add({
    method: 'get', path: '/api/reports/usage', tag: 'reports', access: 'user', query: usageQuery,
    summary: 'Prints, success rate, hours, grams, cost, patrons and workshops by month and printer (staff; Accept: text/csv or format=csv for CSV)',
    handle: ({ actor, query, req, res }) => {
      const report = ctx.reports.usageReport(actor, query.from, query.to);
      const wantsCsv = query.format === undefined ? req.accepts(['application/json', 'text/csv']) === 'text/csv' : query.format === 'csv';
      if (!wantsCsv) return report;
      res.type('text/csv; charset=utf-8')
        .attachment(`tulostamo-usage-${query.from}-${query.to}.csv`)
        .send(usageReportCsv(report));
      return undefined;
    },
  });
}
