import { useRef, useState } from 'preact/hooks';
import { ApiError, api, session } from '../api.js';
import { Header } from '../components/header.js';
import { JobFacts, StateBadge } from '../components/job-facts.js';
import { Lazy } from '../components/lazy.js';
import { KioskTimer } from '../components/kiosk-timer.js';
import { Login } from '../components/login.js';
import { ModelPreview } from '../components/model-preview.js';
import { fmtDuration, fmtTime, reason, t } from '../i18n.js';
import { kiosk, kioskUploads } from '../kiosk.js';
import { useLiveRefresh } from '../live.js';
import { useSignal } from '../signal.js';
import type { Job } from '../types.js';

/** The layer preview and its G-code reader are their own chunk, fetched when a preview opens. */
const loadLayerPreview = () => import('../components/layer-preview.js').then((m) => m.LayerPreview);

const ACCEPT = '.stl,.3mf,.obj,.gcode,.gco,.g';
const GCODE = /\.(gcode|gco|g)$/i;
const PRESETS = ['draft', 'normal', 'fine'] as const;

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

function Upload({ onUploaded }: { onUploaded: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preset, setPreset] = useState<string>('normal');
  const [code, setCode] = useState(() => new URLSearchParams(location.search).get('code') ?? '');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Job | null>(null);
  const [dragging, setDragging] = useState(false);

  async function send(e: Event) {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    const form = new FormData();
    form.append('preset', preset);
    if (code.trim()) form.append('joinCode', code.trim());
    if (note.trim()) form.append('note', note.trim());
    form.append('file', file, file.name);
    try {
      const r = await api<{ job: Job }>('POST', '/api/jobs', form);
      setCreated(r.job);
      kioskUploads.value += 1;
      setFile(null);
      setNote('');
      if (input.current) input.current.value = '';
      onUploaded();
    } catch (err) {
      setError(err instanceof ApiError ? reason(err.code, err.params) : t('reason.network'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card upload" onSubmit={send} data-test-id="upload-form">
      <h2>{t('desk.upload_title')}</h2>
      <label
        class={dragging ? 'drop on' : 'drop'}
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => { e.preventDefault(); setDragging(false); const f = e.dataTransfer?.files[0]; if (f) setFile(f); }}
      >
        <span>{file ? file.name : t('desk.drop_hint')}</span>
        <input ref={input} type="file" accept={ACCEPT} data-test-id="upload-file"
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
      </label>
      {file && (GCODE.test(file.name) ? <Lazy load={loadLayerPreview} props={{ source: { file } }} /> : <ModelPreview file={file} />)}
      <fieldset>
        <legend>{t('desk.preset')}</legend>
        {PRESETS.map((p) => (
          <label key={p} class="radio">
            <input type="radio" name="preset" value={p} checked={preset === p} onChange={() => setPreset(p)} />
            {t(`preset.${p}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('desk.workshop_code')}
        <input value={code} onInput={(e) => setCode(e.currentTarget.value)} data-test-id="upload-code" autoComplete="off" />
      </label>
      <label>
        {t('desk.note')}
        <input value={note} onInput={(e) => setNote(e.currentTarget.value)} maxLength={500} data-test-id="upload-note" />
      </label>
      {error && <p class="error" role="alert" data-test-id="upload-error">{error}</p>}
      <button type="submit" class="primary" disabled={!file || busy} data-test-id="upload-submit">
        {busy ? t('desk.uploading') : t('desk.submit')}
      </button>
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
