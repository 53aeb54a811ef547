/**
 * `tulostamo virtual-printer`: the virtual printer on a pseudo-terminal, for trying a host (ours through
 * `tulostamo stream`, or another one) without hardware. The first stdout line is the path to open.
 */
import { numberOption, parseCliArgs } from '../args.js';
import type { CliCommand } from '../main.js';
import { AppError } from '../../core/errors.js';
import { loadProfile } from '../../printer/profiles.js';
import { startVirtualPrinterOnPty, type VirtualPrinterOnPty } from '../../printer/virtual-on-pty.js';
import { processFigures, startStatsLines, statsEveryMsFrom } from '../stats-lines.js';

export const command: CliCommand = {
  summary: 'Run the virtual printer on a pseudo-terminal; prints the path to open as the first line.',
  usage: 'tulostamo virtual-printer [--baud N] [--fault-rate P] [--profile NAME] [--time-scale F] [--seed N] [--stats-every-ms N]',
  async run(args) {
    let running: VirtualPrinterOnPty | null = null;
    try {
      const { values } = parseCliArgs(args, {
        baud: { type: 'string' }, 'fault-rate': { type: 'string' }, profile: { type: 'string' },
        'time-scale': { type: 'string' }, seed: { type: 'string' }, 'stats-every-ms': { type: 'string' },
      }, false);
      const statsEveryMs = statsEveryMsFrom(values['stats-every-ms']);
      const profile = loadProfile(values.profile ?? 'marlin');
      const baudRate = numberOption('baud', values.baud, (n) => Number.isInteger(n) && n > 0) ?? profile.baudRate;
      const faultRate = numberOption('fault-rate', values['fault-rate'], (n) => n >= 0 && n <= 1) ?? 0;
      const timeScale = numberOption('time-scale', values['time-scale'], (n) => n > 0) ?? 1;
      const seed = numberOption('seed', values.seed, Number.isInteger) ?? 1;

      running = await startVirtualPrinterOnPty({ profile, baudRate, timeScale, faults: { corruptLineRate: faultRate, seed } });
      console.log(running.hostPath);
      // Counters since start (lines, planner underruns, starved ms): a reader takes differences.
      const printer = running.setup.printer;
      const figures = processFigures();
      const stopStats = startStatsLines(statsEveryMs, () => ({ ...printer.stats(), ...figures() }));
      console.error(`virtual ${profile.name} printer at ${baudRate} baud (time scale ${timeScale}, fault rate ${faultRate}); Ctrl-C to stop`);
      const reason = await Promise.race([
        running.gone,
        new Promise<string>((resolve) => {
          process.once('SIGTERM', () => resolve('SIGTERM'));
          process.once('SIGINT', () => resolve('SIGINT'));
        }),
      ]);
      stopStats();
      console.error(`virtual printer stopping: ${reason}`);
      return 0;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      console.error(`tulostamo virtual-printer: ${err.message} (${err.code})`);
      return err.code === 'bad_arguments' ? 2 : 1;
    } finally {
      await running?.stop();
    }
  },
};
