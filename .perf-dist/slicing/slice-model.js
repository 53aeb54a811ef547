import { analyzeModelFile } from '../analysis/mesh/index.js';
import { selectSlicer } from './engine-select.js';
import { loadSlicingProfile } from './slicer-profiles.js';
import { failed } from './slicer.js';
const FORMAT_OF = { stl_binary: 'stl', stl_ascii: 'stl', '3mf': '3mf', obj: 'obj' };
/**
 * Library profile → our own mesh check → engine. The mesh check comes first because engines are lax
 * (PrusaSlicer slices a model taller than the printer, CuraEngine a truncated STL) and because it
 * knows whether a 90° turn makes the model fit, which the engine is then told to do.
 * Throws AppError only for a bad request (unknown printer, material or preset).
 */
export async function sliceModel(job, deps = {}) {
    const profile = loadSlicingProfile(job);
    const mesh = await analyzeModelFile(job.modelPath, { printer: { buildVolumeMm: profile.settings.bedMm } });
    if (!mesh.ok)
        return failed(mesh.refusal.code, mesh.refusal.message);
    const { fits, fitsRotated90, sizeMm } = mesh.value;
    if (!fits && !fitsRotated90) {
        const { x, y, z } = profile.settings.bedMm;
        return failed('model_too_large', `the model is ${sizeMm.map((v) => v.toFixed(1)).join(' × ')} mm; the printer takes ${x} × ${y} × ${z} mm`);
    }
    const slicer = deps.slicer === undefined ? await selectSlicer() : deps.slicer;
    if (!slicer)
        return failed('no_slicer_available', 'no slicing engine is installed: install prusa-slicer, or keep the cura-wasm npm package');
    return slicer.slice({
        modelPath: job.modelPath,
        outputPath: job.outputPath,
        modelFormat: job.modelFormat ?? FORMAT_OF[mesh.value.format],
        rotateZ90: !fits,
        profile,
        signal: deps.signal,
        onProgress: deps.onProgress,
    });
}
//# sourceMappingURL=slice-model.js.map