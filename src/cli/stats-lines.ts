/**
 * `--stats-every-ms N`: a command prints one `stats {json}` line on stdout every N ms, so an operator
 * (or the API benchmark, which runs the daemon and the virtual printer as child processes) can follow
 * a process's own figures without attaching a debugger.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { numberOption } from './args.js';

export const STATS_LINE_PREFIX = 'stats ';

/** Parses the option; undefined when absent. */
export function statsEveryMsFrom(value: string | undefined): number | undefined {
  return numberOption('stats-every-ms', value, (everyMs) => Number.isInteger(everyMs) && everyMs >= 10);
}

/** Starts the lines; returns the function that stops them. */
export function startStatsLines(everyMs: number | undefined, sample: () => Record<string, unknown>): () => void {
  if (everyMs === undefined) return () => {};
  // The reader may take the line late (a busy pipe): the time it was taken travels with it.
  const timer = setInterval(() => process.stdout.write(`${STATS_LINE_PREFIX}${JSON.stringify({ atMs: Date.now(), ...sample() })}\n`), everyMs);
  // The lines report on the process; they must not be what keeps it alive.
  timer.unref();
  return () => clearInterval(timer);
}

const MB = 1024 * 1024;
const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * This process's memory, split the way V8 accounts for it (RSS = heap + external buffers + code and
 * native allocations), and the most its event loop ran late since the previous sample.
 */
export function processFigures(): () => Record<string, number> {
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  return () => {
    const m = process.memoryUsage();
    const figures = {
      rssMb: round1(m.rss / MB), heapTotalMb: round1(m.heapTotal / MB), heapUsedMb: round1(m.heapUsed / MB),
      externalMb: round1(m.external / MB), arrayBuffersMb: round1(m.arrayBuffers / MB),
      // The histogram counts from the sampling resolution up: subtract it to get the lateness alone.
      loopDelayMaxMs: round1(Math.max(0, loopDelay.max / 1e6 - 10)),
    };
    loopDelay.reset();
    return figures;
  };
}
