/** The transport a link talks through, from where it goes: the same choice in the daemon's thread and in a link worker. */
import type { Clock } from '../core/clock.js';
import type { LinkPort } from './link-messages.js';
import type { FirmwareProfile } from './profile-types.js';
import { SerialTransport } from './transport/serial-transport.js';
import type { Transport } from './transport/transport.js';
import { createVirtualPrinterSetup } from './virtual/virtual-setup.js';

/** `clock` drives the virtual printer; a serial port runs on the wall. */
export function transportFor(port: LinkPort, profile: FirmwareProfile, clock: Clock): Transport {
  return port.kind === 'virtual'
    // The executed-command log is for tests; in a daemon that prints for weeks it would only grow.
    ? createVirtualPrinterSetup({ clock, profile, baudRate: port.baudRate, logExecuted: false }).transport
    : new SerialTransport({ path: port.path, baudRate: port.baudRate });
}
