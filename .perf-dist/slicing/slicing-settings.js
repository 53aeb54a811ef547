import { createHash } from 'node:crypto';
import { AppError } from '../core/errors.js';
export function resolveSlicingSettings(machine, printer, material, limits, preset, choices, policy) {
    const hottestNozzleC = Math.max(material.nozzleTempC, material.firstLayerNozzleTempC);
    const hottestBedC = Math.max(material.bedTempC, material.firstLayerBedTempC);
    if (hottestNozzleC > Math.min(limits.maxHotendTempC, machine.maxHotendTempC) || hottestBedC > Math.min(limits.maxBedTempC, machine.maxBedTempC)) {
        // Our own G-code must pass the same safety policy as a patron's.
        throw new AppError('profile_invalid', `slicer-profiles/materials/${material.name}.json: ${hottestNozzleC}/${hottestBedC} °C exceeds the limits for ${material.name} on ${printer.name}`, 500, { material: material.name, printer: printer.name });
    }
    const infillPercent = choices.infillPercent ?? preset.infillPercent;
    if (choices.infillPercent !== undefined && !policy.infillChoicesPercent.includes(infillPercent)) {
        throw new AppError('slice_choice_invalid', `infill ${infillPercent} % is not one of ${policy.infillChoicesPercent.join(', ')}`, 400, { infillPercent, allowed: policy.infillChoicesPercent });
    }
    const supports = choices.supports ?? false;
    if (supports && !policy.supportsAllowed)
        throw new AppError('slice_choice_invalid', 'supports are not offered here', 400, { supports });
    const values = {
        firstLayerNozzleTempC: material.firstLayerNozzleTempC, firstLayerBedTempC: material.firstLayerBedTempC,
        nozzleTempC: material.nozzleTempC, bedTempC: material.bedTempC,
        bedWidthMm: machine.buildVolumeMm.x, bedDepthMm: machine.buildVolumeMm.y,
    };
    const expand = (lines) => lines.map((line) => line.replace(/\{(\w+)\}/g, (_, key) => {
        if (!(key in values))
            throw new AppError('profile_invalid', `slicer-profiles/printers/${printer.name}.json: unknown placeholder {${key}}`, 500, { key });
        return String(values[key]);
    }));
    const settings = {
        printer: printer.name, material: material.name, preset: preset.name,
        bedMm: { ...machine.buildVolumeMm },
        nozzleDiameterMm: machine.nozzleDiameterMm,
        filamentDiameterMm: machine.filamentDiameterMm,
        heatedBed: machine.heatedBed,
        gcodeFlavor: printer.gcodeFlavor,
        startGcode: expand(printer.startGcode),
        endGcode: expand(printer.endGcode),
        maxAccelMmS2: machine.motion.maxAccelMmS2,
        maxFeedrateMmS: { ...machine.motion.maxFeedrateMmS },
        retractLengthMm: printer.retractLengthMm,
        retractSpeedMmS: printer.retractSpeedMmS,
        travelSpeedMmS: printer.travelSpeedMmS,
        firstLayerSpeedMmS: printer.firstLayerSpeedMmS,
        printSpeedMmS: preset.printSpeedMmS,
        outerWallSpeedMmS: preset.outerWallSpeedMmS,
        layerHeightMm: preset.layerHeightMm,
        firstLayerHeightMm: preset.firstLayerHeightMm,
        perimeters: preset.perimeters,
        topLayers: preset.topLayers,
        bottomLayers: preset.bottomLayers,
        infillPercent,
        supports,
        nozzleTempC: material.nozzleTempC,
        firstLayerNozzleTempC: material.firstLayerNozzleTempC,
        bedTempC: material.bedTempC,
        firstLayerBedTempC: material.firstLayerBedTempC,
        fanPercent: material.fanPercent,
        densityGPerCm3: limits.densityGPerCm3,
        maxVolumetricSpeedMm3S: material.maxVolumetricSpeedMm3S,
    };
    return { settings, signature: signatureOf(settings) };
}
/** Keys sorted at every level, so the hash does not depend on the order a profile file lists them in. */
function canonicalJson(value) {
    if (Array.isArray(value))
        return `[${value.map(canonicalJson).join(',')}]`;
    if (value && typeof value === 'object') {
        return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
    }
    return JSON.stringify(value);
}
export function signatureOf(settings) {
    const hash = createHash('sha256').update(canonicalJson(settings)).digest('hex');
    return `${settings.printer}/${settings.material}/${settings.preset} infill=${settings.infillPercent} supports=${settings.supports ? 'on' : 'off'} sha256:${hash}`;
}
//# sourceMappingURL=slicing-settings.js.map