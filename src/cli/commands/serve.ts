/**
 * `tulostamo serve`: the daemon. With no printer in the config it drives the built-in virtual printer,
 * so a workshop or a demo needs no hardware. SIGTERM/SIGINT stop it cleanly (printers disconnected,
 * database closed) before the process exits.
 */
import { parseCliArgs } from '../args.js';
import type { CliCommand } from '../main.js';
import { loadConfig } from '../../config/config.js';
import { AppError } from '../../core/errors.js';
import { createApp } from '../../app.js';
import { processFigures, startStatsLines, statsEveryMsFrom } from '../stats-lines.js';

function portFrom(value: string | undefined): number | undefined {
  const raw = value ?? process.env.TULOSTAMO_PORT;
  if (raw === undefined) return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('bad_arguments', `invalid port: ${raw}`, 2, { port: raw });
  return port;
}

export const command: CliCommand = {
  summary: 'Run the daemon: HTTP API, live updates, queue and printers.',
  usage: 'tulostamo serve [--data DIR] [--port N] [--config FILE] [--stats-every-ms N]   (env: TULOSTAMO_DATA, TULOSTAMO_PORT)',
  async run(args) {
    const { values } = parseCliArgs(args, {
      data: { type: 'string' }, port: { type: 'string' }, config: { type: 'string' }, 'stats-every-ms': { type: 'string' },
    }, false);
    const statsEveryMs = statsEveryMsFrom(values['stats-every-ms']);
    // --data and TULOSTAMO_DATA outrank the config file, which outranks the default.
    const config = loadConfig(values.config, {
      dataDir: values.data ?? process.env.TULOSTAMO_DATA,
      port: portFrom(values.port),
    });
    const app = await createApp({ config });
    const { port } = await app.start();
    console.log(`tulostamo: listening on http://${config.host}:${port} (data: ${config.dataDir})`);
    const figures = processFigures();
    // Analysis runs in child processes: their memory is reported beside the daemon's, not hidden.
    const stopStats = startStatsLines(statsEveryMs, () => ({ ...figures(), analysisRuns: app.analyzer.stats.runs, analysisPeakRssMb: app.analyzer.stats.peakRssMb }));
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        console.log(`tulostamo: ${signal}, stopping`);
        resolve();
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
    stopStats();
    await app.stop();
    return 0;
  },
};
