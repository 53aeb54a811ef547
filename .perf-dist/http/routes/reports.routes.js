/** Usage and impact reports for staff: JSON, or CSV when the client asks for `text/csv`. */
import { z } from 'zod';
import { usageReportCsv } from '../../reports/usage-csv.js';
const usageQuery = z.strictObject({ from: z.string().max(10), to: z.string().max(10) });
export function registerReportRoutes(api, ctx) {
    api.add({
        method: 'get', path: '/api/reports/usage', tag: 'reports', access: 'user', query: usageQuery,
        summary: 'Prints, success rate, hours, grams, cost, patrons and workshops by month and printer (staff; Accept: text/csv for CSV)',
        handle: ({ actor, query, req, res }) => {
            const report = ctx.reports.usageReport(actor, query.from, query.to);
            if (req.accepts(['application/json', 'text/csv']) !== 'text/csv')
                return report;
            res.type('text/csv; charset=utf-8')
                .attachment(`tulostamo-usage-${query.from}-${query.to}.csv`)
                .send(usageReportCsv(report));
            return undefined;
        },
    });
}
//# sourceMappingURL=reports.routes.js.map