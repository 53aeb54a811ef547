import { symlink, writeFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { classifyPrusaFailure, parsePrusaProgress, prusaMessages } from './prusaslicer-output.js';
import { toPrusaSlicerIni } from './prusaslicer-config.js';
import { forwardOnly, runChild, runSliceJob } from './slice-run.js';
import { abortFailure, failed } from './slicer.js';
const MODEL_EXTENSIONS = new Set(['.stl', '.3mf', '.obj']);
/** PrusaSlicer's headless CLI in a child process, with the library profile written as a flat ini. */
export class PrusaSlicerCli {
    binary;
    engine = 'prusaslicer';
    constructor(binary = 'prusa-slicer') {
        this.binary = binary;
    }
    slice(request) {
        return runSliceJob(request, this.engine, async (partial, work) => {
            const ini = join(work, 'profile.ini');
            await writeFile(ini, toPrusaSlicerIni(request.profile.settings, request.profile.signature));
            const model = await modelWithExtension(request, work);
            const progress = forwardOnly(request.onProgress);
            const args = ['--export-gcode', '--loglevel', '1', '--load', ini, ...(request.rotateZ90 ? ['--rotate', '90'] : []), '-o', partial, model];
            const exit = await runChild(this.binary, args, request.signal, (line) => {
                const p = parsePrusaProgress(line);
                if (p)
                    progress(p);
            });
            const messages = prusaMessages(exit.log);
            if (exit.spawnError) {
                return failed(exit.spawnError.code === 'ENOENT' ? 'no_slicer_available' : 'slicer_failed', `cannot run ${this.binary}: ${exit.spawnError.message}`);
            }
            if (request.signal?.aborted)
                return { ok: false, failure: abortFailure(request.signal, messages) };
            if (exit.code === 0 && !exit.killedBy)
                return { ok: true, log: messages };
            const { code, message } = classifyPrusaFailure(exit.log);
            return failed(code, `${message} (exit ${exit.code ?? exit.killedBy})`, messages);
        });
    }
}
/** PrusaSlicer picks its loader by extension; uploads are stored under names without one. */
async function modelWithExtension(request, work) {
    if (MODEL_EXTENSIONS.has(extname(request.modelPath).toLowerCase()))
        return request.modelPath;
    const link = join(work, `model.${request.modelFormat ?? 'stl'}`);
    await symlink(resolve(request.modelPath), link);
    return link;
}
//# sourceMappingURL=prusaslicer-cli.js.map