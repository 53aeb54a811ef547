/**
 * A quote's life as one table: it is analysed once, then either sent to the queue (used) or let go.
 *
 *   analysing → ready → used
 *             → refused → used (refused G-code sent to staff, who alone may override the checks)
 *             → failed
 *   any state but used → discarded (another preset, another file, or "choose another file")
 *
 * Expiry is not a state: the sweep deletes a quote once its time is up, whatever state it is in.
 */
export const QUOTE_STATES = ['analysing', 'ready', 'refused', 'failed', 'used', 'discarded'] as const;
export type QuoteState = (typeof QUOTE_STATES)[number];

export const QUOTE_EVENTS = ['analysis_passed', 'analysis_refused', 'analysis_failed', 'submitted', 'discarded'] as const;
export type QuoteEvent = (typeof QUOTE_EVENTS)[number];

export const QUOTE_TRANSITIONS: Readonly<Record<QuoteState, Readonly<Partial<Record<QuoteEvent, QuoteState>>>>> = {
  analysing: { analysis_passed: 'ready', analysis_refused: 'refused', analysis_failed: 'failed', discarded: 'discarded' },
  ready: { submitted: 'used', discarded: 'discarded' },
  refused: { submitted: 'used', discarded: 'discarded' },
  failed: { discarded: 'discarded' },
  used: {},
  discarded: {},
};

/** null when `event` is not possible from `from`. */
export function quoteTransitionTarget(from: QuoteState, event: QuoteEvent): QuoteState | null {
  return QUOTE_TRANSITIONS[from][event] ?? null;
}
