/**
 * One call builds the virtual printer, its wire and a Transport on a shared Clock: tests pass a
 * SimClock, `npm start` a RealClock (whose timeScale speeds the whole machine up), the benchmark either.
 */
import { VirtualTransport } from '../transport/virtual-transport.js';
import { FaultInjector } from './fault-injector.js';
import { VirtualPrinter } from './virtual-printer.js';
import { VirtualWire } from './virtual-wire.js';
export function createVirtualPrinterSetup(options) {
    const { baudRate, faults: faultOptions, resetOnOpen, ...printerOptions } = options;
    const faults = new FaultInjector(faultOptions);
    const printer = new VirtualPrinter({ ...printerOptions, faults });
    const wire = new VirtualWire(options.clock, baudRate ?? options.profile.baudRate, printer, faults);
    const transport = new VirtualTransport(wire, printer, {
        description: `virtual ${options.profile.firmware} (${options.profile.name})`,
        resetOnOpen,
    });
    return { printer, transport, wire, faults };
}
//# sourceMappingURL=virtual-setup.js.map