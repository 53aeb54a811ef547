/**
 * Loads the library's slicing profiles from /slicer-profiles (printers/, materials/, presets/, library.json).
 * Staff edit these by hand, so unknown keys are refused and every error names the file.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { findMaterial, loadMaterials, MATERIALS_FILE } from '../analysis/materials.js';
import { loadProfile, PROFILES_DIR } from '../printer/profiles.js';
import { resolveSlicingSettings, type LibraryPolicy, type MaterialProfile, type PatronChoices, type PrinterSlicingProfile, type QualityPreset, type ResolvedProfile } from './slicing-settings.js';

/** src/slicing and dist/slicing both sit two levels below the project root. */
export const SLICER_PROFILES_DIR = fileURLToPath(new URL('../../slicer-profiles/', import.meta.url));

const positive = z.number().positive();
const count = z.number().int().nonnegative();
const tempC = z.number().min(0).max(500);

const printerSchema = z.strictObject({
  name: z.string().min(1),
  gcodeFlavor: z.enum(['marlin2', 'marlin', 'klipper', 'reprapfirmware']),
  startGcode: z.array(z.string()),
  endGcode: z.array(z.string()),
  retractLengthMm: z.number().nonnegative(),
  retractSpeedMmS: positive,
  travelSpeedMmS: positive,
  firstLayerSpeedMmS: positive,
}) satisfies z.ZodType<PrinterSlicingProfile>;

const materialSchema = z.strictObject({
  name: z.string().min(1),
  title: z.string().min(1),
  nozzleTempC: tempC,
  firstLayerNozzleTempC: tempC,
  bedTempC: tempC,
  firstLayerBedTempC: tempC,
  fanPercent: z.number().min(0).max(100),
  maxVolumetricSpeedMm3S: positive,
}) satisfies z.ZodType<MaterialProfile>;

const presetSchema = z.strictObject({
  name: z.string().min(1),
  title: z.string().min(1),
  layerHeightMm: positive,
  firstLayerHeightMm: positive,
  perimeters: count,
  topLayers: count,
  bottomLayers: count,
  infillPercent: z.number().min(0).max(100),
  printSpeedMmS: positive,
  outerWallSpeedMmS: positive,
}) satisfies z.ZodType<QualityPreset>;

const librarySchema = z.strictObject({
  defaultMaterial: z.string().min(1),
  defaultPreset: z.string().min(1),
  infillChoicesPercent: z.array(z.number().min(0).max(100)).min(1),
  supportsAllowed: z.boolean(),
}) satisfies z.ZodType<LibraryPolicy>;

type Kind = 'printers' | 'materials' | 'presets';
const NAME_RE = /^[a-z0-9][a-z0-9-]*$/;

function readJson<T>(file: string, schema: z.ZodType<T>, notFound: AppError): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw notFound;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new AppError('profile_invalid', `${file}: not valid JSON: ${(err as Error).message}`, 500, { file });
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const details = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new AppError('profile_invalid', `${file}: ${details}`, 500, { file, details });
  }
  return result.data;
}

export function listSlicerProfiles(kind: Kind, dir = SLICER_PROFILES_DIR): string[] {
  return readdirSync(join(dir, kind)).filter((f) => f.endsWith('.json')).map((f) => basename(f, '.json')).sort();
}

/** The library's print qualities as a patron picks among them: the fastest (tallest layers) first. */
export function listPresetsFastestFirst(dir = SLICER_PROFILES_DIR): string[] {
  return listSlicerProfiles('presets', dir).map((name) => loadNamed('presets', name, presetSchema, dir))
    .sort((a, b) => b.layerHeightMm - a.layerHeightMm || a.name.localeCompare(b.name)).map((p) => p.name);
}

/** `preset_unknown` (or printer, material): the library has no such profile; the ones it has are named. */
function unknownProfile(kind: Kind, name: string, dir: string): AppError {
  const available = listSlicerProfiles(kind, dir);
  return new AppError(`${kind.slice(0, -1)}_unknown`, `unknown ${kind.slice(0, -1)} "${name}" (available: ${available.join(', ')})`, 422, { name, available });
}

/** Checks a name a request gives, before anything is stored against it. */
export function requireSlicerProfile(kind: Kind, name: string, dir = SLICER_PROFILES_DIR): void {
  if (!NAME_RE.test(name) || !listSlicerProfiles(kind, dir).includes(name)) throw unknownProfile(kind, name, dir);
}

function loadNamed<T extends { name: string }>(kind: Kind, name: string, schema: z.ZodType<T>, dir: string): T {
  const unknown = () => unknownProfile(kind, name, dir);
  if (!NAME_RE.test(name)) throw unknown();
  const file = join(dir, kind, `${name}.json`);
  const profile = readJson(file, schema, unknown());
  if (profile.name !== name) throw new AppError('profile_invalid', `${file}: name: expected "${name}" (the file name)`, 500, { file });
  return profile;
}

function loadMaterial(name: string, dir = SLICER_PROFILES_DIR): MaterialProfile {
  return loadNamed('materials', name, materialSchema, dir);
}

export function loadLibraryPolicy(dir = SLICER_PROFILES_DIR): LibraryPolicy {
  const file = join(dir, 'library.json');
  return readJson(file, librarySchema, new AppError('profile_invalid', `${file} is missing`, 500, { file }));
}

export interface ProfileRequest extends PatronChoices {
  printer: string;
  material?: string;
  preset?: string;
}

export interface ProfileSources {
  slicerProfilesDir?: string;
  firmwareProfilesDir?: string;
  materialsFile?: string;
}

/** Printer × material × preset (+ the patron's choices) → the settings every engine slices with. */
export function loadSlicingProfile(request: ProfileRequest, sources: ProfileSources = {}): ResolvedProfile {
  const dir = sources.slicerProfilesDir ?? SLICER_PROFILES_DIR;
  const policy = loadLibraryPolicy(dir);
  // The slicing profile first: its refusal names the printers that can be sliced for, which are fewer than those the daemon drives.
  const printer = loadNamed('printers', request.printer, printerSchema, dir);
  const machine = loadProfile(request.printer, sources.firmwareProfilesDir ?? PROFILES_DIR).machine;
  const material = loadMaterial(request.material?.toLowerCase() ?? policy.defaultMaterial, dir);
  const limits = findMaterial(loadMaterials(sources.materialsFile ?? MATERIALS_FILE), material.name).material;
  const preset = loadNamed('presets', request.preset ?? policy.defaultPreset, presetSchema, dir);
  return resolveSlicingSettings(machine, printer, material, limits, preset, request, policy);
}
