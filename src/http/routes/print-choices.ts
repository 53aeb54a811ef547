/**
 * A patron's printer and material are checked when the file comes in, not at analysis: a job stored
 * against a printer or material the library does not have could never be analysed or printed.
 */
import { findMaterial } from '../../analysis/materials.js';
import type { ApiContext } from '../api-context.js';

export function checkPrintChoices(ctx: Pick<ApiContext, 'printers' | 'materials'>, choices: { printerId?: string | null; material?: string | null }): void {
  if (choices.printerId) ctx.printers.get(choices.printerId);
  if (choices.material) findMaterial(ctx.materials, choices.material);
}
