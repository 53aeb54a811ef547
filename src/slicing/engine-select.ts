import { findExecutable } from '../core/find-executable.js';
import { CuraWasmSlicer, curaWasmInstalled } from './cura-wasm.js';
import { PrusaSlicerCli } from './prusaslicer-cli.js';
import type { Slicer, SlicerEngine } from './slicer.js';

export const PRUSA_SLICER_BINARY = 'prusa-slicer';

/**
 * Every installed engine, preferred first: PrusaSlicer (faster, the recommended engine), then the
 * embedded cura-wasm. Empty: the caller reports no_slicer_available and the job waits as needs_slicing.
 * `only` pins one engine (the CLI's --engine, tests).
 */
export async function availableSlicers(options: { only?: SlicerEngine; path?: string } = {}): Promise<Slicer[]> {
  const engines: Slicer[] = [];
  if (options.only !== 'cura-wasm' && await findExecutable(PRUSA_SLICER_BINARY, options.path) !== null) engines.push(new PrusaSlicerCli(PRUSA_SLICER_BINARY));
  if (options.only !== 'prusaslicer' && curaWasmInstalled()) engines.push(new CuraWasmSlicer());
  return engines;
}

/** The preferred installed engine, or null when none is. */
export async function selectSlicer(options: { only?: SlicerEngine; path?: string } = {}): Promise<Slicer | null> {
  return (await availableSlicers(options))[0] ?? null;
}
