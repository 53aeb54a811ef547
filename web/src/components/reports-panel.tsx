import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { ApiError, api } from '../api.js';
import { fmtNumber, reason, t } from '../i18n.js';
import { lastTwelveMonths } from '../../../src/reports/report-range.js';

interface PrintMetrics { prints: number; successRate: number | null; printHours: number; filamentGrams: number }
interface PatronMetrics { uniquePatrons: number; firstTimePatrons: number }
interface UsageReport {
  totals: PrintMetrics & PatronMetrics;
  byMonth: Array<{ month: string } & PrintMetrics & PatronMetrics>;
  byPrinter: Array<{ printerId: string } & PrintMetrics>;
}

const PRINT_METRICS = ['prints', 'printHours', 'filamentGrams', 'successRate'] as const;
const PATRON_METRICS = ['uniquePatrons', 'firstTimePatrons'] as const;
type Metric = (typeof PRINT_METRICS)[number] | (typeof PATRON_METRICS)[number];
const METRICS: readonly Metric[] = [...PRINT_METRICS, ...PATRON_METRICS];

// Prints and patrons are whole numbers: no axis ticks at 0.2 or 0.5 of a print.
const WHOLE_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000];

const metricName = (m: Metric) => t(`reports.metric_${m.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`);

function show(metric: Metric, value: number | null): string {
  if (value === null) return '–';
  if (metric === 'successRate') return `${fmtNumber(value * 100, undefined, 0)} %`;
  return fmtNumber(value, undefined, metric === 'printHours' ? 1 : 0);
}

/** Staff's usage and impact figures for a chosen period: by month and by printer, as charts and tables, and as CSV. */
export function ReportsPanel() {
  // The browser's own zone: staff read "today" on their wall clock, as the date inputs do.
  const [range, setRange] = useState(() => lastTwelveMonths(Date.now(), Intl.DateTimeFormat().resolvedOptions().timeZone));
  const [metric, setMetric] = useState<Metric>('prints');
  const [report, setReport] = useState<UsageReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = async () => {
    setError(null);
    try {
      setReport(await api<UsageReport>('GET', `/api/reports/usage?${new URLSearchParams(range)}`));
    } catch (err) {
      setError(err instanceof ApiError ? reason(err.code, err.params) : t('reason.network'));
    }
  };
  useEffect(() => { void load(); }, []);
  const csvHref = `/api/reports/usage?${new URLSearchParams({ ...range, format: 'csv' })}`;
  const printerMetric = (PRINT_METRICS as readonly string[]).includes(metric);
  return (
    <section class="card reports" aria-labelledby="reports-title" data-test-id="reports-panel">
      <h2 id="reports-title">{t('reports.title')}</h2>
      <form class="row" onSubmit={(e) => { e.preventDefault(); void load(); }}>
        <label>{t('reports.from')}
          <input type="date" required value={range.from} data-test-id="reports-from"
            onInput={(e) => setRange({ ...range, from: e.currentTarget.value })} />
        </label>
        <label>{t('reports.to')}
          <input type="date" required value={range.to} data-test-id="reports-to"
            onInput={(e) => setRange({ ...range, to: e.currentTarget.value })} />
        </label>
        <label>{t('reports.metric')}
          <select value={metric} data-test-id="reports-metric" onChange={(e) => setMetric(e.currentTarget.value as Metric)}>
            {METRICS.map((m) => <option key={m} value={m}>{metricName(m)}</option>)}
          </select>
        </label>
        <button type="submit" class="primary">{t('reports.show')}</button>
        <a href={csvHref} download data-test-id="reports-csv">{t('reports.download_csv')}</a>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {report && (
        <>
          <p data-test-id="reports-totals">
            {METRICS.map((m) => `${metricName(m)}: ${show(m, report.totals[m])}`).join(' · ')}
          </p>
          <h3>{t('reports.by_month')}</h3>
          <BarChart metric={metric} label={t('reports.chart_label', { metric: metricName(metric), by: t('reports.by_month') })}
            categories={report.byMonth.map((r) => r.month)} values={report.byMonth.map((r) => r[metric])} testId="reports-month-chart" />
          <FigureTable head={t('reports.month')} rows={report.byMonth.map((r) => ({ name: r.month, ...r }))} metrics={METRICS} />
          <h3>{t('reports.by_printer')}</h3>
          {printerMetric && (
            <BarChart metric={metric} label={t('reports.chart_label', { metric: metricName(metric), by: t('reports.by_printer') })}
              categories={report.byPrinter.map((r) => r.printerId)}
              values={report.byPrinter.map((r) => r[metric as (typeof PRINT_METRICS)[number]])} testId="reports-printer-chart" />
          )}
          <FigureTable head={t('reports.printer')} rows={report.byPrinter.map((r) => ({ name: r.printerId, ...r }))} metrics={PRINT_METRICS} />
        </>
      )}
    </section>
  );
}

/** The same figures as the chart, for screen readers and for reading exact numbers. */
function FigureTable<M extends Metric>({ head, rows, metrics }: {
  head: string; rows: Array<{ name: string } & Record<M, number | null>>; metrics: readonly M[];
}) {
  return (
    <table>
      <thead><tr><th scope="col">{head}</th>{metrics.map((m) => <th scope="col" key={m}>{metricName(m)}</th>)}</tr></thead>
      <tbody>
        {rows.length === 0 && <tr><td colSpan={metrics.length + 1}>{t('reports.empty')}</td></tr>}
        {rows.map((r) => <tr key={r.name}><th scope="row">{r.name}</th>{metrics.map((m) => <td key={m}>{show(m, r[m])}</td>)}</tr>)}
      </tbody>
    </table>
  );
}

/** One bar per month or printer. Rebuilt when the data change: a report is fetched on request, not streamed. */
function BarChart({ metric, label, categories, values, testId }: {
  metric: Metric; label: string; categories: string[]; values: Array<number | null>; testId: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const plot = new uPlot({
      width: 560, height: 200, legend: { show: false },
      scales: { x: { time: false, range: [-0.5, Math.max(categories.length - 0.5, 0.5)] }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      series: [{}, { label, fill: '#1f5fa8', stroke: '#1f5fa8', paths: uPlot.paths.bars!({ size: [0.6, 48] }), points: { show: false } }],
      axes: [
        { values: (_u, ticks) => ticks.map((i) => categories[i] ?? ''), splits: () => categories.map((_, i) => i) },
        { values: (_u, ticks) => ticks.map((v) => show(metric, v)), size: 64, ...(metric === 'successRate' ? {} : { incrs: WHOLE_STEPS }) },
      ],
    }, [categories.map((_, i) => i), values], host.current);
    return () => plot.destroy();
  }, [categories.join('\n'), values.join('\n'), label, metric]);
  return <div ref={host} class="chart" role="img" aria-label={label} data-test-id={testId} />;
}
