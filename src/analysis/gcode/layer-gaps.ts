/**
 * Heights at which a file prints nothing although there is more above: a model with a part floating
 * over the rest (two shells with a gap, a bad export) slices to layers that jump up. Whatever would
 * print above the jump starts in the air and ends as a tangle, in an unattended hour too. PrusaSlicer
 * only warns ("Empty layer between …") and exports anyway, and other slicers say nothing, so the
 * G-code itself is checked. Pure: reads the layer table.
 */
import type { LayerStart } from './gcode-analysis.js';

/** No layer height is this tall (about 80 % of the widest common nozzle, 1.0 mm, is the most a slicer uses). */
export const MAX_LAYER_STEP_MM = 1;
/** Gaps listed; a file full of them is counted, not listed. */
const MAX_GAPS = 20;

export interface LayerGap {
  /** The height printed last below the gap (0: the bed). */
  fromMm: number;
  toMm: number;
  /** The line of the first layer above the gap. */
  line: number;
}

/** Each step up from one layer (or the bed) to the next that is taller than any layer can be. */
export function layerGaps(layers: readonly LayerStart[]): LayerGap[] {
  const gaps: LayerGap[] = [];
  let below = 0;
  for (const layer of layers) {
    if (layer.zMm === null) continue;
    if (layer.zMm - below > MAX_LAYER_STEP_MM && gaps.length < MAX_GAPS) gaps.push({ fromMm: below, toMm: layer.zMm, line: layer.line });
    // Sequential printing starts the next object from the bed again: a step down is no gap.
    below = layer.zMm;
  }
  return gaps;
}
