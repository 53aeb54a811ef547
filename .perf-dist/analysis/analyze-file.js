/**
 * One entry point for "what is this file and may it print here": G-code goes through our streaming
 * analyser and the safety policy in a single pass; meshes go to the mesh engineer's analyser. The kind
 * is decided from the bytes (the upload sniffer), not trusted from the name alone. Never throws for a
 * bad file: a refusal comes back with a stable reason code.
 */
import { open, stat } from 'node:fs/promises';
import { analyzeModelFile } from './mesh/index.js';
import { modelFileChunks } from './mesh/model-file.js';
import { GcodeAnalyser } from './gcode/gcode-analysis.js';
import { motionLimitsFromProfile } from './gcode/motion-model.js';
import { PolicyChecker, policyLimitsFor } from './policy/policy-checker.js';
import { printCost } from './cost.js';
import { SNIFF_HEAD_BYTES, SNIFF_TAIL_BYTES, sniffFileKind } from '../uploads/file-kind.js';
/** Mesh findings that stop a file; the others (holes, flipped faces) the slicer usually repairs. */
const REFUSING_MESH_FINDINGS = new Set(['model_too_large']);
async function sniff(path) {
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
        if (!kind.ok)
            return { ok: false, code: kind.code, message: `${path}: ${kind.code}`, params: kind.params };
        return kind.kind === 'gcode' ? 'gcode' : 'mesh';
    }
    catch (err) {
        return { ok: false, code: 'file_unreadable', message: err.message, params: { path } };
    }
    finally {
        await handle?.close();
    }
}
export async function analyzeFile(path, options) {
    const kind = await sniff(path);
    if (typeof kind !== 'string')
        return kind;
    return kind === 'gcode' ? analyzeGcodeFile(path, options) : analyzeMesh(path, options);
}
export async function analyzeGcodeFile(path, options) {
    const { profile, material } = options;
    const policy = new PolicyChecker(policyLimitsFor(profile, material.material));
    const analyser = new GcodeAnalyser({
        limits: motionLimitsFromProfile(profile.machine.motion),
        filamentDiameterMm: profile.machine.filamentDiameterMm,
        densityGPerCm3: material.material.densityGPerCm3,
        observers: [policy],
    });
    try {
        for await (const chunk of modelFileChunks(path)) {
            analyser.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        }
    }
    catch (err) {
        return { ok: false, code: 'file_unreadable', message: err.message, params: { path } };
    }
    const g = analyser.finish();
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
    const v = profile.machine.buildVolumeMm;
    const box = g.extrusionBbox;
    const fits = box !== null && box.min.every((m) => m >= -1e-3)
        && box.max[0] <= v.x + 1e-3 && box.max[1] <= v.y + 1e-3 && box.max[2] <= v.z + 1e-3;
    const cost = printCost({ filamentGrams: g.estimate.filamentGrams, printSeconds: g.estimate.seconds, workshop: options.workshop ?? false }, material.material, options.pricing);
    return {
        ok: true,
        analysis: {
            ...g, bbox: box, fits, findings: policy.findings.findings, findingCounts: policy.findings.counts,
            refused: policy.findings.refused, material: material.name, cost,
        },
    };
}
async function analyzeMesh(path, options) {
    const outcome = await analyzeModelFile(path, { printer: options.profile, densityGPerCm3: options.material.material.densityGPerCm3 });
    if (!outcome.ok)
        return { ok: false, code: outcome.refusal.code, message: outcome.refusal.message, params: outcome.refusal.params };
    const m = outcome.value;
    const findings = m.findings.map((f) => ({
        code: f.code, line: 0, message: f.message, params: f.params,
        severity: REFUSING_MESH_FINDINGS.has(f.code) ? 'refuse' : 'warn',
    }));
    return { ok: true, analysis: { ...m, findings, refused: findings.some((f) => f.severity === 'refuse'), material: options.material.name } };
}
//# sourceMappingURL=analyze-file.js.map