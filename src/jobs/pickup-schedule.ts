/**
 * What a print waiting on the pickup shelf is due for. Pure: the sweep passes in when the print became
 * ready, how many reminders went out already, and the time.
 */
export const DAY_MS = 24 * 60 * 60 * 1000;

export interface PickupRules {
  /** Days after the print is ready at which a reminder goes out, e.g. [3, 7]. */
  reminderAfterDays: readonly number[];
  /** Days after which the print is `unclaimed`; null = never. */
  unclaimedAfterDays: number | null;
}

export type PickupDue =
  | { kind: 'unclaimed'; deadlineMs: number }
  /** `reminderNumber` counts from 1; only the latest due reminder is sent after a long outage. */
  | { kind: 'reminder'; reminderNumber: number; dueAtMs: number }
  | null;

/** When the print stops waiting (null = it waits until collected). */
export function pickupDeadlineMs(readyAtMs: number, rules: PickupRules): number | null {
  return rules.unclaimedAfterDays === null ? null : readyAtMs + rules.unclaimedAfterDays * DAY_MS;
}

export function pickupDue(readyAtMs: number, remindersSent: number, rules: PickupRules, nowMs: number): PickupDue {
  const deadlineMs = pickupDeadlineMs(readyAtMs, rules);
  if (deadlineMs !== null && nowMs >= deadlineMs) return { kind: 'unclaimed', deadlineMs };
  const schedule = [...rules.reminderAfterDays].sort((a, b) => a - b).map((d) => readyAtMs + d * DAY_MS);
  const dueCount = schedule.filter((atMs) => atMs <= nowMs).length;
  if (dueCount <= remindersSent) return null;
  return { kind: 'reminder', reminderNumber: dueCount, dueAtMs: schedule[dueCount - 1] };
}
