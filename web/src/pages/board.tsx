import { useEffect, useState } from 'preact/hooks';
import { fmtNumber, fmtTime, LANGS, lang, setLang, t } from '../i18n.js';
import { liveSocket } from '../live.js';

// What the server's /public namespace sends (src/http/live/live-gateway.ts): numbers only, no names.
interface PublicQueueEntry { jobId: number; state: string; position: number; etaS: number | null }
interface PublicPrinter { printerId: string; state: string; fraction: number | null; layer: number | null; remainingMs: number | null; jobId: number | null }
interface PublicSnapshot { queue: PublicQueueEntry[]; printers: PublicPrinter[]; readyForPickup: Array<{ jobId: number }> }

const ROTATE_MS = 20_000;

/**
 * The lobby screen: no login, no names — job numbers only. It rotates through the three languages
 * (without remembering the choice) unless a language is forced with ?lang=.
 */
export function Page() {
  const [snap, setSnap] = useState<PublicSnapshot>({ queue: [], printers: [], readyForPickup: [] });
  const [, rerender] = useState(0);
  useEffect(() => {
    const socket = liveSocket('/public');
    socket.on('board:snapshot', (s: PublicSnapshot) => setSnap(s));
    socket.on('board:printer', (p: PublicPrinter) => setSnap((prev) => ({
      ...prev,
      printers: prev.printers.some((x) => x.printerId === p.printerId)
        ? prev.printers.map((x) => (x.printerId === p.printerId ? p : x))
        : [...prev.printers, p],
    })));
    const forced = new URLSearchParams(location.search).has('lang');
    const timer = forced ? null : setInterval(() => {
      const next = LANGS[(LANGS.indexOf(lang.value) + 1) % LANGS.length];
      setLang(next, false);
      rerender((n) => n + 1);
    }, ROTATE_MS);
    return () => { socket.close(); if (timer) clearInterval(timer); };
  }, []);
  return (
    <main class="board" aria-live="polite">
      <h1>{t('board.title')}</h1>
      <div class="board-grid">
        <section aria-labelledby="b-printers">
          <h2 id="b-printers">{t('board.printers')}</h2>
          <ul data-test-id="board-printers">
            {snap.printers.map((p) => (
              <li key={p.printerId}>
                <span class="big">{p.printerId}</span> {t(`printer.${p.state}`)}
                {p.fraction != null && (
                  <>
                    {' '}#{p.jobId} <progress max={1} value={p.fraction} aria-label={t('job.progress')} />{' '}
                    <span data-test-id="board-progress">{fmtNumber(p.fraction * 100, undefined, 0)} %</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="b-queue">
          <h2 id="b-queue">{t('board.queue')}</h2>
          {snap.queue.length === 0 ? <p>{t('board.queue_empty')}</p> : (
            <ol data-test-id="board-queue">
              {snap.queue.map((q) => (
                <li key={q.jobId}>
                  <span class="big">#{q.jobId}</span> {t(`state.${q.state}`)}
                  {q.etaS != null && <> · {t('board.eta', { time: fmtTime(Date.now() + q.etaS * 1000) })}</>}
                </li>
              ))}
            </ol>
          )}
        </section>
        <section aria-labelledby="b-ready">
          <h2 id="b-ready">{t('board.ready')}</h2>
          <ul data-test-id="board-ready">
            {snap.readyForPickup.map((r) => <li key={r.jobId} class="big" data-test-id={`board-ready-${r.jobId}`}>#{r.jobId}</li>)}
          </ul>
        </section>
      </div>
    </main>
  );
}
