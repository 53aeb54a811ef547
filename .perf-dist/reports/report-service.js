/** Usage reports for staff: checks who asks and which dates, reads the facts, builds the report. */
import { AppError } from '../core/errors.js';
import { forbidden } from '../jobs/job-policy.js';
import { nextDate, zonedMs } from '../reservations/local-time.js';
import { buildUsageReport } from './usage-report.js';
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
function isCalendarDate(text) {
    const m = DATE.exec(text);
    if (!m)
        return false;
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.toISOString().slice(0, 10) === text;
}
export class ReportService {
    usage;
    timeZone;
    constructor(usage, timeZone) {
        this.usage = usage;
        this.timeZone = timeZone;
    }
    /** `from` and `to` are whole local days, both included. */
    usageReport(actor, from, to) {
        if (actor.role !== 'staff')
            throw forbidden('report_view');
        for (const [name, value] of [['from', from], ['to', to]]) {
            if (!isCalendarDate(value))
                throw new AppError('invalid_date', `${name} must be a date YYYY-MM-DD`, 422, { field: name, value });
        }
        if (from > to)
            throw new AppError('invalid_date_range', 'from is after to', 422, { from, to });
        const period = { fromMs: zonedMs(from, 0, this.timeZone), toMs: zonedMs(nextDate(to), 0, this.timeZone) };
        return buildUsageReport(this.usage.facts(period), { from, to, timeZone: this.timeZone });
    }
}
//# sourceMappingURL=report-service.js.map