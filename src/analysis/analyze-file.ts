/**
 * One entry point for "what is this file and may it print here": G-code goes through our streaming
 * analyser and the safety policy in a single pass; meshes go to the mesh engineer's analyser. The kind
 * is decided from the bytes (the upload sniffer), not trusted from the name alone. Never throws for a
 * bad file: a refusal comes back with a stable reason code.
 */
import { open, stat } from 'node:fs/promises';
import { analyzeModelFile, type MeshAnalysis } from './mesh/index.js';
import { modelFileChunks } from './mesh/model-file.js';
import { extruderModesOf, GcodeAnalyser, plannerThreadFor, type GcodeAnalysis } from './gcode/gcode-analysis.js';
import { layerGaps } from './gcode/layer-gaps.js';
import { motionLimitsFromProfile } from './gcode/motion-model.js';
import { PolicyChecker, policyLimitsFor } from './policy/policy-checker.js';
import type { Finding } from './policy/finding.js';
import { printCost, type Cost } from './cost.js';
import type { Material, MaterialCatalogue } from './materials.js';
import { machineReachMm, type FirmwareProfile } from '../printer/profile-types.js';
import { extensionKind, SNIFF_HEAD_BYTES, SNIFF_TAIL_BYTES, sniffFileKind } from '../uploads/file-kind.js';

export interface AnalyzeFileOptions {
  profile: FirmwareProfile;
  material: { name: string; material: Material };
  pricing: Pick<MaterialCatalogue, 'currency' | 'workshopsFree'>;
  workshop?: boolean;
}

export interface GcodeFileAnalysis extends GcodeAnalysis {
  /** The extrusion box (travel excluded), as the instructor compares it with the bed. */
  bbox: GcodeAnalysis['extrusionBbox'];
  fits: boolean;
  findings: Finding[];
  findingCounts: Record<string, number>;
  refused: boolean;
  material: string;
  cost: Cost;
}

export interface MeshFileAnalysis extends Omit<MeshAnalysis, 'findings'> {
  findings: Finding[];
  refused: boolean;
  material: string;
}

export type FileAnalysis = GcodeFileAnalysis | MeshFileAnalysis;

export type AnalyzeOutcome =
  | { ok: true; analysis: FileAnalysis }
  | { ok: false; code: string; message: string; params: Record<string, unknown> };

/** Mesh findings that stop a file; the others (holes, flipped faces) the slicer usually repairs. */
const REFUSING_MESH_FINDINGS = new Set(['model_too_large']);

/**
 * G-code or a model, by content; a refusal for a file that is neither. A model file cut short or empty
 * goes to its parser, whose refusal says more (`stl_truncated`: the header promises N triangles, the
 * file holds M) than the upload check's `upload_truncated`.
 */
export async function sniff(path: string): Promise<AnalyzeOutcome | 'gcode' | 'mesh'> {
  let handle;
  try {
    const { size } = await stat(path);
    handle = await open(path, 'r');
    const head = Buffer.alloc(Math.min(size, SNIFF_HEAD_BYTES));
    await handle.read(head, 0, head.length, 0);
    const tailBytes = Math.min(size, SNIFF_TAIL_BYTES);
    const tail = Buffer.alloc(tailBytes);
    await handle.read(tail, 0, tailBytes, size - tailBytes);
    const kind = sniffFileKind({ fileName: path, head, tail, sizeBytes: size });
    // Given only for a name that claims a model (truncated), or any accepted name (empty): its parser says what is wrong.
    if (!kind.ok && (kind.code === 'upload_truncated' || (kind.code === 'upload_empty' && extensionKind(path) !== 'gcode'))) return 'mesh';
    if (!kind.ok) return { ok: false, code: kind.code, message: `${path}: ${kind.code}`, params: kind.params };
    return kind.kind === 'gcode' ? 'gcode' : 'mesh';
  } catch (err) {
    return { ok: false, code: 'file_unreadable', message: (err as Error).message, params: { path } };
  } finally {
    await handle?.close();
  }
}

export async function analyzeFile(path: string, options: AnalyzeFileOptions): Promise<AnalyzeOutcome> {
  const kind = await sniff(path);
  if (typeof kind !== 'string') return kind;
  return kind === 'gcode' ? analyzeGcodeFile(path, options) : analyzeMesh(path, options);
}

export async function analyzeGcodeFile(path: string, options: AnalyzeFileOptions): Promise<AnalyzeOutcome> {
  const { profile, material } = options;
  const policy = new PolicyChecker(policyLimitsFor(profile, material.material));
  const analyser = new GcodeAnalyser({
    limits: motionLimitsFromProfile(profile.machine.motion),
    filamentDiameterMm: profile.machine.filamentDiameterMm,
    densityGPerCm3: material.material.densityGPerCm3,
    observers: [policy],
    extruderModes: extruderModesOf(profile.firmware),
    // An unreadable file is reported by the read below.
    plannerThread: plannerThreadFor(await stat(path).then((s) => s.size, () => 0)),
  });
  let g: GcodeAnalysis;
  try {
    for await (const chunk of modelFileChunks(path)) {
      analyser.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    }
    g = analyser.finish();
  } catch (err) {
    // Only the file system's errors (ENOENT, EIO, …) mean the file could not be read; anything else is ours.
    if (typeof (err as NodeJS.ErrnoException | null)?.syscall !== 'string') throw err;
    return { ok: false, code: 'file_unreadable', message: (err as Error).message, params: { path } };
  } finally {
    analyser.dispose();
  }
  if (g.extrusionBbox === null) {
    policy.findings.add({ code: 'gcode_no_extrusion', line: 0, severity: 'refuse', message: 'the file never extrudes: nothing would be printed' });
  }
  const declared = g.metadata.materialType;
  if (declared !== null && declared.toLowerCase() !== material.name.toLowerCase()) {
    policy.findings.add({
      code: 'material_mismatch', line: 0, severity: 'warn', params: { declared, chosen: material.name },
      message: `the file was sliced for ${declared}, the job asks for ${material.name}`,
    });
  }
  for (const gap of layerGaps(g.layerTable)) {
    policy.findings.add({
      code: 'layer_gap', line: gap.line, severity: 'warn', params: { fromMm: gap.fromMm, toMm: gap.toMm },
      message: `nothing is printed between Z ${gap.fromMm} and ${gap.toMm} mm: what is above starts in the air`,
    });
  }
  // Plastic within the printer's reach: a purge line on the MK3S sheet's front edge (Y -3) still fits.
  const reach = machineReachMm(profile.machine);
  const box = g.extrusionBbox;
  const fits = box !== null && box.min.every((m, a) => m >= reach.min[a] - 1e-3) && box.max.every((m, a) => m <= reach.max[a] + 1e-3);
  const cost = printCost({ filamentGrams: g.estimate.filamentGrams, printSeconds: g.estimate.seconds, workshop: options.workshop ?? false },
    material.material, options.pricing);
  return {
    ok: true,
    analysis: {
      ...g, bbox: box, fits, findings: policy.findings.findings, findingCounts: policy.findings.counts,
      refused: policy.findings.refused, material: material.name, cost,
    },
  };
}

async function analyzeMesh(path: string, options: AnalyzeFileOptions): Promise<AnalyzeOutcome> {
  const outcome = await analyzeModelFile(path, { printer: options.profile, densityGPerCm3: options.material.material.densityGPerCm3 });
  if (!outcome.ok) return { ok: false, code: outcome.refusal.code, message: outcome.refusal.message, params: outcome.refusal.params };
  const m = outcome.value;
  const findings: Finding[] = m.findings.map((f) => ({
    code: f.code, line: 0, message: f.message, params: f.params,
    severity: REFUSING_MESH_FINDINGS.has(f.code) ? 'refuse' : 'warn',
  }));
  return { ok: true, analysis: { ...m, findings, refused: findings.some((f) => f.severity === 'refuse'), material: options.material.name } };
}
