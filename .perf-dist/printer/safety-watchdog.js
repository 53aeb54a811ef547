export function safetyLimitsFrom(profile) {
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
export class SafetyWatchdog {
    limits;
    lastReportMs = null;
    watchingReports = false;
    tripped = false;
    rise = new Map();
    constructor(limits) {
        this.limits = limits;
    }
    /** Report timeouts matter only while a print runs; `nowMs` starts the clock so a fresh print is not blamed for idle gaps. */
    setPrinting(printing, nowMs) {
        this.watchingReports = printing;
        if (printing)
            this.lastReportMs = nowMs;
    }
    /** After an alarm has been handled (print stopped), the watchdog may alarm again. */
    rearm() {
        this.tripped = false;
        this.rise.clear();
    }
    /** A temperature report arrived. */
    observe(heaters, nowMs) {
        this.lastReportMs = nowMs;
        const named = heaters.hotends.map((h, i) => [`T${i}`, h, this.limits.maxHotendTempC]);
        if (heaters.bed)
            named.push(['B', heaters.bed, this.limits.maxBedTempC]);
        for (const [name, reading, maxC] of named) {
            const alarm = this.overLimit(name, reading, maxC) ?? this.notRising(name, reading, nowMs);
            if (alarm)
                return this.trip(alarm);
        }
        return [];
    }
    /** Called on a timer: catches reports that stopped arriving. */
    check(nowMs) {
        if (!this.watchingReports || this.lastReportMs === null)
            return [];
        const silentMs = nowMs - this.lastReportMs;
        if (silentMs < this.limits.tempReportTimeoutMs)
            return [];
        return this.trip({
            code: 'temp_reports_stopped', heater: null,
            message: `no temperature report for ${Math.round(silentMs)} ms during a print (limit ${this.limits.tempReportTimeoutMs} ms)`,
        });
    }
    /** When `check` next has something to decide, or null when nothing is watched. */
    nextCheckAtMs() {
        if (!this.watchingReports || this.lastReportMs === null || this.tripped)
            return null;
        return this.lastReportMs + this.limits.tempReportTimeoutMs;
    }
    trip(alarm) {
        if (this.tripped)
            return [];
        this.tripped = true;
        return [alarm];
    }
    overLimit(name, reading, maxC) {
        if (!(reading.actualC > maxC))
            return null;
        return { code: 'temp_above_limit', heater: name, message: `${name} at ${reading.actualC} °C is above the limit of ${maxC} °C` };
    }
    notRising(name, reading, nowMs) {
        const targetC = reading.targetC ?? 0;
        const heating = targetC > 0 && reading.actualC < targetC - (this.limits.heatingRiseMinC + NEAR_TARGET_EXTRA_C);
        const win = this.rise.get(name);
        if (!heating) {
            this.rise.delete(name);
            return null;
        }
        if (!win || win.targetC !== targetC) {
            this.rise.set(name, { targetC, startMs: nowMs, startC: reading.actualC });
            return null;
        }
        const risenC = reading.actualC - win.startC;
        if (risenC >= this.limits.heatingRiseMinC) {
            this.rise.set(name, { targetC, startMs: nowMs, startC: reading.actualC });
            return null;
        }
        if (nowMs - win.startMs < this.limits.heatingRiseWindowMs)
            return null;
        return {
            code: 'heater_not_rising', heater: name,
            message: `${name} rose ${risenC.toFixed(1)} °C in ${Math.round(nowMs - win.startMs)} ms while heating to ${targetC} °C (needs ${this.limits.heatingRiseMinC} °C in ${this.limits.heatingRiseWindowMs} ms)`,
        };
    }
}
//# sourceMappingURL=safety-watchdog.js.map