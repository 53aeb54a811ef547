import { describe, expect, it } from 'vitest';
import { canQuote, QUOTE_ACTIONS } from '../../../src/quotes/quote-policy.js';
import { QUOTE_EVENTS, QUOTE_STATES, quoteTransitionTarget, type QuoteEvent, type QuoteState } from '../../../src/quotes/quote-states.js';
import type { Actor } from '../../../src/users/user-types.js';

// The quote's life as the task describes it, written out edge by edge independently of the table.
const SPEC: Array<[QuoteState, QuoteEvent, QuoteState]> = [
  ['analysing', 'analysis_passed', 'ready'],
  ['analysing', 'analysis_refused', 'refused'],
  ['analysing', 'analysis_failed', 'failed'],
  ['ready', 'submitted', 'used'],
  // Refused G-code goes to the staff as a refused job (the service refuses a refused model).
  ['refused', 'submitted', 'used'],
  ...(['analysing', 'ready', 'refused', 'failed'] as const).map((s): [QuoteState, QuoteEvent, QuoteState] => [s, 'discarded', 'discarded']),
];

describe('quote states', () => {
  it.each(QUOTE_STATES.flatMap((s) => QUOTE_EVENTS.map((e) => [s, e] as const)))('%s + %s', (state, event) => {
    const edge = SPEC.find(([from, ev]) => from === state && ev === event);
    expect(quoteTransitionTarget(state, event)).toBe(edge ? edge[2] : null);
  });

  it('lets only a ready or refused quote become a job, once', () => {
    const submittable = QUOTE_STATES.filter((s) => quoteTransitionTarget(s, 'submitted') !== null);
    expect(submittable).toEqual(['ready', 'refused']);
    expect(QUOTE_EVENTS.map((e) => quoteTransitionTarget('used', e))).toEqual(QUOTE_EVENTS.map(() => null));
  });
});

describe('who may do what with a quote', () => {
  const owner: Actor = { userId: 1, role: 'patron' };
  const quote = { ownerId: 1 };
  it.each([
    [{ userId: 2, role: 'patron' } as Actor, []],
    [{ userId: 3, role: 'instructor' } as Actor, []],
    [{ userId: 4, role: 'staff' } as Actor, ['view', 'discard']],
    [owner, ['view', 'discard', 'requote', 'submit']],
  ])('%o', (actor, allowed) => {
    expect(QUOTE_ACTIONS.filter((a) => canQuote(actor, a, quote))).toEqual(allowed);
  });
});
