/**
 * A patron's printer, material and print quality are checked when the file comes in, not at analysis:
 * a job stored against a printer, material or preset the library does not have could never be
 * analysed or printed, and would only be refused later in the queue.
 */
import { findMaterial } from '../../analysis/materials.js';
import { loadLibraryPolicy, requireSlicerProfile } from '../../slicing/slicer-profiles.js';
import { checkPatronChoices } from '../../slicing/slicing-settings.js';
import type { ApiContext } from '../api-context.js';

export function checkPrintChoices(ctx: Pick<ApiContext, 'printers' | 'materials'>,
  choices: { printerId?: string | null; material?: string | null; preset?: string | null; infillPercent?: number | null; supports?: boolean | null }): void {
  if (choices.printerId) ctx.printers.get(choices.printerId);
  if (choices.material) findMaterial(ctx.materials, choices.material);
  if (choices.preset) requireSlicerProfile('presets', choices.preset);
  checkPatronChoices({ infillPercent: choices.infillPercent ?? undefined, supports: choices.supports ?? undefined }, loadLibraryPolicy());
}
