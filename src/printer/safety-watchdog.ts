/**
 * The host's own safety check, a second line behind the firmware's thermal protection: firmware built
 * without THERMAL_PROTECTION, a loose thermistor that reads room temperature, or a board that stopped
 * talking must still end a print nobody is watching. Pure: readings and time in, alarms out.
 */
import type { FirmwareProfile } from './profile-types.js';
import type { HeaterReading } from './printer-types.js';

export type SafetyAlarmCode = 'temp_reports_stopped' | 'heater_not_rising' | 'temp_above_limit';

export interface SafetyAlarm { code: SafetyAlarmCode; heater: string | null; message: string }

export interface SafetyLimits {
  maxHotendTempC: number;
  maxBedTempC: number;
  tempReportTimeoutMs: number;
  heatingRiseWindowMs: number;
  heatingRiseMinC: number;
}

export interface HeaterSet { hotends: HeaterReading[]; bed: HeaterReading | null }

export function safetyLimitsFrom(profile: FirmwareProfile): SafetyLimits {
  return {
    maxHotendTempC: profile.machine.maxHotendTempC,
    maxBedTempC: profile.machine.maxBedTempC,
    tempReportTimeoutMs: profile.safety.tempReportTimeoutMs,
    heatingRiseWindowMs: profile.safety.heatingRiseWindowMs,
    heatingRiseMinC: profile.safety.heatingRiseMinC,
  };
}

/**
 * Close to its target a PID-driven heater slows down on purpose; the rise check only applies while the
 * heater is clearly below target, as firmware watch-periods do.
 */
const NEAR_TARGET_EXTRA_C = 4;

interface RiseWindow { targetC: number; startMs: number; startC: number }

/**
 * A check that runs this much later than it was due means the host itself was not running (GC, swap, an
 * overloaded machine, or a sped-up virtual clock): the reports may be waiting unread, so the printer gets
 * a short grace to show they are still coming instead of being blamed at once. Only a few graces in a
 * row, so a host that is always late still stops a silent printer.
 */
const HOST_LATE_MS = 1_000;
const HOST_STALL_GRACE_MS = 5_000;
const MAX_CONSECUTIVE_GRACES = 3;

export class SafetyWatchdog {
  private lastReportMs: number | null = null;
  private watchingReports = false;
  private tripped = false;
  private graceUntilMs: number | null = null;
  private gracesInRow = 0;
  private readonly rise = new Map<string, RiseWindow>();

  constructor(private readonly limits: SafetyLimits) {}

  /** Report timeouts matter only while a print runs; `nowMs` starts the clock so a fresh print is not blamed for idle gaps. */
  setPrinting(printing: boolean, nowMs: number): void {
    this.watchingReports = printing;
    if (printing) this.lastReportMs = nowMs;
  }

  /** After an alarm has been handled (print stopped), the watchdog may alarm again. */
  rearm(): void {
    this.tripped = false;
    this.rise.clear();
  }

  /** A temperature report arrived. */
  observe(heaters: HeaterSet, nowMs: number): SafetyAlarm[] {
    this.lastReportMs = nowMs;
    this.graceUntilMs = null;
    this.gracesInRow = 0;
    const named: Array<[string, HeaterReading, number]> = heaters.hotends.map((h, i) => [`T${i}`, h, this.limits.maxHotendTempC]);
    if (heaters.bed) named.push(['B', heaters.bed, this.limits.maxBedTempC]);
    for (const [name, reading, maxC] of named) {
      const alarm = this.overLimit(name, reading, maxC) ?? this.notRising(name, reading, nowMs);
      if (alarm) return this.trip(alarm);
    }
    return [];
  }

  /** Called on a timer due at `dueMs`: catches reports that stopped arriving. */
  check(nowMs: number, dueMs: number = nowMs): SafetyAlarm[] {
    if (!this.watchingReports || this.lastReportMs === null) return [];
    const silentMs = nowMs - this.lastReportMs;
    if (silentMs < this.limits.tempReportTimeoutMs) return [];
    if (this.graceUntilMs !== null && nowMs < this.graceUntilMs) return [];
    if (nowMs - dueMs > HOST_LATE_MS && this.gracesInRow < MAX_CONSECUTIVE_GRACES) {
      this.gracesInRow++;
      this.graceUntilMs = nowMs + HOST_STALL_GRACE_MS;
      return [];
    }
    return this.trip({
      code: 'temp_reports_stopped', heater: null,
      message: `no temperature report for ${Math.round(silentMs)} ms during a print (limit ${this.limits.tempReportTimeoutMs} ms)`,
    });
  }

  /** When `check` next has something to decide, or null when nothing is watched. */
  nextCheckAtMs(): number | null {
    if (!this.watchingReports || this.lastReportMs === null || this.tripped) return null;
    return Math.max(this.lastReportMs + this.limits.tempReportTimeoutMs, this.graceUntilMs ?? 0);
  }

  private trip(alarm: SafetyAlarm): SafetyAlarm[] {
    if (this.tripped) return [];
    this.tripped = true;
    return [alarm];
  }

  private overLimit(name: string, reading: HeaterReading, maxC: number): SafetyAlarm | null {
    if (!(reading.actualC > maxC)) return null;
    return { code: 'temp_above_limit', heater: name, message: `${name} at ${reading.actualC} °C is above the limit of ${maxC} °C` };
  }

  private notRising(name: string, reading: HeaterReading, nowMs: number): SafetyAlarm | null {
    const targetC = reading.targetC ?? 0;
    const heating = targetC > 0 && reading.actualC < targetC - (this.limits.heatingRiseMinC + NEAR_TARGET_EXTRA_C);
    const win = this.rise.get(name);
    if (!heating) { this.rise.delete(name); return null; }
    if (!win || win.targetC !== targetC) {
      this.rise.set(name, { targetC, startMs: nowMs, startC: reading.actualC });
      return null;
    }
    const risenC = reading.actualC - win.startC;
    if (risenC >= this.limits.heatingRiseMinC) {
      this.rise.set(name, { targetC, startMs: nowMs, startC: reading.actualC });
      return null;
    }
    if (nowMs - win.startMs < this.limits.heatingRiseWindowMs) return null;
    return {
      code: 'heater_not_rising', heater: name,
      message: `${name} rose ${risenC.toFixed(1)} °C in ${Math.round(nowMs - win.startMs)} ms while heating to ${targetC} °C (needs ${this.limits.heatingRiseMinC} °C in ${this.limits.heatingRiseWindowMs} ms)`,
    };
  }
}
