/**
 * Loads and validates /firmware-profiles/<name>.json. A profile is hand-edited by staff, so every error
 * names the file and the key (`firmware-profiles/ender3.json: dialect.rxBufferBytes: expected number`)
 * and unknown keys are refused: a misspelt key would otherwise silently fall back to nothing.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import type { FirmwareProfile } from './profile-types.js';

/** src/printer and dist/printer both sit two levels below the project root. */
export const PROFILES_DIR = fileURLToPath(new URL('../../firmware-profiles/', import.meta.url));

const positiveInt = z.number().int().positive();
const positive = z.number().positive();
const script = z.array(z.string());

const dialectSchema = z.strictObject({
  checksLineNumbers: z.boolean(),
  okAfterResend: z.boolean(),
  flushesRxOnLineError: z.boolean(),
  rejectsChecksumWithoutLineNumber: z.boolean(),
  rxBufferBytes: positiveInt,
  commandBufferLines: positiveInt,
  maxLineBytes: positiveInt,
  autoreportTemp: z.boolean(),
  emergencyParser: z.boolean(),
  okOnBlankLines: z.boolean(),
  defaultMode: z.enum(['pingpong', 'buffered']),
  sendsSkip: z.boolean(),
  temperaturePollIntervalMs: positiveInt,
  noDataTimeoutMs: positiveInt,
  okTimeoutMs: positiveInt,
  maxConsecutiveResends: positiveInt,
});

const xyz = z.strictObject({ x: z.number(), y: z.number(), z: z.number() });

const machineSchema = z.strictObject({
  name: z.string().min(1),
  buildVolumeMm: z.strictObject({ x: positive, y: positive, z: positive }),
  reachMm: z.strictObject({ min: xyz, max: xyz }).optional(),
  nozzleDiameterMm: positive,
  filamentDiameterMm: positive,
  maxHotendTempC: positive,
  maxBedTempC: z.number().nonnegative(),
  extruders: positiveInt,
  heatedBed: z.boolean(),
  motion: z.strictObject({
    maxFeedrateMmS: z.strictObject({ x: positive, y: positive, z: positive, e: positive }),
    maxAccelMmS2: positive,
    junctionDeviationMm: positive,
  }),
  scripts: z.strictObject({ pause: script, resume: script, cancel: script, end: script, emergencyAfter: script }),
}).refine((m) => !m.reachMm || (['x', 'y', 'z'] as const).every((a) => m.reachMm!.min[a] <= 0 && m.reachMm!.max[a] >= m.buildVolumeMm[a]),
  { message: 'reachMm must hold the build volume (min at most 0, max at least buildVolumeMm)', path: ['reachMm'] });

const profileSchema = z.strictObject({
  name: z.string().min(1),
  title: z.string().min(1),
  firmware: z.enum(['marlin', 'prusa', 'klipper', 'reprapfirmware', 'smoothieware', 'repetier']),
  baudRate: positiveInt,
  dialect: dialectSchema,
  machine: machineSchema,
  safety: z.strictObject({
    tempReportTimeoutMs: positiveInt,
    heatingRiseWindowMs: positiveInt,
    heatingRiseMinC: positive,
    emergencyStopOnAlarm: z.boolean(),
  }),
}) satisfies z.ZodType<FirmwareProfile>;

const NAME_RE = /^[a-z0-9][a-z0-9-]*$/;

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String);
  switch (issue.code) {
    case 'invalid_type':
      return `${path.join('.') || '(root)'}: expected ${issue.expected}`;
    case 'unrecognized_keys':
      return issue.keys.map((k) => `${[...path, k].join('.')}: unknown key`).join('; ');
    default:
      return `${path.join('.') || '(root)'}: ${issue.message}`;
  }
}

/** Validates parsed JSON; `label` is how errors name the file. Pure, so tests can feed broken objects. */
export function parseProfile(data: unknown, label: string, expectedName?: string): FirmwareProfile {
  const result = profileSchema.safeParse(data);
  if (!result.success) {
    const details = result.error.issues.map(describeIssue).join('; ');
    throw new AppError('profile_invalid', `${label}: ${details}`, 500, { file: label, details });
  }
  if (expectedName !== undefined && result.data.name !== expectedName) {
    throw new AppError('profile_invalid', `${label}: name: expected "${expectedName}" (the file name), got "${result.data.name}"`,
      500, { file: label });
  }
  return result.data;
}

function labelFor(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

export function listProfiles(dir = PROFILES_DIR): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => basename(f, '.json')).sort();
}

export function loadProfile(name: string, dir = PROFILES_DIR): FirmwareProfile {
  if (!NAME_RE.test(name)) {
    throw new AppError('profile_unknown', `unknown firmware profile "${name}"`, 404, { name });
  }
  const file = join(dir, `${name}.json`);
  const label = labelFor(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new AppError('profile_unknown',
      `unknown firmware profile "${name}" (available: ${listProfiles(dir).join(', ')})`, 404, { name });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new AppError('profile_invalid', `${label}: not valid JSON: ${(err as Error).message}`, 500, { file: label });
  }
  return parseProfile(data, label, name);
}
