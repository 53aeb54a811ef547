/**
 * One call builds the virtual printer, its wire and a Transport on a shared Clock: tests pass a
 * SimClock, `npm start` a RealClock (whose timeScale speeds the whole machine up), the benchmark either.
 */
import { VirtualTransport } from '../transport/virtual-transport.js';
import { FaultInjector, type FaultOptions } from './fault-injector.js';
import { VirtualPrinter, type VirtualPrinterOptions } from './virtual-printer.js';
import { VirtualWire } from './virtual-wire.js';

/** The printer's own knobs (turnaroundMs, advancedOk, capabilities, blockBufferSize…) sit beside the setup's. */
export interface VirtualPrinterSetupOptions extends Omit<VirtualPrinterOptions, 'faults'> {
  /** Defaults to the profile's baud rate. */
  baudRate?: number;
  faults?: Partial<FaultOptions>;
  /** Opening the port resets the board (DTR), printing `start` and the banner. Default true. */
  resetOnOpen?: boolean;
}

export interface VirtualPrinterSetup {
  printer: VirtualPrinter;
  transport: VirtualTransport;
  wire: VirtualWire;
  faults: FaultInjector;
}

export function createVirtualPrinterSetup(options: VirtualPrinterSetupOptions): VirtualPrinterSetup {
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
