import { spawn } from 'node:child_process';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { findExecutable } from '../core/find-executable.js';
import { BACKGROUND_NICE, trySetNice } from '../core/process-priority.js';
import { abortFailure, type SlicerEngine, type SliceOutcome, type SliceProgress, type SliceRefused, type SliceRequest } from './slicer.js';
import { verifySlicedGcode } from './verify-output.js';

const LOG_LIMIT_CHARS = 64 * 1024;
const KILL_GRACE_MS = 2000;

/**
 * The part every engine shares: a private temp directory, G-code written to a `.partial.gcode` beside
 * the target, the output checked, and only then renamed into place, so a failed or cancelled slice
 * never leaves a half file where the queue looks.
 */
export async function runSliceJob(
  request: SliceRequest, engine: SlicerEngine,
  produce: (partialPath: string, workDir: string) => Promise<{ ok: true; log: string } | SliceRefused>,
): Promise<SliceOutcome> {
  if (request.signal?.aborted) return { ok: false, failure: abortFailure(request.signal, '') };
  const work = await mkdtemp(join(tmpdir(), 'tulostamo-slice-'));
  const partial = `${request.outputPath}.partial.gcode`;
  // The log is shown to the job's owner too: it names files, never where the daemon keeps them.
  const hidePaths = (log: string) => [work, dirname(partial), dirname(resolve(request.modelPath))]
    .reduce((text, dir) => text.replaceAll(`${dir}/`, ''), log);
  try {
    const produced = await produce(partial, work);
    if (!produced.ok) return { ok: false, failure: { ...produced.failure, slicerLog: hidePaths(produced.failure.slicerLog) } };
    const verdict = await verifySlicedGcode(partial, request, hidePaths(produced.log));
    if (!verdict.ok) return verdict;
    await rename(partial, request.outputPath);
    return { ok: true, value: { ...verdict.value, engine, outputPath: request.outputPath } };
  } finally {
    await rm(partial, { force: true });
    await rm(work, { recursive: true, force: true });
  }
}

/** Progress that only moves forward: engines report stages out of order (PrusaSlicer: 70 before 30). */
export function forwardOnly(onProgress: ((p: SliceProgress) => void) | undefined): (p: SliceProgress) => void {
  let best = -1;
  return (p) => {
    if (p.percent <= best) return;
    best = p.percent;
    onProgress?.(p);
  };
}

export interface ChildExit {
  /** The spawn itself failed (ENOENT: the engine is not installed). */
  spawnError: NodeJS.ErrnoException | null;
  code: number | null;
  killedBy: NodeJS.Signals | null;
  /** The last 64 KiB of stdout and stderr interleaved. */
  log: string;
}

/**
 * util-linux's setpriv: the engine is killed when the daemon dies (kill -9, a crash). An orphaned slicer
 * went on for a minute beside the restarted daemon's own slice, and wrote its output after the start-up
 * sweep had cleaned up. Without setpriv (not Linux), engines run as they are.
 */
const DIE_WITH_PARENT = ['setpriv', '--pdeathsig', 'KILL'];
const dieWithParent = wrapperIfInstalled(DIE_WITH_PARENT);

/**
 * A command line that wraps an engine (`setpriv …`, `stdbuf …`) when its program is installed, else
 * nothing; looked up on first use, once per process.
 */
export function wrapperIfInstalled(wrapper: readonly string[]): () => Promise<string[]> {
  let found: Promise<string[]> | null = null;
  return () => (found ??= findExecutable(wrapper[0]!).then((path) => (path ? [...wrapper] : [])));
}

/** Runs an engine process headless; an abort sends SIGTERM, then SIGKILL if it lingers. */
export async function runChild(command: string, args: string[], signal: AbortSignal | undefined, onLine: (line: string) => void): Promise<ChildExit> {
  const [program, ...programArgs] = [...await dieWithParent(), command, ...args];
  // Cancelled before it could start (while the model was prepared): nothing runs.
  if (signal?.aborted) return { spawnError: null, code: null, killedBy: 'SIGTERM', log: '' };
  return new Promise((done) => {
    const env = { ...process.env };
    // Headless: with a desktop session's DISPLAY, PrusaSlicer tries to open its GUI toolkit.
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const child = spawn(program, programArgs, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    trySetNice(child.pid, BACKGROUND_NICE);
    let log = '';
    let carry = '';
    const keep = (text: string) => { log = (log + text).slice(-LOG_LIMIT_CHARS); };
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      keep(text);
      const lines = (carry + text).split('\n');
      carry = lines.pop() ?? '';
      lines.forEach(onLine);
    });
    child.stderr.on('data', keep);
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    let spawnError: NodeJS.ErrnoException | null = null;
    child.once('error', (err) => { spawnError = err; });
    child.once('close', (code, killedBy) => {
      clearTimeout(killTimer);
      signal?.removeEventListener('abort', onAbort);
      if (carry) onLine(carry);
      done({ spawnError, code, killedBy, log });
    });
  });
}
