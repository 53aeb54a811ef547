/**
 * A slicer or an analysis must not outlive the daemon (kill -9, a crash): the restarted daemon runs its
 * own, and an orphan would slice on beside it and write its output after the start-up sweep. Real
 * processes: the built slice runner in a Node process we kill, the built analysis child forked here.
 */
import { execFileSync, fork, spawn } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findMaterial, loadMaterials } from '../../../src/analysis/materials.js';
import { loadProfile } from '../../../src/printer/profiles.js';
import { waitFor } from '../http/harness.js';

const DIST = resolve('dist');

/** Pids whose command line is exactly `words`. */
function processesRunning(words: string[]): number[] {
  const wanted = `${words.join('\0')}\0`;
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((pid) => {
    try { return readFileSync(`/proc/${pid}/cmdline`, 'latin1') === wanted; } catch { return false; }
  }).map(Number);
}

describe('engines and analyses die with the daemon', () => {
  it('a slicing engine is killed when the process that ran it is killed with SIGKILL', async () => {
    const engine = ['sleep', `${40 + Math.floor(Math.random() * 1000) / 1000}`];
    const daemon = spawn(process.execPath, ['--input-type=module', '-e',
      `const { runChild } = await import(${JSON.stringify(`${DIST}/slicing/slice-run.js`)}); await runChild(${JSON.stringify(engine[0])}, [${JSON.stringify(engine[1])}], undefined, () => {});`],
    { stdio: 'ignore' });
    await waitFor(async () => processesRunning(engine).length, (n) => n === 1, 10_000);
    daemon.kill('SIGKILL');
    await waitFor(async () => processesRunning(engine).length, (n) => n === 0, 5_000);
  }, 20_000);

  it('an analysis child whose daemon is gone stops mid-analysis instead of finishing for nobody', async () => {
    // A named pipe nobody writes to: the analysis waits on it for ever.
    const dir = mkdtempSync(join(tmpdir(), 'orphan-analysis-'));
    const path = join(dir, 'stuck.gcode');
    execFileSync('mkfifo', [path]);
    const child = fork(`${DIST}/analysis/analysis-child.js`, [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], serialization: 'advanced' });
    const exited = new Promise<string>((r) => child.once('exit', (code, signal) => r(`${code ?? signal}`)));
    const materials = loadMaterials();
    child.send({ path, options: { profile: loadProfile('ender3'), material: findMaterial(materials, 'PLA'), pricing: materials }, previewPng: false });
    // Once the child reads the pipe, a writer can open it without blocking; this one never writes, so the
    // analysis waits on it (a fixed pause was too short under load: the child had not started reading).
    const writer = await waitFor(() => {
      try { return openSync(path, constants.O_WRONLY | constants.O_NONBLOCK); } catch { return null; }
    }, (fd) => fd !== null);
    child.disconnect();
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), 5_000))]);
    if (code === 'still running') child.kill('SIGKILL');
    closeSync(writer!);
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe('SIGKILL');
  }, 20_000);
});
