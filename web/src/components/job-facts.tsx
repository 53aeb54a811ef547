import { fmtDuration, fmtMoney, fmtNumber, reason, t } from '../i18n.js';
import type { ComponentChildren } from 'preact';
import type { Analysis, Job } from '../types.js';

/** What an instructor needs to approve in seconds, and what a patron sees before printing. */
export function JobFacts({ job }: { job: Job }) {
  const a = job.analysis ?? {};
  const preview = a.previewUrl !== undefined || job.hasPreview ? (
    <img class="preview" src={`/api/jobs/${job.id}/preview.png`} alt={t('job.preview_alt', { name: job.originalFilename })}
      width={160} height={160} loading="lazy" />
  ) : null;
  return <Facts analysis={a} choices={job} preview={preview} />;
}

/** The print choices a job or quote was made with. */
interface Choices { preset: string | null; infillPercent?: number | null; supports?: boolean | null }

/** Fit, time, grams, price and findings of an analysis, a job's or a quote's. */
export function Facts({ analysis: a, choices, preview = null }: { analysis: Analysis; choices: Choices; preview?: ComponentChildren }) {
  const findings = a.findings ?? [];
  const { preset, infillPercent, supports } = choices;
  return (
    <div class="facts">
      {preview}
      <dl>
        <dt>{t('job.fits')}</dt>
        <dd data-test-id="fact-fits">{a.fitsBed === false ? <strong class="bad">{t('job.fits_no')}</strong> : a.fitsBed ? t('job.fits_yes') : '–'}</dd>
        <dt>{t('job.time')}</dt>
        <dd data-test-id="fact-time">{fmtDuration(a.estimateS)}</dd>
        <dt>{t('job.grams')}</dt>
        <dd data-test-id="fact-grams">{a.filamentGrams != null ? `${fmtNumber(a.filamentGrams)} g` : '–'}</dd>
        <dt>{t('job.cost')}</dt>
        <dd data-test-id="fact-cost">{a.costWaived ? t('job.cost_waived') : a.costCents != null ? fmtMoney(a.costCents / 100, a.currency ?? 'EUR') : '–'}</dd>
        {preset && (<><dt>{t('job.preset')}</dt><dd data-test-id="fact-preset">{t(`preset.${preset}`)}</dd></>)}
        {infillPercent != null && (<><dt>{t('job.infill')}</dt><dd data-test-id="fact-infill">{`${infillPercent} %`}</dd></>)}
        {supports && (<><dt>{t('job.supports')}</dt><dd data-test-id="fact-supports">{t('job.supports_on')}</dd></>)}
      </dl>
      {findings.length > 0 && (
        <ul class="findings" data-test-id="findings" aria-label={t('job.findings')}>
          {findings.map((f, i) => (
            <li key={i} class={f.severity}>
              {reason(f.code, f.params ?? {})}{f.params?.line ? ` (${t('job.line', { line: f.params.line as number })})` : ''}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function StateBadge({ state }: { state: string }) {
  return <span class={`state state-${state}`} data-test-id="job-state" data-state={state}>{t(`state.${state}`)}</span>;
}
