/** The hotend and bed on the Clock: the thermal model is stepped lazily, up to the time of each reading. */
import type { Clock } from '../../core/clock.js';
import type { TempSnapshot } from './dialects.js';
import { coldHeater, stepHeater, type HeaterParams, type HeaterState } from './thermal.js';

export type HeaterId = 'hotend' | 'bed';

export class Heaters {
  private hotend: HeaterState;
  private bed: HeaterState;
  private updatedAtMs: number;

  constructor(private readonly clock: Clock, private readonly hotendParams: HeaterParams, private readonly bedParams: HeaterParams) {
    this.hotend = coldHeater(hotendParams);
    this.bed = coldHeater(bedParams);
    this.updatedAtMs = clock.nowMs();
  }

  setTarget(id: HeaterId, targetC: number): void {
    this.update();
    const state = id === 'hotend' ? this.hotend : this.bed;
    const next = { ...state, targetC: Math.max(0, targetC) };
    if (id === 'hotend') this.hotend = next;
    else this.bed = next;
  }

  reading(id: HeaterId): HeaterState {
    this.update();
    return id === 'hotend' ? this.hotend : this.bed;
  }

  snapshot(): TempSnapshot {
    this.update();
    return {
      hotendC: this.hotend.tempC, hotendTargetC: this.hotend.targetC, hotendPower: this.hotend.power,
      bedC: this.bed.tempC, bedTargetC: this.bed.targetC, bedPower: this.bed.power,
    };
  }

  allOff(): void {
    this.setTarget('hotend', 0);
    this.setTarget('bed', 0);
  }

  private update(): void {
    const now = this.clock.nowMs();
    const dt = now - this.updatedAtMs;
    if (dt <= 0) return;
    this.hotend = stepHeater(this.hotend, this.hotendParams, dt);
    this.bed = stepHeater(this.bed, this.bedParams, dt);
    this.updatedAtMs = now;
  }
}
