/**
 * What a print waiting on the pickup shelf is due for. Pure: the sweep passes in when the print became
 * ready, how many reminders went out already, and the time.
 */
export const DAY_MS = 24 * 60 * 60 * 1000;
/** When the print stops waiting (null = it waits until collected). */
export function pickupDeadlineMs(readyAtMs, rules) {
    return rules.unclaimedAfterDays === null ? null : readyAtMs + rules.unclaimedAfterDays * DAY_MS;
}
export function pickupDue(readyAtMs, remindersSent, rules, nowMs) {
    const deadlineMs = pickupDeadlineMs(readyAtMs, rules);
    if (deadlineMs !== null && nowMs >= deadlineMs)
        return { kind: 'unclaimed', deadlineMs };
    const schedule = [...rules.reminderAfterDays].sort((a, b) => a - b).map((d) => readyAtMs + d * DAY_MS);
    const dueCount = schedule.filter((atMs) => atMs <= nowMs).length;
    if (dueCount <= remindersSent)
        return null;
    return { kind: 'reminder', reminderNumber: dueCount, dueAtMs: schedule[dueCount - 1] };
}
//# sourceMappingURL=pickup-schedule.js.map