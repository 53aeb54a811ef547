import { createHash } from 'node:crypto';
import { AppError } from '../core/errors.js';
import type { Material } from '../analysis/materials.js';
import type { MachineProfile } from '../printer/profile-types.js';

/** Slicer-side settings of one printer (slicer-profiles/printers/<name>.json); the hardware comes from its firmware profile. */
export interface PrinterSlicingProfile {
  name: string;
  /** PrusaSlicer's own gcode_flavor names. */
  gcodeFlavor: 'marlin2' | 'marlin' | 'klipper' | 'reprapfirmware';
  /** Lines with {placeholders}: firstLayerNozzleTempC, firstLayerBedTempC, nozzleTempC, bedTempC, bedWidthMm, bedDepthMm. */
  startGcode: string[];
  endGcode: string[];
  retractLengthMm: number;
  retractSpeedMmS: number;
  travelSpeedMmS: number;
  firstLayerSpeedMmS: number;
}

/** How the library slices one material; its density and temperature limits live in config/materials.json. */
export interface MaterialProfile {
  name: string;
  title: string;
  nozzleTempC: number;
  firstLayerNozzleTempC: number;
  bedTempC: number;
  firstLayerBedTempC: number;
  fanPercent: number;
  maxVolumetricSpeedMm3S: number;
}

export interface QualityPreset {
  name: string;
  title: string;
  layerHeightMm: number;
  firstLayerHeightMm: number;
  perimeters: number;
  topLayers: number;
  bottomLayers: number;
  infillPercent: number;
  printSpeedMmS: number;
  outerWallSpeedMmS: number;
}

/** What patrons may choose, and nothing else. */
export interface PatronChoices {
  infillPercent?: number;
  supports?: boolean;
}

/** What a patron may choose beyond the preset: an infill from the library's list, supports if offered. */
export function checkPatronChoices(choices: PatronChoices, policy: LibraryPolicy): void {
  const { infillPercent, supports } = choices;
  if (infillPercent !== undefined && !policy.infillChoicesPercent.includes(infillPercent)) {
    throw new AppError('slice_choice_invalid', `infill ${infillPercent} % is not one of ${policy.infillChoicesPercent.join(', ')}`, 400,
      { infillPercent, allowed: policy.infillChoicesPercent });
  }
  if (supports && !policy.supportsAllowed) throw new AppError('slice_choice_invalid', 'supports are not offered here', 400, { supports });
}

export interface LibraryPolicy {
  defaultMaterial: string;
  defaultPreset: string;
  infillChoicesPercent: number[];
  supportsAllowed: boolean;
}

/** How far both engines lay their one skirt loop from the model (PrusaSlicer `skirt_distance`, Cura `skirt_gap`). */
export const SKIRT_DISTANCE_MM = 3;
/**
 * What the skirt adds to the model on each side in X and Y: its distance and its line (a first-layer
 * line is up to twice the nozzle wide). A model must fit the bed with this around it, or our own
 * slice would lay plastic off the bed and our own policy would refuse it.
 */
export const SKIRT_MARGIN_MM = SKIRT_DISTANCE_MM + 1;

/** Everything an engine adapter needs, engine-neutral; its hash is the profile signature. */
export interface SlicingSettings {
  printer: string;
  material: string;
  preset: string;
  bedMm: { x: number; y: number; z: number };
  nozzleDiameterMm: number;
  filamentDiameterMm: number;
  heatedBed: boolean;
  gcodeFlavor: PrinterSlicingProfile['gcodeFlavor'];
  startGcode: string[];
  endGcode: string[];
  maxAccelMmS2: number;
  maxFeedrateMmS: { x: number; y: number; z: number; e: number };
  retractLengthMm: number;
  retractSpeedMmS: number;
  travelSpeedMmS: number;
  firstLayerSpeedMmS: number;
  printSpeedMmS: number;
  outerWallSpeedMmS: number;
  layerHeightMm: number;
  firstLayerHeightMm: number;
  perimeters: number;
  topLayers: number;
  bottomLayers: number;
  infillPercent: number;
  supports: boolean;
  nozzleTempC: number;
  firstLayerNozzleTempC: number;
  bedTempC: number;
  firstLayerBedTempC: number;
  fanPercent: number;
  densityGPerCm3: number;
  maxVolumetricSpeedMm3S: number;
}

export interface ResolvedProfile {
  settings: SlicingSettings;
  /** `ender3/pla/normal infill=15 supports=off sha256:…`: what our G-code header carries. */
  signature: string;
}

export function resolveSlicingSettings(
  machine: MachineProfile, printer: PrinterSlicingProfile, material: MaterialProfile, limits: Material, preset: QualityPreset,
  choices: PatronChoices, policy: LibraryPolicy,
): ResolvedProfile {
  const hottestNozzleC = Math.max(material.nozzleTempC, material.firstLayerNozzleTempC);
  const hottestBedC = Math.max(material.bedTempC, material.firstLayerBedTempC);
  if (hottestNozzleC > Math.min(limits.maxHotendTempC, machine.maxHotendTempC) || hottestBedC > Math.min(limits.maxBedTempC, machine.maxBedTempC)) {
    // Our own G-code must pass the same safety policy as a patron's.
    throw new AppError('profile_invalid', `slicer-profiles/materials/${material.name}.json: ${hottestNozzleC}/${hottestBedC} °C exceeds the limits for ${material.name} on ${printer.name}`, 500,
      { material: material.name, printer: printer.name });
  }
  checkPatronChoices(choices, policy);
  const infillPercent = choices.infillPercent ?? preset.infillPercent;
  const supports = choices.supports ?? false;
  const values: Record<string, number> = {
    firstLayerNozzleTempC: material.firstLayerNozzleTempC, firstLayerBedTempC: material.firstLayerBedTempC,
    nozzleTempC: material.nozzleTempC, bedTempC: material.bedTempC,
    bedWidthMm: machine.buildVolumeMm.x, bedDepthMm: machine.buildVolumeMm.y,
  };
  const expand = (lines: string[]) => lines.map((line) => line.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (!(key in values)) throw new AppError('profile_invalid', `slicer-profiles/printers/${printer.name}.json: unknown placeholder {${key}}`, 500, { key });
    return String(values[key]);
  }));
  const settings: SlicingSettings = {
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
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function signatureOf(settings: SlicingSettings): string {
  const hash = createHash('sha256').update(canonicalJson(settings)).digest('hex');
  return `${settings.printer}/${settings.material}/${settings.preset} infill=${settings.infillPercent} supports=${settings.supports ? 'on' : 'off'} sha256:${hash}`;
}
