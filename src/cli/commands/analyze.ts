/**
 * `tulostamo analyze FILE [--printer NAME] [--material NAME] [--workshop] [--json] [--thumbnails]
 * [--memory-cap-mb N]`: the same analysis the queue runs on an upload, for staff at a terminal and for
 * scripts, in a child process under the daemon's default limits (analysisMemoryCapMb, analysisTimeoutMs), so a hostile file costs that child and a
 * refusal (`analysis_memory_exceeded`), not the memory of a machine that may be running a print. Exit 0
 * when the file may print, 1 when it is refused (the reason code goes to stderr), 2 for bad arguments.
 */
import { parseCliArgs } from '../args.js';
import type { CliCommand } from '../main.js';
import { AppError } from '../../core/errors.js';
import { loadProfile } from '../../printer/profiles.js';
import { findMaterial, loadMaterials } from '../../analysis/materials.js';
import type { FileAnalysis } from '../../analysis/analyze-file.js';
import { IsolatedAnalyzer } from '../../analysis/isolated-analyzer.js';
import { parseConfig } from '../../config/config.js';

/** The generic profile, used when the caller names none. */
const DEFAULT_PRINTER = 'marlin';
const DEFAULT_MATERIAL = 'PLA';
/** The daemon's own defaults, when no config file says otherwise. */
const DEFAULT_LIMITS = parseConfig({});

/** Thumbnails are large base64; without --thumbnails only their sizes are printed. */
function withoutThumbnailData(a: FileAnalysis): FileAnalysis {
  if (a.kind !== 'gcode') return a;
  const thumbnails = a.metadata.thumbnails.map((t) => ({ ...t, base64: `(${t.base64.length} base64 characters)` }));
  return { ...a, metadata: { ...a.metadata, thumbnails } };
}

function formatSeconds(s: number): string {
  const h = Math.floor(s / 3600); const m = Math.floor((s % 3600) / 60); const sec = Math.round(s % 60);
  return h > 0 ? `${h} h ${m} min ${sec} s` : `${m} min ${sec} s`;
}

function summary(a: FileAnalysis): string {
  const box = a.bbox ? `${a.bbox.min.map((v) => v.toFixed(1)).join(',')} … ${a.bbox.max.map((v) => v.toFixed(1)).join(',')} mm` : 'none';
  const lines = [`kind: ${a.kind}`, `bbox: ${box}`, `fits: ${a.fits}`];
  if (a.kind === 'gcode') {
    lines.push(`estimate: ${formatSeconds(a.estimate.seconds)} (heat-up ${formatSeconds(a.estimate.heatingSeconds)}), `
      + `${(a.estimate.filamentMm / 1000).toFixed(2)} m, ${a.estimate.filamentGrams.toFixed(2)} g ${a.material}`);
    if (a.metadata.slicerEstimateSeconds !== null) lines.push(`slicer's estimate: ${formatSeconds(a.metadata.slicerEstimateSeconds)} (${a.metadata.slicer?.name ?? 'unknown slicer'})`);
    lines.push(`layers: ${a.layers}`, `cost: ${a.cost.amount.toFixed(2)} ${a.cost.currency}${a.cost.waived ? ` (free: ${a.cost.waived})` : ''}`);
  } else {
    lines.push(`triangles: ${a.triangles}`, `volume: ${(a.volumeMm3 / 1000).toFixed(2)} cm³`);
  }
  for (const f of a.findings) lines.push(`${f.severity === 'refuse' ? 'REFUSE' : 'warn'}  ${f.code}${f.line ? ` (line ${f.line})` : ''}: ${f.message}`);
  return lines.join('\n');
}

export const command: CliCommand = {
  summary: 'Analyse a G-code or model file: size, fit, time, filament, cost and safety findings.',
  usage: `tulostamo analyze FILE [--printer NAME (default ${DEFAULT_PRINTER})] [--material NAME (default ${DEFAULT_MATERIAL})] [--workshop] [--json] [--thumbnails] [--memory-cap-mb N (default ${DEFAULT_LIMITS.analysisMemoryCapMb}, as the daemon's)]`,
  async run(args) {
    try {
      const { values, positionals } = parseCliArgs(args, {
        printer: { type: 'string' }, material: { type: 'string' }, workshop: { type: 'boolean' },
        json: { type: 'boolean' }, thumbnails: { type: 'boolean' }, 'memory-cap-mb': { type: 'string' },
      });
      if (positionals.length !== 1) throw new AppError('bad_arguments', 'give exactly one FILE', 2);
      const limits = values['memory-cap-mb'] === undefined ? DEFAULT_LIMITS : parseConfig({ analysisMemoryCapMb: Number(values['memory-cap-mb']) }, '--memory-cap-mb');
      const catalogue = loadMaterials();
      const analyzer = new IsolatedAnalyzer({ memoryCapMb: limits.analysisMemoryCapMb, timeoutMs: limits.analysisTimeoutMs });
      const outcome = await analyzer.analyze(positionals[0], {
        profile: loadProfile(values.printer ?? DEFAULT_PRINTER),
        material: findMaterial(catalogue, values.material ?? DEFAULT_MATERIAL),
        pricing: catalogue,
        workshop: values.workshop ?? false,
      });
      if (!outcome.ok) {
        if (values.json) console.log(JSON.stringify({ refused: true, code: outcome.code, message: outcome.message, params: outcome.params }, null, 2));
        console.error(`refused: ${outcome.code}: ${outcome.message}`);
        return 1;
      }
      const a = values.thumbnails ? outcome.analysis : withoutThumbnailData(outcome.analysis);
      console.log(values.json ? JSON.stringify(a, null, 2) : summary(a));
      if (!a.refused) return 0;
      const first = a.findings.find((f) => f.severity === 'refuse')!;
      console.error(`refused: ${first.code}${first.line ? ` (line ${first.line})` : ''}: ${first.message}`);
      return 1;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      console.error(`tulostamo analyze: ${err.code}: ${err.message}`);
      return 2;
    }
  },
};
