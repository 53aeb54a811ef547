/**
 * The file benchmarks measure each run in a child process of its own, so one run's heap and peak RSS
 * never colour the next: the child prints its figures as JSON, the parent collects them.
 */
import { spawnSync } from 'node:child_process';

export interface RunFigures { seconds: number; cpuSeconds: number; bytes: number; peakRssMb: number; [extra: string]: unknown }

export interface RunMeter { finish(bytes: number, extra?: Record<string, unknown>): RunFigures }

/** Starts the clock and the CPU meter of one run, in the child. */
export function startRun(): RunMeter {
  const started = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  return {
    finish(bytes, extra = {}) {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const cpu = process.cpuUsage(cpuStart);
      return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, bytes, peakRssMb: process.resourceUsage().maxRSS / 1024, ...extra };
    },
  };
}

/** Runs `script --child mode file` and returns the figures it printed. */
export function measureInChild<T extends RunFigures>(script: string, mode: string, file: string): T {
  const r = spawnSync(process.execPath, [script, '--child', mode, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${mode} run failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
