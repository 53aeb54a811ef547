import { symlink, writeFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { MeshRefusal } from '../analysis/mesh/index.js';
import type { threeMfToStl } from '../analysis/mesh/threemf-to-stl.js';
import { builtFile } from '../core/built-file.js';
import { findExecutable } from '../core/find-executable.js';
import { classifyPrusaFailure, parsePrusaProgress, prusaMessages } from './prusaslicer-output.js';
import { toPrusaSlicerIni } from './prusaslicer-config.js';
import { stlForPrusaSlicer } from './prusaslicer-stl.js';
import { forwardOnly, runChild, runSliceJob, wrapperIfInstalled } from './slice-run.js';
import { abortFailure, failed, type Slicer, type SliceOutcome, type SliceRequest } from './slicer.js';

const MODEL_EXTENSIONS = new Set(['.stl', '.3mf', '.obj']);
type Converted = Awaited<ReturnType<typeof threeMfToStl>>;
/**
 * coreutils' stdbuf: PrusaSlicer's stdout to a pipe is block-buffered, so without it every progress line
 * arrived at the very end of the slice; line-buffered, each arrives as its stage begins.
 */
const lineBuffered = wrapperIfInstalled(['stdbuf', '-oL']);

/** PrusaSlicer's headless CLI in a child process, with the library profile written as a flat ini. */
export class PrusaSlicerCli implements Slicer {
  readonly engine = 'prusaslicer' as const;

  constructor(private readonly binary = 'prusa-slicer') {}

  slice(request: SliceRequest): Promise<SliceOutcome> {
    return runSliceJob(request, this.engine, async (partial, work) => {
      // Asked first: behind stdbuf, a missing slicer would be stdbuf's failure, not a spawn error.
      if (await findExecutable(this.binary) === null) return failed('no_slicer_available', `cannot run ${this.binary}: not installed`);
      const ini = join(work, 'profile.ini');
      await writeFile(ini, toPrusaSlicerIni(request.profile.settings, request.profile.signature));
      const model = await modelForSlicer(request, work);
      if (request.signal?.aborted) return { ok: false, failure: abortFailure(request.signal, '') };
      // The mesh check read this file already: a refusal here means it changed or broke since.
      if (typeof model !== 'string') return failed('model_unreadable', `${model.code}: ${model.message}`);
      const progress = forwardOnly(request.onProgress);
      const args = ['--export-gcode', '--loglevel', '1', '--load', ini, ...(request.rotateZ90 ? ['--rotate', '90'] : []), '-o', partial, model];
      const [command, ...commandArgs] = [...await lineBuffered(), this.binary, ...args];
      const exit = await runChild(command, commandArgs, request.signal, (line) => {
        const p = parsePrusaProgress(line);
        if (p) progress(p);
      });
      const messages = prusaMessages(exit.log);
      if (exit.spawnError) {
        return failed(exit.spawnError.code === 'ENOENT' ? 'no_slicer_available' : 'slicer_failed', `cannot run ${this.binary}: ${exit.spawnError.message}`);
      }
      if (request.signal?.aborted) return { ok: false, failure: abortFailure(request.signal, messages) };
      if (exit.code === 0 && !exit.killedBy) return { ok: true, log: messages };
      const { code, message } = classifyPrusaFailure(exit.log);
      return failed(code, `${message} (exit ${exit.code ?? exit.killedBy})`, messages);
    });
  }
}

/**
 * The model as PrusaSlicer is handed it. A 3MF becomes a binary STL of its printed geometry: the
 * patron's 3MF could carry PrusaSlicer settings of its own (threemf-to-stl.ts). A binary STL that
 * PrusaSlicer would take for ASCII becomes a marked copy (prusaslicer-stl.ts). Otherwise the file,
 * by an absolute path (a name starting with `-` would read as an option), with an extension
 * PrusaSlicer picks its loader by (uploads are stored without one).
 */
async function modelForSlicer(request: SliceRequest, work: string): Promise<string | MeshRefusal> {
  const extension = extname(request.modelPath).toLowerCase();
  const format = MODEL_EXTENSIONS.has(extension) ? extension.slice(1) : request.modelFormat ?? 'stl';
  if (format === '3mf') {
    const stl = join(work, 'model.stl');
    const result: { converted?: Converted } = {};
    const exit = await runChild(process.execPath, [builtFile(import.meta.url, 'threemf-to-stl-child.js'), resolve(request.modelPath), stl],
      request.signal, (line) => { try { result.converted = JSON.parse(line) as Converted; } catch { /* not the outcome line */ } });
    const { converted } = result;
    if (!converted) {
      return { code: 'file_unreadable', message: `the 3MF could not be converted (exit ${exit.code ?? exit.killedBy}): ${exit.log.trim().split('\n').at(-1) ?? ''}`, params: {} };
    }
    return converted.ok ? stlForPrusaSlicer(stl, work, true) : converted.refusal;
  }
  if (format === 'stl') {
    const readable = await stlForPrusaSlicer(request.modelPath, work);
    if (readable !== request.modelPath) return readable;
  }
  if (MODEL_EXTENSIONS.has(extension)) return resolve(request.modelPath);
  const link = join(work, `model.${format}`);
  await symlink(resolve(request.modelPath), link);
  return link;
}
