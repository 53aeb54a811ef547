import { analyzeModelFile, type MeshAnalysis } from '../analysis/mesh/index.js';
import { fitOf } from '../analysis/mesh/mesh-analysis.js';
import type { Vec3 } from '../analysis/mesh/mesh-types.js';
import { selectSlicer } from './engine-select.js';
import { loadSlicingProfile, type ProfileRequest } from './slicer-profiles.js';
import { failed, type ModelFormat, type Slicer, type SliceOutcome, type SliceProgress } from './slicer.js';
import { SKIRT_MARGIN_MM } from './slicing-settings.js';

export interface SliceModelJob extends ProfileRequest {
  modelPath: string;
  outputPath: string;
  modelFormat?: ModelFormat;
  /**
   * The model's size from an analysis already made (the daemon's, in its memory-capped child): then the
   * model is not read again here, in the daemon's own memory, while it may be streaming a print.
   */
  modelSizeMm?: Vec3;
}

export interface SliceModelDeps {
  /** The engine to use; by default selectSlicer() picks PrusaSlicer, else cura-wasm. null = none installed. */
  slicer?: Slicer | null;
  signal?: AbortSignal;
  onProgress?: (progress: SliceProgress) => void;
}

const FORMAT_OF: Record<MeshAnalysis['format'], ModelFormat> = { stl_binary: 'stl', stl_ascii: 'stl', '3mf': '3mf', obj: 'obj' };

/**
 * Library profile → our own mesh check (or the size an earlier analysis found) → engine. The mesh check comes first because engines are lax
 * (PrusaSlicer slices a model taller than the printer, CuraEngine a truncated STL) and because it
 * knows whether a 90° turn makes the model fit, which the engine is then told to do.
 * Throws AppError only for a bad request (unknown printer, material or preset).
 */
export async function sliceModel(job: SliceModelJob, deps: SliceModelDeps = {}): Promise<SliceOutcome> {
  const profile = loadSlicingProfile(job);
  const bed = profile.settings.bedMm;
  const withSkirt = { x: bed.x - 2 * SKIRT_MARGIN_MM, y: bed.y - 2 * SKIRT_MARGIN_MM, z: bed.z };
  let sizeMm = job.modelSizeMm;
  let modelFormat = job.modelFormat;
  if (sizeMm === undefined) {
    const mesh = await analyzeModelFile(job.modelPath, { printer: { buildVolumeMm: withSkirt } });
    if (!mesh.ok) return failed(mesh.refusal.code, mesh.refusal.message);
    sizeMm = mesh.value.sizeMm;
    modelFormat ??= FORMAT_OF[mesh.value.format];
  }
  const { fits, fitsRotated90 } = fitOf(sizeMm, withSkirt);
  if (!fits && !fitsRotated90) {
    const { x, y, z } = withSkirt;
    return failed('model_too_large', `the model is ${sizeMm.map((v) => v.toFixed(1)).join(' × ')} mm; with the skirt around it, the printer takes ${x} × ${y} × ${z} mm`);
  }
  const slicer = deps.slicer === undefined ? await selectSlicer() : deps.slicer;
  if (!slicer) return failed('no_slicer_available', 'no slicing engine is installed: install prusa-slicer, or keep the cura-wasm npm package');
  return slicer.slice({
    modelPath: job.modelPath,
    outputPath: job.outputPath,
    modelFormat,
    rotateZ90: !fits,
    profile,
    signal: deps.signal,
    onProgress: deps.onProgress,
  });
}
