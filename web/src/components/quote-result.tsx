import { reason, t } from '../i18n.js';
import type { Quote } from '../types.js';
import { Facts } from './job-facts.js';
import { refusalParams } from '../../../src/jobs/job-types.js';

/** What the quote says, in plain language: calculating, the facts, or why not and what to do next. */
export function QuoteResult({ quote, slicedPercent = null }: { quote: Quote; slicedPercent?: number | null }) {
  switch (quote.state) {
    case 'analysing':
      return (
        <p class="calculating" data-test-id="quote-calculating"><span class="spinner" aria-hidden="true" />{t('quote.calculating')}
          {slicedPercent !== null && <> <span data-test-id="quote-sliced">{t('quote.sliced_percent', { percent: slicedPercent })}</span></>}
        </p>
      );
    case 'ready':
      return (
        <>
          <p><strong>{quote.analysis?.fitsBed === false ? t('quote.ready_check') : t('quote.ready')}</strong></p>
          {quote.outcome === 'needs_slicing' && <p>{t('quote.needs_staff')}</p>}
          <Facts analysis={quote.analysis ?? {}} choices={quote} />
        </>
      );
    case 'refused':
      return (
        <>
          <p class="error" data-test-id="quote-refusal">{reason(quote.reasonCode ?? 'unknown', refusalParams(quote.analysis, quote.reasonCode))}</p>
          <p>{t(quote.fileKind === 'gcode' ? 'quote.refused_review' : 'quote.refused_next')}</p>
          {quote.analysis && <Facts analysis={quote.analysis} choices={quote} />}
        </>
      );
    case 'failed':
      return <p class="error">{t('quote.failed')}</p>;
    default:
      // Sent or let go elsewhere (another tab, or staff at the desk).
      return <p>{reason(quote.state === 'used' ? 'quote_used' : 'quote_discarded')}</p>;
  }
}
