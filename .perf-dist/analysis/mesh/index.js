/**
 * Mesh import and analysis: the entry points other areas call.
 *
 *   const outcome = await analyzeModelFile('upload.stl', { printer: profile.machine, densityGPerCm3: 1.24 });
 *   if (!outcome.ok) refuse(outcome.refusal.code, outcome.refusal.message);   // e.g. 'stl_truncated'
 *   else show(outcome.value);   // MeshAnalysis: kind 'mesh', bbox, triangles, volumeMm3, fits, findings…
 *
 * - Formats: binary STL (also with a `solid…` header), ASCII STL, 3MF, OBJ; chosen by content first, then
 *   by extension. The file is streamed: memory grows with the number of distinct vertices, never with the
 *   file size.
 * - Never throws for a bad or unreadable file: it resolves `{ ok: false, refusal }` with a stable reason
 *   code (MeshRefusalCode in mesh-types.ts). Problems that do not stop the file (degenerate triangles,
 *   holes, a wrong triangle count in the STL header…) are `findings` on the analysis.
 * - `printer` is anything with `buildVolumeMm` (a MachineProfile) or `machine.buildVolumeMm` (a whole
 *   FirmwareProfile). Without it, `fits` and `fitsRotated90` are null.
 * - `densityGPerCm3` gives `solidMassGrams` (the mass if printed 100 % solid; the slicer's estimate is
 *   what the print really uses).
 * - renderModelPreviewPng(path, analysis.bbox) draws a small shaded isometric PNG for lists.
 */
export { analyzeModelFile, renderModelPreviewPng } from './model-file.js';
//# sourceMappingURL=index.js.map