/**
 * Heat-up time for M109/M190: each heater ramps linearly toward its target from the moment the target
 * is set (M104/M140 start heating while the printer homes; the wait only covers what is left).
 * Cooling and overshoot are ignored: waits for a lower temperature are rare in prints and short.
 * The rates are typical for a hobby printer (a 40 W cartridge, a 220 mm bed on mains or 24 V); they only
 * shape the few minutes of a print's start, so one default serves all profiles.
 */

export interface HeatRates {
  hotendCPerS: number;
  bedCPerS: number;
  ambientC: number;
}

export const TYPICAL_HEAT_RATES: HeatRates = { hotendCPerS: 2, bedCPerS: 0.6, ambientC: 20 };

export type HeaterName = 'hotend' | 'bed';
/** The heaters in the order planner records number them. */
export const HEATERS: readonly HeaterName[] = ['hotend', 'bed'];

interface HeaterState { fromC: number; sinceSeconds: number; targetC: number }

export class HeatModel {
  private readonly heaters: Record<HeaterName, HeaterState>;

  constructor(private readonly rates: HeatRates = TYPICAL_HEAT_RATES) {
    this.heaters = {
      hotend: { fromC: rates.ambientC, sinceSeconds: 0, targetC: rates.ambientC },
      bed: { fromC: rates.ambientC, sinceSeconds: 0, targetC: rates.ambientC },
    };
  }

  private rate(name: HeaterName): number {
    return name === 'hotend' ? this.rates.hotendCPerS : this.rates.bedCPerS;
  }

  private temperatureAt(name: HeaterName, nowSeconds: number): number {
    const h = this.heaters[name];
    if (h.targetC <= h.fromC) return h.targetC;
    return Math.min(h.targetC, h.fromC + this.rate(name) * (nowSeconds - h.sinceSeconds));
  }

  /** M104/M140 (and the first half of M109/M190). */
  setTarget(name: HeaterName, targetC: number, nowSeconds: number): void {
    const h = this.heaters[name];
    h.fromC = this.temperatureAt(name, nowSeconds);
    h.sinceSeconds = nowSeconds;
    h.targetC = Math.max(targetC, this.rates.ambientC);
  }

  /** Seconds M109/M190 blocks at `nowSeconds` until the heater reaches its target. */
  waitSeconds(name: HeaterName, nowSeconds: number): number {
    const h = this.heaters[name];
    const current = this.temperatureAt(name, nowSeconds);
    return h.targetC > current ? (h.targetC - current) / this.rate(name) : 0;
  }
}
