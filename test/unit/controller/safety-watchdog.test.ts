import { describe, expect, it } from 'vitest';
import { SafetyWatchdog, safetyLimitsFrom, type SafetyLimits } from '../../../src/printer/safety-watchdog.js';
import { loadProfile } from '../../../src/printer/profiles.js';

const limits: SafetyLimits = {
  maxHotendTempC: 260, maxBedTempC: 120, tempReportTimeoutMs: 10_000, heatingRiseWindowMs: 30_000, heatingRiseMinC: 2,
};
const hot = (actualC: number, targetC: number | null = 0) => ({ hotends: [{ actualC, targetC }], bed: null });

describe('SafetyWatchdog', () => {
  it('alarms when temperature reports stop during a print, once, and not while idle', () => {
    const w = new SafetyWatchdog(limits);
    w.observe(hot(20), 0);
    expect(w.check(60_000)).toEqual([]);
    w.setPrinting(true, 60_000);
    expect(w.nextCheckAtMs()).toBe(70_000);
    w.observe(hot(200, 200), 65_000);
    expect(w.check(74_999)).toEqual([]);
    expect(w.check(75_000)).toEqual([expect.objectContaining({ code: 'temp_reports_stopped', heater: null })]);
    expect(w.check(90_000)).toEqual([]);
    expect(w.nextCheckAtMs()).toBeNull();
  });

  it('gives a late check (the host was stalled) a short grace, but not forever', () => {
    const w = new SafetyWatchdog(limits);
    w.setPrinting(true, 0);
    // Due at 10 s, run at 40 s: the host was not running, the reports may be unread.
    expect(w.check(40_000, 10_000)).toEqual([]);
    expect(w.nextCheckAtMs()).toBe(45_000);
    // A report during the grace clears it.
    w.observe(hot(200, 200), 41_000);
    expect(w.nextCheckAtMs()).toBe(51_000);
    // A printer that stays silent trips on an on-time check after the grace.
    expect(w.check(51_000, 51_000)).toEqual([expect.objectContaining({ code: 'temp_reports_stopped' })]);
    // A host that is late every time gets three graces, then the alarm.
    const always = new SafetyWatchdog(limits);
    always.setPrinting(true, 0);
    let alarms: unknown[] = [];
    for (let i = 0, due = 10_000; i < 4 && alarms.length === 0; i++) {
      alarms = always.check(due + 20_000, due);
      due = always.nextCheckAtMs() ?? due;
    }
    expect(alarms).toEqual([expect.objectContaining({ code: 'temp_reports_stopped' })]);
  });

  it('alarms when a heater does not rise by heatingRiseMinC within the window', () => {
    const w = new SafetyWatchdog(limits);
    expect(w.observe(hot(25, 210), 0)).toEqual([]);
    expect(w.observe(hot(26, 210), 20_000)).toEqual([]);
    const alarms = w.observe(hot(26.5, 210), 30_000);
    expect(alarms).toEqual([expect.objectContaining({ code: 'heater_not_rising', heater: 'T0' })]);
  });

  it('accepts a heater that keeps rising, and one that sits near its target', () => {
    const w = new SafetyWatchdog(limits);
    for (let t = 0, c = 25; t <= 600_000; t += 10_000, c = Math.min(c + 1, 209)) {
      expect(w.observe(hot(c, 210), t)).toEqual([]);
    }
  });

  it('restarts the rise window when the target changes', () => {
    const w = new SafetyWatchdog(limits);
    w.observe(hot(25, 210), 0);
    w.observe(hot(25.5, 215), 25_000);
    expect(w.observe(hot(26, 215), 50_000)).toEqual([]);
    expect(w.observe(hot(26, 215), 55_000)).toHaveLength(1);
  });

  it('alarms on a temperature above the profile limit, for hotend and bed', () => {
    expect(new SafetyWatchdog(limits).observe(hot(261, 200), 0)).toEqual([
      expect.objectContaining({ code: 'temp_above_limit', heater: 'T0' })]);
    const bed = new SafetyWatchdog(limits).observe({ hotends: [{ actualC: 20, targetC: 0 }], bed: { actualC: 130, targetC: 60 } }, 0);
    expect(bed).toEqual([expect.objectContaining({ code: 'temp_above_limit', heater: 'B' })]);
  });

  it('alarms again only after rearm', () => {
    const w = new SafetyWatchdog(limits);
    expect(w.observe(hot(300), 0)).toHaveLength(1);
    expect(w.observe(hot(300), 1)).toHaveLength(0);
    w.rearm();
    expect(w.observe(hot(300), 2)).toHaveLength(1);
  });

  it('takes its limits from a firmware profile', () => {
    const p = loadProfile('marlin');
    expect(safetyLimitsFrom(p)).toEqual({
      maxHotendTempC: p.machine.maxHotendTempC, maxBedTempC: p.machine.maxBedTempC,
      tempReportTimeoutMs: p.safety.tempReportTimeoutMs, heatingRiseWindowMs: p.safety.heatingRiseWindowMs,
      heatingRiseMinC: p.safety.heatingRiseMinC,
    });
  });
});
