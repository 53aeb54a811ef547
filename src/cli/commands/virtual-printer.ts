/**
 * `tulostamo virtual-printer`: the virtual printer behind a pseudo-terminal, so any host (ours through
 * `tulostamo stream`, or another one) can use it as if it were a USB printer. socat makes a pty pair;
 * one end is opened here with the real serial transport and bridged line by line to the virtual
 * printer's own transport, the other end's path is the first stdout line.
 */
import { parseCliArgs } from '../args.js';
import type { CliCommand } from '../main.js';
import { RealClock, type Clock, type TimerHandle } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import { loadProfile } from '../../printer/profiles.js';
import { createPtyPair } from '../../printer/transport/pty-pair.js';
import { SerialTransport } from '../../printer/transport/serial-transport.js';
import { createVirtualPrinterSetup } from '../../printer/virtual/virtual-setup.js';

function numberOption(name: string, value: string | undefined, check: (n: number) => boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || !check(n)) throw new AppError('bad_arguments', `invalid --${name}: ${value}`, 2, { [name]: value });
  return n;
}

/** The virtual printer keeps timers of its own (autoreport, heaters); stopping them lets the process end. */
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

export const command: CliCommand = {
  summary: 'Run the virtual printer on a pseudo-terminal; prints the path to open as the first line.',
  usage: 'tulostamo virtual-printer [--baud N] [--fault-rate P] [--profile NAME] [--time-scale F] [--seed N]',
  async run(args) {
    let cleanup: (() => Promise<void>) | null = null;
    try {
      const { values } = parseCliArgs(args, {
        baud: { type: 'string' }, 'fault-rate': { type: 'string' }, profile: { type: 'string' },
        'time-scale': { type: 'string' }, seed: { type: 'string' },
      }, false);
      const profile = loadProfile(values.profile ?? 'marlin');
      const baudRate = numberOption('baud', values.baud, (n) => Number.isInteger(n) && n > 0) ?? profile.baudRate;
      const faultRate = numberOption('fault-rate', values['fault-rate'], (n) => n >= 0 && n <= 1) ?? 0;
      const timeScale = numberOption('time-scale', values['time-scale'], (n) => n > 0) ?? 1;
      const seed = numberOption('seed', values.seed, Number.isInteger) ?? 1;

      const pair = await createPtyPair();
      const device = new SerialTransport({ path: pair.paths[0], baudRate });
      const clock = new StoppableClock(new RealClock(timeScale));
      const vp = createVirtualPrinterSetup({ clock, profile, baudRate, faults: { corruptLineRate: faultRate, seed } });
      cleanup = async () => {
        await vp.transport.close();
        clock.stop();
        await device.close();
        await pair.close();
      };
      await device.open();
      // What the far host writes goes onto the virtual wire; what the printer answers goes back out.
      device.on('line', (line) => vp.transport.write(`${line}\n`));
      vp.transport.on('line', (line) => device.write(`${line}\n`));
      await vp.transport.open();

      console.log(pair.paths[1]);
      console.error(`virtual ${profile.name} printer at ${baudRate} baud (time scale ${timeScale}, fault rate ${faultRate}); Ctrl-C to stop`);
      const reason = await new Promise<string>((resolve) => {
        process.once('SIGTERM', () => resolve('SIGTERM'));
        process.once('SIGINT', () => resolve('SIGINT'));
        device.on('disconnected', (why) => resolve(`the pseudo-terminal went away: ${why}`));
        pair.process.once('exit', () => resolve('socat exited'));
      });
      console.error(`virtual printer stopping: ${reason}`);
      return 0;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      console.error(`tulostamo virtual-printer: ${err.message} (${err.code})`);
      return err.code === 'bad_arguments' ? 2 : 1;
    } finally {
      await cleanup?.();
    }
  },
};
