/**
 * The slicing contract every engine adapter implements (PrusaSlicer CLI, cura-wasm). Adapters never
 * throw for a failed slice: they resolve `{ ok: false, failure }` with a stable code and keep the
 * engine's own words in `slicerLog` for staff.
 */
import type { MeshRefusalCode } from '../analysis/mesh/index.js';
import type { ResolvedProfile } from './slicing-settings.js';

export type SlicerEngine = 'prusaslicer' | 'cura-wasm';

export type SliceFailureCode =
  | 'model_too_large'
  | 'not_manifold'
  | 'model_unreadable'
  /** Sliced, but nothing printable on the first layer (a model floating above its thin base…). */
  | 'model_unprintable'
  | 'slicer_failed'
  | 'slice_timeout'
  | 'slice_cancelled'
  | 'no_slicer_available'
  /** The model was refused before slicing (stl_truncated, mesh_empty…). */
  | MeshRefusalCode;

export interface SliceProgress {
  /** 0–100. */
  percent: number;
  stage: string;
}

export type ModelFormat = 'stl' | '3mf' | 'obj';

export interface SliceRequest {
  modelPath: string;
  /** Needed when modelPath has no extension (uploads are stored by id); default stl. */
  modelFormat?: ModelFormat;
  /** Turn the model 90° about Z first: set when only the turned model fits the bed. */
  rotateZ90?: boolean;
  outputPath: string;
  profile: ResolvedProfile;
  /** Aborting cancels the slice; an abort whose reason is 'timeout' reports slice_timeout. */
  signal?: AbortSignal;
  onProgress?: (progress: SliceProgress) => void;
}

export interface SliceEstimate {
  seconds: number | null;
  filamentMm: number | null;
  filamentGrams: number | null;
}

export interface SliceResult {
  engine: SlicerEngine;
  outputPath: string;
  signature: string;
  layers: number;
  /** The slicer's own estimate, as it wrote it (the G-code analysis makes an independent one). */
  estimate: SliceEstimate;
  slicerLog: string;
}

export interface SliceFailure {
  code: SliceFailureCode;
  message: string;
  slicerLog: string;
  /** What the reason's sentence needs (the unknown material's name…). */
  params?: Record<string, unknown>;
}

export type SliceRefused = { ok: false; failure: SliceFailure };
export type SliceOutcome = { ok: true; value: SliceResult } | SliceRefused;

export interface Slicer {
  readonly engine: SlicerEngine;
  slice(request: SliceRequest): Promise<SliceOutcome>;
}

export const TIMEOUT_REASON = 'timeout';

/** The failure an aborted signal stands for. */
export function abortFailure(signal: AbortSignal, slicerLog: string): SliceFailure {
  return signal.reason === TIMEOUT_REASON
    ? { code: 'slice_timeout', message: 'slicing took longer than allowed', slicerLog }
    : { code: 'slice_cancelled', message: 'slicing was cancelled', slicerLog };
}

export function failed(code: SliceFailureCode, message: string, slicerLog = ''): SliceRefused {
  return { ok: false, failure: { code, message, slicerLog } };
}
