/**
 * Builds one PrinterController per configured printer: a serial port when `serialPath` is set, the
 * built-in virtual printer otherwise. With no printers configured the daemon gets one virtual printer,
 * so a workshop or a demo needs no hardware.
 */
import type { Clock } from '../core/clock.js';
import type { PrinterConfig } from '../config/config.js';
import { PrinterController } from '../printer/printer-controller.js';
import { PrinterLink } from '../printer/printer-link.js';
import { loadProfile } from '../printer/profiles.js';
import type { FirmwareProfile } from '../printer/profile-types.js';
import { SerialTransport } from '../printer/transport/serial-transport.js';
import type { Transport } from '../printer/transport/transport.js';
import { createVirtualPrinterSetup } from '../printer/virtual/virtual-setup.js';

export const DEFAULT_VIRTUAL_PRINTER: PrinterConfig = { id: 'virtual', profile: 'marlin', baudRate: 115200 };

export interface BuiltPrinter { controller: PrinterController; profile: FirmwareProfile; virtual: boolean }

export interface PrinterClocks {
  /** Wall time for real hardware. */
  real: Clock;
  /** Possibly accelerated time for virtual printers (demos, tests, benchmarks). */
  virtual: Clock;
}

export function buildPrinters(configs: readonly PrinterConfig[], clocks: PrinterClocks): BuiltPrinter[] {
  return (configs.length > 0 ? configs : [DEFAULT_VIRTUAL_PRINTER]).map((cfg) => {
    const profile = loadProfile(cfg.profile);
    const virtual = cfg.serialPath === undefined;
    const clock = virtual ? clocks.virtual : clocks.real;
    const transport: Transport = virtual
      // The executed-command log is for tests; in a daemon that prints for weeks it would only grow.
      ? createVirtualPrinterSetup({ clock, profile, baudRate: cfg.baudRate, logExecuted: false }).transport
      : new SerialTransport({ path: cfg.serialPath!, baudRate: cfg.baudRate });
    const link = new PrinterLink({ transport, profile, clock });
    return { controller: new PrinterController({ id: cfg.id, link, clock }), profile, virtual };
  });
}
