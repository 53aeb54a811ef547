/**
 * The virtual printer behind a pseudo-terminal, so any host can use it as if it were a USB printer:
 * socat makes a pty pair, one end is opened with the real serial transport and bridged line by line
 * to the virtual printer's own transport, and the other end is what the host opens. Used by
 * `tulostamo virtual-printer` and by the pty integration tests.
 */
import { RealClock, type Clock, type TimerHandle } from '../core/clock.js';
import type { FirmwareProfile } from './profile-types.js';
import { createPtyPair } from './transport/pty-pair.js';
import { SerialTransport } from './transport/serial-transport.js';
import type { FaultOptions } from './virtual/fault-injector.js';
import { createVirtualPrinterSetup, type VirtualPrinterSetup } from './virtual/virtual-setup.js';

export interface VirtualPrinterOnPtyOptions {
  profile: FirmwareProfile;
  baudRate?: number;
  faults?: Partial<FaultOptions>;
  /** With 100, the printer's time (wire, moves, heaters) runs a hundred times faster than the wall. */
  timeScale?: number;
}

export interface VirtualPrinterOnPty {
  /** The path a host opens. */
  hostPath: string;
  setup: VirtualPrinterSetup;
  /** Resolves with a reason when the pty goes away under the printer (socat killed, end closed). */
  gone: Promise<string>;
  stop(): Promise<void>;
}

/** The virtual printer keeps timers of its own (autoreport, heaters); stopping them lets a process end. */
class StoppableClock implements Clock {
  private readonly live = new Set<TimerHandle>();
  constructor(private readonly inner: Clock) {}
  nowMs(): number { return this.inner.nowMs(); }
  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const handle: TimerHandle = this.inner.setTimer(delayMs, () => { this.live.delete(handle); fn(); });
    this.live.add(handle);
    return handle;
  }
  clearTimer(handle: TimerHandle | null | undefined): void {
    if (handle) this.live.delete(handle);
    this.inner.clearTimer(handle);
  }
  stop(): void {
    for (const h of this.live) this.inner.clearTimer(h);
    this.live.clear();
  }
}

export async function startVirtualPrinterOnPty(opts: VirtualPrinterOnPtyOptions): Promise<VirtualPrinterOnPty> {
  const baudRate = opts.baudRate ?? opts.profile.baudRate;
  const pair = await createPtyPair();
  const device = new SerialTransport({ path: pair.paths[0], baudRate });
  const clock = new StoppableClock(new RealClock(opts.timeScale ?? 1));
  const setup = createVirtualPrinterSetup({ clock, profile: opts.profile, baudRate, faults: opts.faults });
  const stop = async () => {
    await setup.transport.close();
    clock.stop();
    await device.close();
    await pair.close();
  };
  try {
    await device.open();
  } catch (err) {
    await pair.close();
    throw err;
  }
  const gone = new Promise<string>((resolve) => {
    device.on('disconnected', (why) => resolve(`the pseudo-terminal went away: ${why}`));
    pair.process.once('exit', () => resolve('socat exited'));
  });
  // What the far host writes goes onto the virtual wire; what the printer answers goes back out.
  device.on('line', (line) => { if (setup.transport.isOpen()) setup.transport.write(`${line}\n`); });
  setup.transport.on('line', (line) => device.write(`${line}\n`));
  await setup.transport.open();
  return { hostPath: pair.paths[1], setup, gone, stop };
}
