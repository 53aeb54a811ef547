import { scanSlicedGcode } from './sliced-gcode-file.js';
import { failed } from './slicer.js';
/** Allowance for the slicer's rounding of the last layer's Z. */
const HEIGHT_TOLERANCE_MM = 0.05;
/**
 * An exit code of 0 proves little: CuraEngine writes a layerless file for a truncated STL and PrusaSlicer
 * slices a model taller than the printer without complaint. So every engine's output passes here.
 */
export async function verifySlicedGcode(path, request, slicerLog) {
    let summary;
    try {
        summary = await scanSlicedGcode(path);
    }
    catch (err) {
        return failed('slicer_failed', `the slicer wrote no G-code: ${err.message}`, slicerLog);
    }
    const { settings, signature } = request.profile;
    if (summary.layers === 0)
        return failed('slicer_failed', 'the slicer produced G-code without layers', slicerLog);
    if (summary.signature?.signature !== signature) {
        return failed('slicer_failed', 'the G-code does not carry the library profile signature', slicerLog);
    }
    if (summary.topZMm !== null && summary.topZMm > settings.bedMm.z + HEIGHT_TOLERANCE_MM) {
        return failed('model_too_large', `the print would be ${summary.topZMm} mm tall; the printer reaches ${settings.bedMm.z} mm`, slicerLog);
    }
    const { estimate } = summary;
    // CuraEngine states length only; grams follow from the filament's cross-section and density.
    const filamentGrams = estimate.filamentGrams ?? (estimate.filamentMm === null ? null
        : Number((estimate.filamentMm * Math.PI * (settings.filamentDiameterMm / 2) ** 2 / 1000 * settings.densityGPerCm3).toFixed(2)));
    return { ok: true, value: { signature, layers: summary.layers, estimate: { ...estimate, filamentGrams }, slicerLog } };
}
//# sourceMappingURL=verify-output.js.map