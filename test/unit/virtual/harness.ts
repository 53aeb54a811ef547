/** Test bench for the virtual printer: a SimClock, a profile from /firmware-profiles, and framed lines. */
import { SimClock } from '../../../src/core/clock.js';
import { loadProfile } from '../../../src/printer/profiles.js';
import type { FirmwareProfile } from '../../../src/printer/profile-types.js';
import { createVirtualPrinterSetup, type VirtualPrinterSetupOptions } from '../../../src/printer/virtual/virtual-setup.js';

/** The host's framing (`N<n> <cmd>*<cs>`), from the sender's own module. */
export { frame as framed } from '../../../src/printer/protocol/gcode-line.js';

export function profileFor(name: string, dialect: Partial<FirmwareProfile['dialect']> = {}, firmware?: FirmwareProfile['firmware']): FirmwareProfile {
  const base = loadProfile(name);
  return { ...base, firmware: firmware ?? base.firmware, dialect: { ...base.dialect, ...dialect } };
}

export type BenchOptions = Omit<VirtualPrinterSetupOptions, 'clock' | 'profile'> & { profile?: FirmwareProfile };

/** An opened virtual printer with every received line recorded (banner already drained). */
export async function openBench(options: BenchOptions = {}) {
  const clock = new SimClock();
  const setup = createVirtualPrinterSetup({ ...options, clock, profile: options.profile ?? profileFor('marlin') });
  const received: string[] = [];
  const timed: Array<{ atMs: number; line: string }> = [];
  setup.transport.on('line', (line) => {
    received.push(line);
    timed.push({ atMs: clock.nowMs(), line });
  });
  await setup.transport.open();
  clock.run();
  received.length = 0;
  timed.length = 0;
  const send = (...lines: string[]) => { for (const l of lines) setup.transport.write(`${l}\n`); };
  /** Arrival time of the first received line matching `re`. */
  const firstAt = (re: RegExp) => timed.find((t) => re.test(t.line))?.atMs;
  return { clock, ...setup, received, timed, send, firstAt };
}
