import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, session } from '../api.js';
import { Header } from '../components/header.js';
import { JobFacts, StateBadge } from '../components/job-facts.js';
import { Lazy } from '../components/lazy.js';
import { KioskTimer } from '../components/kiosk-timer.js';
import { Login } from '../components/login.js';
import { ModelPreview } from '../components/model-preview.js';
import { QuoteResult } from '../components/quote-result.js';
import { useQuote, type QuoteChoices } from '../components/use-quote.js';
import { fmtDuration, fmtTime, reason, t } from '../i18n.js';
import { kiosk, kioskUploads } from '../kiosk.js';
import { useLiveRefresh } from '../live.js';
import { useSignal } from '../signal.js';
import type { Job } from '../types.js';

/** The layer preview and its G-code reader are their own chunk, fetched when a preview opens. */
const loadLayerPreview = () => import('../components/layer-preview.js').then((m) => m.LayerPreview);

const ACCEPT = '.stl,.3mf,.obj,.gcode,.gco,.g';
const GCODE = /\.(gcode|gco|g)$/i;
/** What the library lets a patron choose for a model (GET /api/print-options); these until it answers. */
interface PrintOptions { presets: string[]; defaultPreset: string; infillChoicesPercent: number[]; supportsAllowed: boolean }
const FALLBACK_OPTIONS: PrintOptions = { presets: ['draft', 'normal', 'fine'], defaultPreset: 'normal', infillChoicesPercent: [], supportsAllowed: false };

function usePrintOptions(): PrintOptions {
  const [options, setOptions] = useState<PrintOptions>(FALLBACK_OPTIONS);
  useEffect(() => { void api<PrintOptions>('GET', '/api/print-options').then(setOptions).catch(() => undefined); }, []);
  return options;
}

/** The maker desk: a patron signs in, drops a file, sees what it will take, and follows their jobs. */
export function Page() {
  const s = useSignal(session);
  return (
    <main class="desk">
      <Header title={t('desk.title')} />
      {s && kiosk && <KioskTimer settings={kiosk} />}
      {s ? <Desk /> : <Login patron />}
    </main>
  );
}

function Desk() {
  const [jobs, setJobs] = useState<Job[]>([]);
  const refresh = () => api<{ jobs: Job[] }>('GET', '/api/jobs').then((r) => setJobs(r.jobs)).catch(() => undefined);
  useLiveRefresh(refresh);
  return (
    <>
      <Upload onUploaded={refresh} />
      <section class="card" aria-labelledby="my-jobs">
        <h2 id="my-jobs">{t('desk.my_jobs')}</h2>
        {jobs.length === 0 ? <p>{t('desk.no_jobs')}</p> : (
          <ul class="jobs" data-test-id="my-jobs">
            {jobs.map((j) => <MyJob key={j.id} job={j} onChange={refresh} />)}
          </ul>
        )}
      </section>
    </>
  );
}

/**
 * Choosing a file uploads it as a quote at once: the patron sees fit, time, grams and price (and any
 * refusal, with what to do next) before anything goes to the queue. A new preset or workshop code
 * re-quotes the file already uploaded.
 */
function Upload({ onUploaded }: { onUploaded: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const options = usePrintOptions();
  // The library's default until the patron picks one (the options may answer after the first render).
  const [chosenPreset, setPreset] = useState<string | null>(null);
  const preset = chosenPreset ?? options.defaultPreset;
  const [infill, setInfill] = useState<number | null>(null);
  const [supports, setSupports] = useState(false);
  const [code, setCode] = useState(() => new URLSearchParams(location.search).get('code') ?? '');
  const [note, setNote] = useState('');
  const [created, setCreated] = useState<Job | null>(null);
  const [dragging, setDragging] = useState(false);
  const q = useQuote();
  const gcode = file !== null && GCODE.test(file.name);
  // G-code is already sliced: a preset, infill or supports would change nothing, so none is asked for.
  const choices = (forGcode: boolean, next: Partial<QuoteChoices> = {}): QuoteChoices => ({
    preset: forGcode ? null : preset, infillPercent: forGcode ? null : infill, supports: !forGcode && supports, joinCode: code.trim(),
    ...(forGcode ? {} : next),
  });

  // A model quoted before the library's choices arrived went out on the fallback preset: quote it again on
  // the library's default, which the form now shows, unless the patron picked one meanwhile. Once per
  // quote: a default the server refuses must not be asked for again and again.
  const requotedForDefault = useRef<number | null>(null);
  useEffect(() => {
    const shown = q.quote;
    if (chosenPreset !== null || !shown || shown.preset === null || shown.preset === options.defaultPreset || q.busy) return;
    if (requotedForDefault.current === shown.id) return;
    requotedForDefault.current = shown.id;
    requote({ preset: options.defaultPreset });
  }, [options, q.quote?.id, q.busy]);

  function choose(next: File | null) {
    setFile(next);
    setCreated(null);
    if (!next) { q.clear(); return; }
    void q.start(next, choices(GCODE.test(next.name)));
  }

  /** A changed choice re-quotes the stored file; after a refused upload it tries the file again. */
  function requote(next: Partial<QuoteChoices> = {}) {
    if (q.quote) void q.change(choices(gcode, next));
    else if (file && !q.busy) void q.start(file, choices(gcode, next));
  }

  function chooseAnother() {
    q.clear();
    setFile(null);
    setCreated(null);
    if (input.current) { input.current.value = ''; input.current.focus(); }
  }

  async function send(e: Event) {
    e.preventDefault();
    const job = await q.send(note.trim());
    if (!job) return;
    setCreated(job);
    kioskUploads.value += 1;
    setFile(null);
    setNote('');
    if (input.current) input.current.value = '';
    onUploaded();
  }

  // G-code the checks refused may still go to the staff, who alone may approve it anyway.
  const reviewable = q.quote?.state === 'refused' && q.quote.fileKind === 'gcode';
  const error = q.error instanceof ApiError ? reason(q.error.code, q.error.params) : q.error ? t('reason.network') : null;
  return (
    <form class="card upload" onSubmit={send} data-test-id="upload-form">
      <h2>{t('desk.upload_title')}</h2>
      <label
        class={dragging ? 'drop on' : 'drop'}
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => { e.preventDefault(); setDragging(false); const f = e.dataTransfer?.files[0]; if (f) choose(f); }}
      >
        <span>{file ? file.name : t('desk.drop_hint')}</span>
        <input ref={input} type="file" accept={ACCEPT} data-test-id="upload-file"
          onChange={(e) => choose(e.currentTarget.files?.[0] ?? null)} />
      </label>
      {file && (gcode ? <Lazy load={loadLayerPreview} props={{ source: { file } }} /> : <ModelPreview file={file} />)}
      {!gcode && (
        <fieldset disabled={q.busy !== null}>
          <legend>{t('desk.preset')}</legend>
          {options.presets.map((p) => (
            <label key={p} class="radio">
              <input type="radio" name="preset" value={p} checked={preset === p} data-test-id={`preset-${p}`}
                onChange={() => { setPreset(p); requote({ preset: p }); }} />
              {t(`preset.${p}`)}
            </label>
          ))}
          {options.infillChoicesPercent.length > 0 && (
            <label>
              {t('desk.infill')}
              <select data-test-id="upload-infill" value={infill === null ? '' : String(infill)}
                onChange={(e) => { const v = e.currentTarget.value === '' ? null : Number(e.currentTarget.value); setInfill(v); requote({ infillPercent: v }); }}>
                <option value="">{t('desk.infill_preset')}</option>
                {options.infillChoicesPercent.map((p) => <option key={p} value={String(p)}>{`${p} %`}</option>)}
              </select>
            </label>
          )}
          {options.supportsAllowed && (
            <label class="check">
              <input type="checkbox" checked={supports} data-test-id="upload-supports"
                onChange={(e) => { const v = e.currentTarget.checked; setSupports(v); requote({ supports: v }); }} />
              {t('desk.supports')}
            </label>
          )}
        </fieldset>
      )}
      <label>
        {t('desk.workshop_code')}
        <input value={code} onInput={(e) => setCode(e.currentTarget.value)} onChange={() => requote()} data-test-id="upload-code"
          autoComplete="off" />
      </label>
      <section class="quote" aria-labelledby="quote-title" aria-busy={q.busy !== null || q.quote?.state === 'analysing'}>
        <h3 id="quote-title">{t('quote.title')}</h3>
        <div role="status" aria-live="polite" data-test-id="quote-result" data-state={q.quote?.state ?? (q.busy ?? 'none')}>
          {q.busy === 'uploading' ? <p class="calculating"><span class="spinner" aria-hidden="true" />{t('desk.uploading')}</p>
            : q.quote ? <QuoteResult quote={q.quote} slicedPercent={q.slicedPercent} />
            : !file && <p>{t('quote.choose_first')}</p>}
        </div>
        {error && <p class="error" role="alert" data-test-id="upload-error">{error}</p>}
      </section>
      <label>
        {t('desk.note')}
        <input value={note} onInput={(e) => setNote(e.currentTarget.value)} maxLength={500} data-test-id="upload-note" />
      </label>
      <div class="actions">
        <button type="submit" class="primary" disabled={!(q.quote?.state === 'ready' || reviewable) || q.busy !== null} data-test-id="upload-submit">
          {q.busy === 'sending' ? t('desk.uploading') : reviewable ? t('quote.send_for_review') : t('quote.send')}
        </button>
        {q.quote?.state === 'failed' && <button type="button" onClick={() => requote()} data-test-id="quote-retry">{t('quote.retry')}</button>}
        {file && <button type="button" onClick={chooseAnother} data-test-id="quote-discard">{t('quote.choose_another')}</button>}
      </div>
      {created && (
        <div class="created" role="status" data-test-id="upload-result">
          <p>{t('desk.submitted', { name: created.originalFilename })} {t('desk.follow_below')}</p>
        </div>
      )}
    </form>
  );
}

function MyJob({ job, onChange }: { job: Job; onChange: () => void }) {
  const cancellable = ['uploaded', 'analysing', 'needs_slicing', 'awaiting_approval', 'approved', 'sent_back'].includes(job.state);
  return (
    <li class="job" data-test-id={`my-job-${job.id}`}>
      <div class="row">
        <strong>{job.originalFilename}</strong>
        <StateBadge state={job.state} />
      </div>
      {job.state === 'awaiting_pickup' && (
        <p class="ready" role="status" data-test-id="ready-for-pickup">
          {t('desk.ready', { place: job.pickupLocation ?? t('desk.pickup_default') })}
        </p>
      )}
      {job.refusal && <p class="error">{reason(job.refusal.code, job.refusal.params ?? {})}</p>}
      {job.queuePosition != null && <p data-test-id="queue-position">{t('desk.position', { n: job.queuePosition })}</p>}
      {job.progress && job.state === 'printing' && (
        <p>
          <progress max={1} value={job.progress.fraction} aria-label={t('job.progress')} />{' '}
          {t('desk.remaining', { time: fmtDuration((job.progress.remainingMs ?? 0) / 1000) })}
        </p>
      )}
      {(job.queuePosition != null || job.state === 'printing') && (
        <p data-test-id="pickup-where">{t('desk.pickup_where', { place: job.pickupLocation ?? t('desk.pickup_default') })}</p>
      )}
      {job.etaS != null && <p data-test-id="queue-eta">{t('desk.eta', { time: fmtTime(Date.now() + job.etaS * 1000) })}</p>}
      <JobFacts job={job} />
      {cancellable && (
        <button type="button" onClick={() => void api('POST', `/api/jobs/${job.id}/cancel`).then(onChange)}>
          {t('job.cancel')}
        </button>
      )}
    </li>
  );
}
