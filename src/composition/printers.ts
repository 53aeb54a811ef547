/**
 * Builds one PrinterController per configured printer: a serial port when `serialPath` is set, the
 * built-in virtual printer otherwise. With no printers configured the daemon gets one virtual printer,
 * so a workshop or a demo needs no hardware.
 *
 * The link runs in a process of its own (RemoteLink) unless `ownProcess` is off or the virtual printer must
 * run on a clock handed in by the caller (a SimClock cannot cross into another process).
 */
import type { Clock } from '../core/clock.js';
import type { PrinterConfig } from '../config/config.js';
import type { LinkPort } from '../printer/link-messages.js';
import { transportFor } from '../printer/link-transport.js';
import { PrinterController } from '../printer/printer-controller.js';
import { PrinterLink } from '../printer/printer-link.js';
import { loadProfile } from '../printer/profiles.js';
import type { FirmwareProfile } from '../printer/profile-types.js';
import { RemoteLink } from '../printer/remote-link.js';

export const DEFAULT_VIRTUAL_PRINTER: PrinterConfig = { id: 'virtual', profile: 'marlin', baudRate: 115200 };

export interface BuiltPrinter { controller: PrinterController; profile: FirmwareProfile; virtual: boolean }

export interface PrinterClocks {
  /** Wall time for real hardware. */
  real: Clock;
  /** Possibly accelerated time for virtual printers (demos, tests, benchmarks). */
  virtual: Clock;
}

export interface LinkThreading {
  ownProcess: boolean;
  /** The virtual printer's speed-up inside a worker, which builds its own wall clock. */
  virtualTimeScale: number;
  /** The virtual clock was handed in by the caller: virtual printers then stay in this thread, on it. */
  virtualClockGiven: boolean;
}

export function buildPrinters(configs: readonly PrinterConfig[], clocks: PrinterClocks, threading: LinkThreading): BuiltPrinter[] {
  return (configs.length > 0 ? configs : [DEFAULT_VIRTUAL_PRINTER]).map((cfg) => {
    const profile = loadProfile(cfg.profile);
    const virtual = cfg.serialPath === undefined;
    const clock = virtual ? clocks.virtual : clocks.real;
    const port: LinkPort = virtual
      ? { kind: 'virtual', baudRate: cfg.baudRate, timeScale: threading.virtualTimeScale }
      : { kind: 'serial', path: cfg.serialPath!, baudRate: cfg.baudRate };
    const ownProcess = threading.ownProcess && !(virtual && threading.virtualClockGiven);
    const link = ownProcess ? new RemoteLink({ profile, port, clock }) : new PrinterLink({ transport: transportFor(port, profile, clock), profile, clock });
    return { controller: new PrinterController({ id: cfg.id, link, clock }), profile, virtual };
  });
}
