/**
 * The planning half of the G-code core: an instance of the core that reads the record ring and plans
 * (src/wasm/gcode-core.ts, `plan`), plus what only JavaScript keeps: the heat model the heater records
 * drive, and the start time of each layer marker. The same class plans on the reading thread or on its
 * own (planner-worker.ts), so the answer cannot depend on where it ran.
 */
import type { Vec3Box } from './gcode-analysis.js';
import { HEATERS, HeatModel, type HeatRates } from './heat-model.js';
import {
  RECORD_END, RECORD_FIELDS, RECORD_HEAT_TARGET, RECORD_HEAT_WAIT, RECORD_TAG, TALLY_EXTRUDED_MM, TALLY_EXTRUSION_BOX, TALLY_FIELDS,
  TALLY_TRAVEL_BOX,
} from './core-layout.js';

export interface PlannerExports {
  plan(from: number, to: number): number;
  flush(): void;
  addStillSeconds(seconds: number): void;
  seconds(): number;
  talliesPtr(): number;
}

export interface PlannerResult {
  seconds: number;
  heatingSeconds: number;
  /** Start seconds of each layer marker that was committed, by marker. */
  markerSeconds: number[];
  /** Per heater wait with an index: when it starts, and how long it lasts. */
  waitStartSeconds: number[];
  waitSeconds: number[];
  /** Filament extruded (mm), not counting what only recovers a retraction. */
  extrudedMm: number;
  /** Null when no such move was planned. */
  extrusionBox: Vec3Box | null;
  travelBox: Vec3Box | null;
}

export class PlannerSide {
  private readonly markerSeconds: number[] = [];
  private readonly waitStartSeconds: number[] = [];
  private readonly waitSeconds: number[] = [];
  private heatingSeconds = 0;
  private readonly heat: HeatModel;
  private readonly mask: number;
  /** Records planned so far (a count since the start, wrapping at 2^32 as the core's does). */
  planned = 0;
  ended = false;

  /** `ring` views the record ring of `ringRecords` records (a power of two). */
  constructor(private readonly core: PlannerExports, private readonly ring: Float64Array, ringRecords: number, heatRates: HeatRates) {
    this.heat = new HeatModel(heatRates);
    this.mask = ringRecords - 1;
  }

  /** For the core's `markerCommitted` import. */
  markerCommitted(marker: number, startSeconds: number): void { this.markerSeconds[marker] = startSeconds; }

  /** Plans every record written before `written`. */
  consume(written: number): void {
    while (this.planned !== written) {
      const at = this.core.plan(this.planned, written) >>> 0;
      if (at === written) { this.planned = at; break; }
      this.shellRecord((at & this.mask) * RECORD_FIELDS);
      this.planned = (at + 1) >>> 0;
    }
  }

  private shellRecord(i: number): void {
    const r = this.ring;
    const tag = r[i + RECORD_TAG];
    if (tag === RECORD_HEAT_TARGET) {
      this.heat.setTarget(HEATERS[r[i]], r[i + 1], this.core.seconds());
    } else if (tag === RECORD_HEAT_WAIT) {
      this.core.flush();
      const startS = this.core.seconds();
      const waitS = this.heat.waitSeconds(HEATERS[r[i]], startS);
      this.core.addStillSeconds(waitS);
      this.heatingSeconds += waitS;
      const index = r[i + 1];
      if (index >= 0) { this.waitStartSeconds[index] = startS; this.waitSeconds[index] = waitS; }
    } else if (tag === RECORD_END) {
      this.core.flush();
      this.ended = true;
    }
  }

  result(): PlannerResult {
    const t = new Float64Array(this.ring.buffer, this.core.talliesPtr(), TALLY_FIELDS);
    const box = (at: number): Vec3Box | null => (t[at] === Infinity ? null
      : { min: [t[at], t[at + 1], t[at + 2]], max: [t[at + 3], t[at + 4], t[at + 5]] });
    return {
      seconds: this.core.seconds(), heatingSeconds: this.heatingSeconds, markerSeconds: this.markerSeconds,
      waitStartSeconds: this.waitStartSeconds, waitSeconds: this.waitSeconds,
      extrudedMm: t[TALLY_EXTRUDED_MM], extrusionBox: box(TALLY_EXTRUSION_BOX), travelBox: box(TALLY_TRAVEL_BOX),
    };
  }
}
