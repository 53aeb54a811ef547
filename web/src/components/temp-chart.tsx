import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { fmtTime, t } from '../i18n.js';

export interface TempSample { atS: number; hotendC: number; bedC: number | null }

const WINDOW_S = 600;

/**
 * Ten minutes of hotend and bed temperature. The chart is created once and fed with setData, so 4 Hz
 * status updates do not rebuild the canvas.
 */
export function TempChart({ samples }: { samples: TempSample[] }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  useEffect(() => {
    if (!host.current) return;
    plot.current = new uPlot({
      width: 360, height: 160,
      scales: { x: { time: true } },
      series: [{}, { label: t('staff.hotend'), stroke: '#c0392b', width: 2 }, { label: t('staff.bed'), stroke: '#1f5fa8', width: 2 }],
      // Time labels in the page's language, not uPlot's built-in English format.
      axes: [{ values: (_u, ticks) => ticks.map((s) => fmtTime(s * 1000)) }, { label: '°C' }],
    }, [[], [], []], host.current);
    return () => { plot.current?.destroy(); plot.current = null; };
  }, []);
  useEffect(() => {
    const cutoff = (samples.at(-1)?.atS ?? 0) - WINDOW_S;
    const recent = samples.filter((s) => s.atS >= cutoff);
    plot.current?.setData([recent.map((s) => s.atS), recent.map((s) => s.hotendC), recent.map((s) => s.bedC)]);
  }, [samples]);
  return <div ref={host} class="chart" role="img" aria-label={t('staff.chart_label')} />;
}

export function pushSample(list: TempSample[], sample: TempSample): TempSample[] {
  const cutoff = sample.atS - WINDOW_S;
  const kept = list.length > 0 && list[0].atS < cutoff ? list.filter((s) => s.atS >= cutoff) : list;
  return [...kept, sample];
}
