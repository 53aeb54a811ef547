import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, session } from '../api.js';
import { Header } from '../components/header.js';
import { StateBadge } from '../components/job-facts.js';
import { Lazy } from '../components/lazy.js';
import { Login } from '../components/login.js';
import { pushSample, TempChart, type TempSample } from '../components/temp-chart.js';
import { fmtDuration, fmtNumber, reason, t } from '../i18n.js';
import { liveSocket, useLiveRefresh } from '../live.js';
import { useSignal } from '../signal.js';
import type { Job, Printer, PrinterStatus } from '../types.js';

const PREHEAT = { pla: { hotendC: 210, bedC: 60 }, petg: { hotendC: 240, bedC: 80 } } as const;

/** The staff console: every printer live, its controls, and the queue. */
export function Page() {
  const s = useSignal(session);
  return (
    <main class="staff">
      <Header title={t('staff.title')} />
      {!s ? <Login patron={false} /> : s.user.role === 'staff' ? <Console /> : <p class="error">{reason('forbidden')}</p>}
    </main>
  );
}

function Console() {
  const [printers, setPrinters] = useState<Printer[]>([]);
  const [statuses, setStatuses] = useState<Record<string, PrinterStatus>>({});
  const [samples, setSamples] = useState<Record<string, TempSample[]>>({});
  const [error, setError] = useState<string | null>(null);
  const refresh = () => api<{ printers: Printer[] }>('GET', '/api/printers').then((r) => setPrinters(r.printers)).catch(() => undefined);
  useEffect(() => {
    void refresh();
    const socket = liveSocket();
    const onStatus = (st: PrinterStatus) => {
      setStatuses((prev) => ({ ...prev, [st.printerId]: { ...prev[st.printerId], ...st } }));
      const hot = st.hotends?.[0];
      if (hot) {
        setSamples((prev) => ({
          ...prev,
          [st.printerId]: pushSample(prev[st.printerId] ?? [], { atS: Date.now() / 1000, hotendC: hot.actualC, bedC: st.bed?.actualC ?? null }),
        }));
      }
    };
    const onQueue = () => void refresh();
    socket.on('printer:status', onStatus);
    socket.on('queue:changed', onQueue);
    socket.on('job:changed', onQueue);
    return () => { socket.off('printer:status', onStatus); socket.off('queue:changed', onQueue); socket.off('job:changed', onQueue); };
  }, []);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try { await fn(); } catch (err) { setError(err instanceof ApiError ? reason(err.code, err.params) : t('reason.network')); }
    void refresh();
  };
  return (
    <>
      {error && <p class="error" role="alert" data-test-id="staff-error">{error}</p>}
      <div class="printers">
        {printers.map((p) => (
          <PrinterCard key={p.id} printer={p} status={statuses[p.id] ?? p.status} samples={samples[p.id] ?? []} act={act} />
        ))}
      </div>
      <Queue printers={printers} act={act} />
      <Lazy load={() => import('../components/reports-panel.js').then((m) => m.ReportsPanel)} />
    </>
  );
}

function PrinterCard({ printer, status, samples, act }: {
  printer: Printer; status: PrinterStatus | undefined; samples: TempSample[]; act: (fn: () => Promise<unknown>) => Promise<void>;
}) {
  const id = printer.id;
  const post = (path: string, body?: unknown) => act(() => api('POST', `/api/printers/${encodeURIComponent(id)}/${path}`, body));
  const state = status?.state ?? printer.state;
  // Relative for the one move, absolute again after, so a later file starts from the mode it expects.
  const jog = (axis: string, mm: number) => post('gcode', { line: 'G91' })
    .then(() => post('gcode', { line: `G1 ${axis}${mm} F${axis === 'Z' ? 600 : 3000}` }))
    .then(() => post('gcode', { line: 'G90' }));
  const hot = status?.hotends?.[0];
  const bed = status?.bed;
  const pr = status?.print;
  // The print's own count (the analysis's layer table) matches its layer number; the job's is the fallback.
  const layersTotal = pr?.layers ?? printer.job?.layers;
  return (
    <section class="card printer" aria-label={printer.name ?? id} data-test-id={`printer-${id}`}>
      <div class="row">
        <h2>{printer.name ?? id}</h2>
        <span class={`state state-${state}`} data-test-id="printer-state">{t(`printer.${state}`)}</span>
        <button type="button" class="estop" data-test-id="emergency-stop" onClick={() => post('emergency-stop')}>
          {t('staff.emergency_stop')}
        </button>
      </div>
      <p>
        {t('staff.hotend')}: <strong data-test-id="hotend-temp">{hot ? `${fmtNumber(hot.actualC)} / ${fmtNumber(hot.targetC ?? 0)} °C` : '–'}</strong>
        {' · '}
        {t('staff.bed')}: <strong>{bed ? `${fmtNumber(bed.actualC)} / ${fmtNumber(bed.targetC ?? 0)} °C` : '–'}</strong>
      </p>
      <TempChart samples={samples} />
      {pr && (
        <div class="progress" data-test-id="print-progress">
          <p>{pr.fileName}{printer.job ? ` — ${printer.job.ownerDisplayName}` : ''}</p>
          <progress max={1} value={pr.fraction} aria-label={t('job.progress')} />
          <span data-test-id="progress-pct"> {fmtNumber(pr.fraction * 100, undefined, 0)} %</span>
          <p>
            {pr.layer != null && <>{layersTotal ? t('staff.layer_of', { n: pr.layer, total: layersTotal }) : t('staff.layer', { n: pr.layer })}{' · '}</>}
            {t('staff.elapsed', { time: fmtDuration(pr.elapsedMs / 1000) })}
            {' · '}{t('staff.remaining', { time: fmtDuration(pr.remainingMs != null ? pr.remainingMs / 1000 : null) })}
          </p>
        </div>
      )}
      <p>
        {t('staff.bed_state')}: <strong data-test-id="bed-state">{t(`bed.${printer.bed}`)}</strong>{' '}
        {printer.bed !== 'cleared' && (state === 'idle' || state === 'disconnected' || state === 'error') && (
          <button type="button" class="primary" data-test-id="bed-cleared" onClick={() => post('bed-cleared')}>{t('staff.bed_clear')}</button>
        )}
      </p>
      <div class="actions">
        {state === 'printing' && <button type="button" onClick={() => post('pause')}>{t('staff.pause')}</button>}
        {state === 'paused' && <button type="button" onClick={() => post('resume')}>{t('staff.resume')}</button>}
        {(state === 'printing' || state === 'paused') && <button type="button" class="danger" onClick={() => post('cancel')}>{t('staff.cancel')}</button>}
        {state === 'disconnected' || state === 'error'
          ? <button type="button" onClick={() => post('connect')}>{t('staff.connect')}</button>
          : <button type="button" onClick={() => post('disconnect')}>{t('staff.disconnect')}</button>}
      </div>
      {state === 'idle' && (
        <div class="actions" aria-label={t('staff.manual')}>
          {Object.entries(PREHEAT).map(([name, p]) => (
            <button type="button" key={name} onClick={() => post('gcode', { line: `M104 S${p.hotendC}` }).then(() => post('gcode', { line: `M140 S${p.bedC}` }))}>
              {t('staff.preheat', { material: name.toUpperCase() })}
            </button>
          ))}
          <button type="button" onClick={() => post('gcode', { line: 'M104 S0' }).then(() => post('gcode', { line: 'M140 S0' }))}>{t('staff.cooldown')}</button>
          <button type="button" onClick={() => post('gcode', { line: 'G28' })}>{t('staff.home')}</button>
          {(['X', 'Y', 'Z'] as const).flatMap((axis) => [-10, 10].map((d) => {
            const mm = axis === 'Z' ? d / 10 : d;
            const shown = `${axis}${mm > 0 ? '+' : ''}${mm}`;
            // The accessible name starts with the visible text (WCAG 2.5.3), then says what it does.
            return (
              <button type="button" key={shown} aria-label={`${shown}: ${t('staff.jog', { axis, mm })}`} onClick={() => jog(axis, mm)}>
                {shown}
              </button>
            );
          }))}
        </div>
      )}
      <Terminal printerId={id} />
    </section>
  );
}

function Terminal({ printerId }: { printerId: string }) {
  const [history, setHistory] = useState<string[]>([]);
  const [line, setLine] = useState('');
  const [cursor, setCursor] = useState(-1);
  const [log, setLog] = useState<Array<{ direction: string; text: string }>>([]);
  const load = () => api<{ log: Array<{ direction: string; text: string }> }>('GET', `/api/printers/${encodeURIComponent(printerId)}/log?limit=30`)
    .then((r) => setLog(r.log)).catch(() => undefined);
  async function send(e: Event) {
    e.preventDefault();
    if (!line.trim()) return;
    try { await api('POST', `/api/printers/${encodeURIComponent(printerId)}/gcode`, { line }); } catch { /* shown by the log */ }
    setHistory([line, ...history.slice(0, 49)]);
    setLine('');
    setCursor(-1);
    setTimeout(() => void load(), 300);
  }
  function keys(e: KeyboardEvent) {
    if (e.key === 'ArrowUp' && history.length) { const c = Math.min(cursor + 1, history.length - 1); setCursor(c); setLine(history[c]); e.preventDefault(); }
    if (e.key === 'ArrowDown') { const c = Math.max(cursor - 1, -1); setCursor(c); setLine(c < 0 ? '' : history[c]); e.preventDefault(); }
  }
  return (
    <details class="terminal" onToggle={() => void load()}>
      <summary>{t('staff.terminal')}</summary>
      {/* Focusable so that keyboard users can scroll the log (it overflows). */}
      <pre aria-live="polite" tabIndex={0}>{log.map((l) => `${l.direction === 'sent' ? '>' : l.direction === 'received' ? '<' : '#'} ${l.text}`).join('\n')}</pre>
      <form onSubmit={send}>
        <label>{t('staff.gcode_line')}<input value={line} onInput={(e) => setLine(e.currentTarget.value)} onKeyDown={keys} autoComplete="off" /></label>
        <button type="submit">{t('staff.send')}</button>
      </form>
    </details>
  );
}

function Queue({ printers, act }: { printers: Printer[]; act: (fn: () => Promise<unknown>) => Promise<void> }) {
  const [queued, setQueued] = useState<Job[]>([]);
  const [pickup, setPickup] = useState<Job[]>([]);
  const [dragId, setDragId] = useState<number | null>(null);
  const refresh = async () => {
    const [q, p] = await Promise.all([
      api<{ jobs: Job[] }>('GET', '/api/jobs?state=approved'),
      api<{ jobs: Job[] }>('GET', '/api/jobs?state=awaiting_pickup'),
    ]);
    setQueued(q.jobs);
    setPickup(p.jobs);
  };
  useLiveRefresh(refresh);
  const move = (jobId: number, toIndex: number) => {
    const order = queued.map((j) => j.id).filter((id) => id !== jobId);
    order.splice(Math.max(0, Math.min(toIndex, order.length)), 0, jobId);
    return act(() => api('POST', '/api/jobs/reorder', { jobIds: order })).then(refresh);
  };
  const [target, setTarget] = useState<Record<number, string>>({});
  return (
    <>
      <section class="card" aria-labelledby="queue-h">
        <h2 id="queue-h">{t('staff.queue')}</h2>
        {queued.length === 0 ? <p>{t('staff.queue_empty')}</p> : (
          <ol class="queue" data-test-id="queue">
            {queued.map((j, i) => (
              <li key={j.id} draggable onDragStart={() => setDragId(j.id)} onDragOver={(e) => e.preventDefault()}
                onDrop={() => { if (dragId !== null && dragId !== j.id) void move(dragId, i); setDragId(null); }}>
                <span>#{j.id} {j.originalFilename} — {j.ownerDisplayName}</span> <StateBadge state={j.state} />
                <button type="button" aria-label={t('staff.move_up')} disabled={i === 0} onClick={() => void move(j.id, i - 1)}>↑</button>
                <button type="button" aria-label={t('staff.move_down')} disabled={i === queued.length - 1} onClick={() => void move(j.id, i + 1)}>↓</button>
                <label>
                  {t('staff.assign')}
                  <select value={target[j.id] ?? j.printerId ?? printers[0]?.id ?? ''} onChange={(e) => setTarget({ ...target, [j.id]: e.currentTarget.value })}>
                    {printers.map((p) => <option key={p.id} value={p.id}>{p.name ?? p.id}</option>)}
                  </select>
                </label>
                <button type="button" class="primary" data-test-id={`start-${j.id}`}
                  onClick={() => void act(() => api('POST', `/api/printers/${encodeURIComponent(target[j.id] ?? j.printerId ?? printers[0]?.id ?? '')}/start`, { jobId: j.id }))}>
                  {t('staff.start')}
                </button>
              </li>
            ))}
          </ol>
        )}
      </section>
      <section class="card" aria-labelledby="pickup-h">
        <h2 id="pickup-h">{t('staff.pickup')}</h2>
        {pickup.length === 0 ? <p>{t('staff.pickup_empty')}</p> : (
          <ul class="jobs" data-test-id="pickup-list">
            {pickup.map((j) => (
              <li key={j.id}>
                #{j.id} {j.originalFilename} — {j.ownerDisplayName}{' '}
                <button type="button" data-test-id={`collected-${j.id}`} onClick={() => void act(() => api('POST', `/api/jobs/${j.id}/collected`)).then(refresh)}>
                  {t('staff.collected')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
