/**
 * Drives the real CLI as child processes, for the API benchmark and the crash test: `user add` to
 * bootstrap accounts, `serve` as the daemon under test (its "listening on" line gives the port),
 * `virtual-printer` as a printer outside the daemon's process (its first line gives the pty path).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { STATS_LINE_PREFIX } from '../cli/stats-lines.js';
import { LINK_NICE, trySetNice } from '../core/process-priority.js';

const ROOT = new URL('../../', import.meta.url).pathname;
export const BIN = join(ROOT, 'bin/tulostamo.js');

/**
 * The Node flags of `npm start` (`node --max-semi-space-size=2 bin/tulostamo.js serve`), read from
 * package.json so that what the benchmark and the crash test run is what the library runs.
 */
export function startScriptNodeFlags(): string[] {
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const words = start.trim().split(/\s+/);
  const bin = words.indexOf('bin/tulostamo.js');
  if (words[0] !== 'node' || bin < 0) throw new Error(`npm start is not "node [flags] bin/tulostamo.js …": ${start}`);
  return words.slice(1, bin);
}

/** Calls `onStats` with each `stats {json}` line the child prints (its --stats-every-ms output). */
function followStatsLines(child: ChildProcess, onStats: (stats: Record<string, number>) => void): void {
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith(STATS_LINE_PREFIX)) onStats(JSON.parse(line.slice(STATS_LINE_PREFIX.length)) as Record<string, number>);
  });
}

/** Creates an account with `tulostamo user add … --api-key` and returns the API key (its last output line). */
export function addUserViaCli(dataDir: string, role: 'patron' | 'instructor' | 'staff', username: string): string {
  const r = spawnSync(process.execPath, [BIN, 'user', 'add', '--role', role, '--username', username, '--password-stdin', '--api-key', '--data', dataDir],
    { input: role === 'patron' ? '1234\n' : 'salasana-123\n', encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`user add failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').at(-1)!;
}

/** Starts `tulostamo serve <args>` with the flags of `npm start` and resolves once it listens, with the URL of its port. */
export async function spawnDaemon(args: string[], env: NodeJS.ProcessEnv = process.env, onStats?: (stats: Record<string, number>) => void): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...startScriptNodeFlags(), BIN, 'serve', ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  if (onStats) followStatsLines(child, onStats);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
    child.once('exit', (code, signal) => reject(new Error(`daemon exited (${code ?? signal}) before listening: ${out}`)));
  });
  return { child, url };
}

/** Starts `tulostamo virtual-printer` (its own process, on a pty) and resolves with the path a host opens. */
export async function spawnVirtualPrinter(args: string[] = [], onStats?: (stats: Record<string, number>) => void): Promise<{ child: ChildProcess; hostPath: string; printerNice: number }> {
  const child = spawn(process.execPath, [BIN, 'virtual-printer', ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  if (onStats) followStatsLines(child, onStats);
  const hostPath = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.once('exit', (code, signal) => reject(new Error(`virtual printer exited (${code ?? signal}) before giving its path: ${out}`)));
  });
  return { child, hostPath, printerNice: reniceWithChildren(child.pid!, LINK_NICE) ? LINK_NICE : 0 };
}

/**
 * The virtual printer and its socat stand for the printer's own microcontroller and USB wire, which
 * never wait for the daemon's CPU. Where raising their priority is allowed (root), they run at the
 * link's priority so the benchmark measures the host, not a printer starved by its own load.
 */
function reniceWithChildren(pid: number, nice: number): boolean {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // No /proc: only the printer process itself.
  }
  return [pid, ...children].every((p) => trySetNice(p, nice));
}
