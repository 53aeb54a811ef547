import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { builtFile } from '../core/built-file.js';
import { parseChildLine } from './cura-output.js';
import { toCuraOverrides } from './cura-settings.js';
import type { CuraChildJob } from './cura-wasm-child.js';
import { forwardOnly, runChild, runSliceJob } from './slice-run.js';
import { abortFailure, failed, type Slicer, type SliceOutcome, type SliceRequest } from './slicer.js';

export function curaWasmInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('cura-wasm');
    return true;
  } catch {
    return false;
  }
}

/**
 * The embedded fallback: CuraEngine compiled to WebAssembly (npm `cura-wasm`, AGPL engine), 2–4× slower
 * than a native slicer but needing no system package. Driven by the same library settings as PrusaSlicer.
 */
export class CuraWasmSlicer implements Slicer {
  readonly engine = 'cura-wasm' as const;

  slice(request: SliceRequest): Promise<SliceOutcome> {
    return runSliceJob(request, this.engine, async (partial, work) => {
      const job: CuraChildJob = {
        modelPath: request.modelPath,
        extension: request.modelFormat ?? (extname(request.modelPath).slice(1).toLowerCase() || 'stl'),
        outputPath: partial,
        overrides: toCuraOverrides(request.profile.settings, request.profile.signature, request.rotateZ90),
        filamentDiameterMm: request.profile.settings.filamentDiameterMm,
      };
      const jobPath = join(work, 'job.json');
      await writeFile(jobPath, JSON.stringify(job));
      const progress = forwardOnly(request.onProgress);
      const exit = await runChild(process.execPath, [builtFile(import.meta.url, 'cura-wasm-child.js'), jobPath], request.signal, (line) => {
        const p = parseChildLine(line);
        if (p) progress({ percent: p.progress, stage: 'slicing' });
      });
      const messages = exit.log.split('\n').filter((l) => l.trim() !== '' && !parseChildLine(l)).join('\n');
      if (exit.spawnError) return failed('slicer_failed', `cannot start cura-wasm: ${exit.spawnError.message}`);
      if (request.signal?.aborted) return { ok: false, failure: abortFailure(request.signal, messages) };
      if (exit.code !== 0) return failed('slicer_failed', `cura-wasm failed (exit ${exit.code ?? exit.killedBy})`, messages);
      return { ok: true, log: messages };
    });
  }
}
