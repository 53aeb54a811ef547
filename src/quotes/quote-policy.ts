/**
 * Who may do what with a quote. Pure; the service enforces it, the live gateway filters pushes with it
 * and the permission-matrix test checks the HTTP layer against it.
 *
 * Staff may look (a patron asks for help at the desk) and let a quote go, but only the owner turns it
 * into a job or changes its options: the job is theirs, and so is the choice.
 */
import type { Actor } from '../users/user-types.js';
import type { Quote } from './quote-types.js';

export const QUOTE_ACTIONS = ['view', 'discard', 'requote', 'submit'] as const;
export type QuoteAction = (typeof QUOTE_ACTIONS)[number];

const OWNER_ONLY: readonly QuoteAction[] = ['requote', 'submit'];

export function canQuote(actor: Actor, action: QuoteAction, quote: Pick<Quote, 'ownerId'>): boolean {
  if (quote.ownerId === actor.userId) return true;
  return actor.role === 'staff' && !OWNER_ONLY.includes(action);
}
