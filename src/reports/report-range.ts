/**
 * The period the staff report panel opens on. Pure: the time and the zone come from the caller.
 * Report days are whole local days, so "today" must be read in a zone too: the UTC date is still
 * yesterday for the first hours of a Helsinki day, and would leave today's prints out.
 */
import { localParts } from '../reservations/local-time.js';

/** The last twelve months up to today, the current month included: the span of a yearly report to the city and the funder. */
export function lastTwelveMonths(nowMs: number, timeZone: string): { from: string; to: string } {
  const today = localParts(nowMs, timeZone);
  const [year, month] = today.month.split('-').map(Number);
  const from = month === 12 ? `${year}-01-01` : `${year - 1}-${String(month + 1).padStart(2, '0')}-01`;
  return { from, to: today.date };
}
