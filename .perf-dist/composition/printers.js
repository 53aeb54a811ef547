import { PrinterController } from '../printer/printer-controller.js';
import { PrinterLink } from '../printer/printer-link.js';
import { loadProfile } from '../printer/profiles.js';
import { SerialTransport } from '../printer/transport/serial-transport.js';
import { createVirtualPrinterSetup } from '../printer/virtual/virtual-setup.js';
export const DEFAULT_VIRTUAL_PRINTER = { id: 'virtual', profile: 'marlin', baudRate: 115200 };
export function buildPrinters(configs, clocks) {
    return (configs.length > 0 ? configs : [DEFAULT_VIRTUAL_PRINTER]).map((cfg) => {
        const profile = loadProfile(cfg.profile);
        const virtual = cfg.serialPath === undefined;
        const clock = virtual ? clocks.virtual : clocks.real;
        const transport = virtual
            // The executed-command log is for tests; in a daemon that prints for weeks it would only grow.
            ? createVirtualPrinterSetup({ clock, profile, baudRate: cfg.baudRate, logExecuted: false }).transport
            : new SerialTransport({ path: cfg.serialPath, baudRate: cfg.baudRate });
        const link = new PrinterLink({ transport, profile, clock });
        return { controller: new PrinterController({ id: cfg.id, link, clock }), profile, virtual };
    });
}
//# sourceMappingURL=printers.js.map