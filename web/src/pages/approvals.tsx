import { useState } from 'preact/hooks';
import { ApiError, api, session } from '../api.js';
import { Header } from '../components/header.js';
import { JobFacts, StateBadge } from '../components/job-facts.js';
import { Lazy } from '../components/lazy.js';
import { Login } from '../components/login.js';
import { fmtDateTime, reason, t } from '../i18n.js';
import { useLiveRefresh } from '../live.js';
import { useSignal } from '../signal.js';
import type { Job, Workshop } from '../types.js';

/** The layer preview and its G-code reader are their own chunk, fetched when a preview opens. */
const loadLayerPreview = () => import('../components/layer-preview.js').then((m) => m.LayerPreview);

// The server accepts only these codes (REVIEW_REASON_CODES); the catalogue translates each.
const REVIEW_REASONS = ['weapon_or_replica', 'too_long', 'too_large', 'too_much_filament', 'unsafe', 'intellectual_property', 'poor_quality', 'needs_supports', 'obscene', 'not_in_workshop_scope', 'duplicate', 'other'] as const;

/** The instructor's inbox: everything needed to decide in seconds, one workshop at a time or all. */
export function Page() {
  const s = useSignal(session);
  const allowed = s && (s.user.role === 'instructor' || s.user.role === 'staff');
  return (
    <main class="approvals">
      <Header title={t('approvals.title')} />
      {!s ? <Login patron={false} /> : allowed ? <Inbox staff={s.user.role === 'staff'} /> : <p class="error">{reason('forbidden')}</p>}
    </main>
  );
}

function Inbox({ staff }: { staff: boolean }) {
  const [jobs, setJobs] = useState<Job[]>([]);
  const [refused, setRefused] = useState<Job[]>([]);
  const [workshops, setWorkshops] = useState<Workshop[]>([]);
  const [filter, setFilter] = useState<string>('all');
  const [error, setError] = useState<string | null>(null);
  const refresh = async () => {
    const [j, w, r] = await Promise.all([
      api<{ jobs: Job[] }>('GET', '/api/jobs?state=awaiting_approval'),
      api<{ workshops: Workshop[] }>('GET', '/api/workshops').catch(() => ({ workshops: [] })),
      // Only staff may approve what the checks refused, so only they see that list here.
      staff ? api<{ jobs: Job[] }>('GET', '/api/jobs?state=refused') : Promise.resolve({ jobs: [] as Job[] }),
    ]);
    setJobs(j.jobs);
    setWorkshops(w.workshops);
    setRefused(r.jobs);
  };
  useLiveRefresh(refresh);
  const shown = filter === 'all' ? jobs : jobs.filter((j) => String(j.workshopId) === filter);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try { await fn(); } catch (err) { setError(err instanceof ApiError ? reason(err.code, err.params) : t('reason.network')); }
    await refresh();
  };
  return (
    <>
      <section class="card">
        <div class="row">
          <label>
            {t('approvals.filter')}
            <select value={filter} onChange={(e) => setFilter(e.currentTarget.value)} data-test-id="workshop-filter">
              <option value="all">{t('approvals.all')}</option>
              {workshops.map((w) => <option key={w.id} value={String(w.id)}>{w.title}</option>)}
            </select>
          </label>
          {filter !== 'all' && shown.length > 0 && (
            <button type="button" class="primary" data-test-id="approve-batch"
              onClick={() => act(() => api('POST', `/api/workshops/${filter}/approve`, { jobIds: shown.map((j) => j.id) }))}>
              {t('approvals.approve_all', { n: shown.length })}
            </button>
          )}
        </div>
        {error && <p class="error" role="alert">{error}</p>}
        {shown.length === 0 ? <p data-test-id="inbox-empty">{t('approvals.empty')}</p> : (
          <ul class="jobs" data-test-id="inbox">
            {shown.map((j) => <Pending key={j.id} job={j} act={act} />)}
          </ul>
        )}
      </section>
      {refused.length > 0 && (
        <section class="card" data-test-id="refused">
          <h2>{t('approvals.refused_title')}</h2>
          <ul class="jobs">{refused.map((j) => <Refused key={j.id} job={j} act={act} />)}</ul>
        </section>
      )}
      <NewWorkshop onCreated={refresh} />
    </>
  );
}

/** File, owner, state and when it came: the first line of every job in the inbox. */
function JobTitle({ job }: { job: Job }) {
  return (
    <div class="row">
      <strong>{job.originalFilename}</strong> <span>{job.ownerDisplayName}</span> <StateBadge state={job.state} />
      <span class="muted">{fmtDateTime(job.submittedAtMs)}</span>
    </div>
  );
}

/** A job the checks refused: its findings, and for staff a way to approve it anyway, saying why. */
function Refused({ job, act }: { job: Job; act: (fn: () => Promise<unknown>) => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  return (
    <li class="job" data-test-id={`refused-${job.id}`}>
      <JobTitle job={job} />
      {job.refusal && <p class="error" data-test-id={`refusal-${job.id}`}>{reason(job.refusal.code, job.refusal.params)}</p>}
      <JobFacts job={job} />
      <div class="actions">
        <button type="button" aria-expanded={open} data-test-id={`override-${job.id}`} onClick={() => setOpen(!open)}>{t('approvals.override')}</button>
      </div>
      {open && (
        <form class="reject" onSubmit={(e) => { e.preventDefault(); void act(() => api('POST', `/api/jobs/${job.id}/override`, { note })); }}>
          <label>
            {t('approvals.override_note')}
            <input required value={note} onInput={(e) => setNote(e.currentTarget.value)} maxLength={500} data-test-id={`override-note-${job.id}`} />
          </label>
          <button type="submit" class="danger" data-test-id={`override-confirm-${job.id}`}>{t('approvals.override_confirm')}</button>
        </form>
      )}
    </li>
  );
}

function Pending({ job, act }: { job: Job; act: (fn: () => Promise<unknown>) => Promise<void> }) {
  const [reviewing, setReviewing] = useState(false);
  const [why, setWhy] = useState<string>('other');
  const [note, setNote] = useState('');
  const [layers, setLayers] = useState(false);
  return (
    <li class="job" data-test-id={`pending-${job.id}`}>
      <JobTitle job={job} />
      {job.patronNote && <p class="note" data-test-id="patron-note">{t('approvals.patron_note')}: “{job.patronNote}”</p>}
      <JobFacts job={job} />
      {layers && <Lazy load={loadLayerPreview} props={{ source: { jobId: job.id } }} />}
      <div class="actions">
        <button type="button" class="primary" data-test-id={`approve-${job.id}`}
          onClick={() => act(() => api('POST', `/api/jobs/${job.id}/approve`))}>{t('approvals.approve')}</button>
        <button type="button" aria-expanded={reviewing} data-test-id={`review-${job.id}`} onClick={() => setReviewing(!reviewing)}>
          {t('approvals.reject')} / {t('approvals.send_back')}
        </button>
        <button type="button" aria-expanded={layers} data-test-id={`layers-${job.id}`} onClick={() => setLayers(!layers)}>
          {t('layers.show')}
        </button>
      </div>
      {reviewing && (
        <form class="reject" onSubmit={(e) => e.preventDefault()}>
          <label>
            {t('approvals.reason')}
            <select value={why} onChange={(e) => setWhy(e.currentTarget.value)}>
              {REVIEW_REASONS.map((r) => <option key={r} value={r}>{t(`reject.${r}`)}</option>)}
            </select>
          </label>
          <label>
            {t('approvals.note')}
            <input value={note} onInput={(e) => setNote(e.currentTarget.value)} maxLength={500} />
          </label>
          <div class="actions">
            <button type="button" onClick={() => act(() => api('POST', `/api/jobs/${job.id}/send-back`, { reasonCode: why, note: note || null }))}>
              {t('approvals.send_back')}
            </button>
            <button type="button" class="danger" onClick={() => act(() => api('POST', `/api/jobs/${job.id}/reject`, { reasonCode: why, note: note || null }))}>
              {t('approvals.reject_confirm')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}

function NewWorkshop({ onCreated }: { onCreated: () => void }) {
  const [title, setTitle] = useState('');
  const [hours, setHours] = useState(2);
  const [created, setCreated] = useState<{ workshop: Workshop; qr: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      const now = Date.now();
      const r = await api<{ workshop: Workshop }>('POST', '/api/workshops', { title, startsAtMs: now, endsAtMs: now + hours * 3_600_000 });
      // The QR code library is only needed here, so it is loaded on demand.
      const { toDataURL } = await import('qrcode');
      const qr = await toDataURL(`${location.origin}/?code=${encodeURIComponent(r.workshop.joinCode)}`, { margin: 1, width: 200 });
      setCreated({ workshop: r.workshop, qr });
      onCreated();
    } catch (err) {
      setError(err instanceof ApiError ? reason(err.code, err.params) : t('reason.network'));
    }
  }
  return (
    <form class="card" onSubmit={submit} data-test-id="workshop-form">
      <h2>{t('workshop.new')}</h2>
      <label>{t('workshop.title')}<input required value={title} onInput={(e) => setTitle(e.currentTarget.value)} /></label>
      <label>{t('workshop.hours')}<input type="number" min={1} max={12} value={hours} onInput={(e) => setHours(Number(e.currentTarget.value))} /></label>
      <button type="submit" class="primary">{t('workshop.create')}</button>
      {error && <p class="error" role="alert">{error}</p>}
      {created && (
        <div class="joincode" role="status">
          <p>{t('workshop.code_is')} <strong data-test-id="join-code">{created.workshop.joinCode}</strong></p>
          <img src={created.qr} alt={t('workshop.qr_alt', { code: created.workshop.joinCode })} width={200} height={200} />
        </div>
      )}
    </form>
  );
}
