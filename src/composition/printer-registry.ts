/** The daemon's printers by id; an unknown id is a 404 with one code everywhere. */
import { AppError } from '../core/errors.js';
import type { PrinterController } from '../printer/printer-types.js';

export class PrinterRegistry {
  private readonly byId: ReadonlyMap<string, PrinterController>;

  constructor(printers: readonly PrinterController[]) {
    this.byId = new Map(printers.map((p) => [p.id, p]));
  }

  list(): PrinterController[] { return [...this.byId.values()]; }

  get(id: string): PrinterController {
    const p = this.byId.get(id);
    if (!p) throw new AppError('printer_not_found', `no printer ${id}`, 404, { printerId: id });
    return p;
  }
}
