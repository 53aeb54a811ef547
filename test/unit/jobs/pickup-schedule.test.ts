import { describe, expect, it } from 'vitest';
import { DAY_MS, pickupDeadlineMs, pickupDue } from '../../../src/jobs/pickup-schedule.js';

const READY = 1_800_000_000_000;
const rules = { reminderAfterDays: [7, 3], unclaimedAfterDays: 14 };
const day = (d: number) => READY + d * DAY_MS;

describe('pickupDue', () => {
  it('sends each reminder once, when its day comes', () => {
    expect(pickupDue(READY, 0, rules, day(3) - 1)).toBeNull();
    expect(pickupDue(READY, 0, rules, day(3))).toEqual({ kind: 'reminder', reminderNumber: 1, dueAtMs: day(3) });
    expect(pickupDue(READY, 1, rules, day(6))).toBeNull();
    expect(pickupDue(READY, 1, rules, day(7))).toEqual({ kind: 'reminder', reminderNumber: 2, dueAtMs: day(7) });
    expect(pickupDue(READY, 2, rules, day(13))).toBeNull();
  });

  it('after an outage sends only the latest reminder due, not a burst', () => {
    expect(pickupDue(READY, 0, rules, day(10))).toEqual({ kind: 'reminder', reminderNumber: 2, dueAtMs: day(7) });
  });

  it('makes the print unclaimed at the deadline, whatever reminders went out', () => {
    expect(pickupDue(READY, 0, rules, day(14))).toEqual({ kind: 'unclaimed', deadlineMs: day(14) });
    expect(pickupDeadlineMs(READY, rules)).toBe(day(14));
  });

  it('never expires without a deadline', () => {
    const open = { reminderAfterDays: [], unclaimedAfterDays: null };
    expect(pickupDue(READY, 0, open, day(400))).toBeNull();
    expect(pickupDeadlineMs(READY, open)).toBeNull();
  });
});
