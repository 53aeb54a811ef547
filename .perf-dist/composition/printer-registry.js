/** The daemon's printers by id; an unknown id is a 404 with one code everywhere. */
import { AppError } from '../core/errors.js';
export class PrinterRegistry {
    byId;
    constructor(printers) {
        this.byId = new Map(printers.map((p) => [p.id, p]));
    }
    list() { return [...this.byId.values()]; }
    get(id) {
        const p = this.byId.get(id);
        if (!p)
            throw new AppError('printer_not_found', `no printer ${id}`, 404, { printerId: id });
        return p;
    }
}
//# sourceMappingURL=printer-registry.js.map