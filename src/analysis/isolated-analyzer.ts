/**
 * analyzeFile in a child process with a memory cap and a time limit. The daemon's RSS then does not
 * carry each analysis's working set (a 20 MB G-code or a 1 M-triangle STL), and a hostile file that
 * would take hours or gigabytes costs one killed child and a refusal with a reason code, never the
 * daemon and the print it is streaming.
 */
import { fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { builtFile } from '../core/built-file.js';
import type { AnalysisChildReply, AnalysisChildRequest } from './analysis-child.js';
import type { AnalyzeFileOptions, AnalyzeOutcome } from './analyze-file.js';
import { BACKGROUND_NICE, trySetNice } from '../core/process-priority.js';

export interface AnalysisLimits {
  /** The child is killed when its resident memory passes this; V8's heap is capped to it as well. */
  memoryCapMb: number;
  timeoutMs: number;
}

export interface IsolatedAnalysisOptions {
  /** Also draw a model's preview in the child (see analysis-child.ts). */
  previewPng?: boolean;
}

/** The analysis, and the model's preview PNG when one was asked for and could be drawn. */
export type IsolatedOutcome = AnalyzeOutcome & { previewPng?: Uint8Array };

export interface IsolatedAnalysisStats {
  runs: number;
  /** Highest resident memory of any analysis child so far (its own high-water mark, or the last reading before a kill). */
  peakRssMb: number;
}

/** Often enough that a child allocating fast is caught near the cap, rarely enough to cost nothing. */
const RSS_POLL_MS = 50;
const STDERR_KEEP_CHARS = 4096;

type KillReason = 'analysis_timeout' | 'analysis_memory_exceeded' | 'analysis_cancelled';

async function residentMb(pid: number): Promise<number> {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    // Gone already, or no /proc (not Linux): the V8 heap cap still holds.
    return 0;
  }
}

function refusal(code: string, message: string, params: Record<string, unknown>): AnalyzeOutcome {
  return { ok: false, code, message, params };
}

export class IsolatedAnalyzer {
  readonly stats: IsolatedAnalysisStats = { runs: 0, peakRssMb: 0 };

  constructor(private readonly limits: AnalysisLimits) {}

  /** Never rejects: a child that dies, overruns or is cancelled comes back as a refusal with a reason code. */
  analyze(path: string, options: AnalyzeFileOptions, signal?: AbortSignal, extra: IsolatedAnalysisOptions = {}): Promise<IsolatedOutcome> {
    const { memoryCapMb, timeoutMs } = this.limits;
    this.stats.runs++;
    return new Promise((resolve) => {
      const child = fork(builtFile(import.meta.url, 'analysis-child.js'), [], {
        execArgv: [`--max-old-space-size=${memoryCapMb}`], serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      trySetNice(child.pid, BACKGROUND_NICE);
      let reply: AnalysisChildReply | null = null;
      let killedFor: KillReason | null = null;
      let lastRssMb = 0;
      let stderr = '';
      let spawnError: Error | null = null;
      const kill = (reason: KillReason) => {
        if (killedFor || reply) return;
        killedFor = reason;
        child.kill('SIGKILL');
      };
      const timer = setTimeout(() => kill('analysis_timeout'), timeoutMs);
      const watch = setInterval(() => {
        void residentMb(child.pid ?? 0).then((mb) => {
          lastRssMb = Math.max(lastRssMb, mb);
          if (mb > memoryCapMb) kill('analysis_memory_exceeded');
        });
      }, RSS_POLL_MS);
      const onAbort = () => kill('analysis_cancelled');
      signal?.addEventListener('abort', onAbort, { once: true });
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (text: string) => { stderr = (stderr + text).slice(-STDERR_KEEP_CHARS); });
      child.on('message', (m) => { reply = m as AnalysisChildReply; });
      child.once('error', (err) => { spawnError = err; });
      child.once('close', (exitCode, exitSignal) => {
        clearTimeout(timer);
        clearInterval(watch);
        signal?.removeEventListener('abort', onAbort);
        const done = reply as AnalysisChildReply | null;
        this.stats.peakRssMb = Math.max(this.stats.peakRssMb, done?.peakRssMb ?? lastRssMb);
        if (done) { resolve(done.previewPng ? { ...done.outcome, previewPng: done.previewPng } : done.outcome); return; }
        // V8 gives up with "JavaScript heap out of memory" (SIGABRT) when the heap cap is reached first.
        const reason = killedFor ?? (/heap out of memory/i.test(stderr) ? 'analysis_memory_exceeded' : null);
        if (reason === 'analysis_timeout') resolve(refusal(reason, `analysis took longer than ${timeoutMs} ms`, { timeoutMs }));
        else if (reason === 'analysis_memory_exceeded') resolve(refusal(reason, `analysis needed more than ${memoryCapMb} MB`, { memoryCapMb }));
        else if (reason === 'analysis_cancelled') resolve(refusal(reason, 'analysis was cancelled', {}));
        else resolve(refusal('analysis_failed', `the analysis process failed (${spawnError?.message ?? exitSignal ?? `exit ${exitCode}`}): ${stderr.trim().split('\n').at(-1) ?? ''}`, {}));
      });
      child.send({ path, options, previewPng: extra.previewPng ?? false } satisfies AnalysisChildRequest);
    });
  }
}
