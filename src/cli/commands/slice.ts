/**
 * `tulostamo slice FILE --printer NAME [--material NAME] [--preset NAME] [--infill N] [--supports]
 * [--engine prusaslicer|cura-wasm] -o OUT.gcode`: slices with the library's locked profiles, exactly as
 * the queue does. Exit 0 on success, 1 when the model or the slice is refused (reason code on stderr),
 * 2 for bad arguments.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseCliArgs } from '../args.js';
import type { CliCommand } from '../main.js';
import { AppError } from '../../core/errors.js';
import { selectSlicer } from '../../slicing/engine-select.js';
import { sniff } from '../../analysis/analyze-file.js';
import { sliceModel } from '../../slicing/slice-model.js';
import type { SlicerEngine } from '../../slicing/slicer.js';

const ENGINES: SlicerEngine[] = ['prusaslicer', 'cura-wasm'];

/** Checked before a slice of minutes, not after: a directory, a missing folder, or the model itself. */
function checkOutputPath(output: string, model: string): void {
  const isDirectory = (path: string) => { try { return statSync(path).isDirectory(); } catch { return null; } };
  if (isDirectory(output)) throw new AppError('bad_arguments', `-o ${output} is a directory; give a file name`, 2);
  if (isDirectory(dirname(resolve(output))) !== true) throw new AppError('bad_arguments', `-o ${output}: the folder ${dirname(resolve(output))} does not exist`, 2);
  if (resolve(output) === resolve(model)) throw new AppError('bad_arguments', '-o must not be the model itself', 2);
}

function numberArg(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new AppError('bad_arguments', `--${name} must be a number, got "${raw}"`, 2);
  return value;
}

export const command: CliCommand = {
  summary: 'Slice a model (STL, 3MF, OBJ) with the library profiles into G-code.',
  usage: 'tulostamo slice FILE --printer NAME [--material NAME] [--preset draft|normal|fine] [--infill PERCENT] [--supports] [--engine prusaslicer|cura-wasm] [--quiet] -o OUT.gcode',
  async run(args) {
    try {
      const { values, positionals } = parseCliArgs(args, {
        printer: { type: 'string' }, material: { type: 'string' }, preset: { type: 'string' },
        infill: { type: 'string' }, supports: { type: 'boolean' }, engine: { type: 'string' },
        output: { type: 'string', short: 'o' }, quiet: { type: 'boolean' },
      });
      if (positionals.length !== 1) throw new AppError('bad_arguments', 'give exactly one FILE', 2);
      if (!values.printer) throw new AppError('bad_arguments', '--printer NAME is required', 2);
      if (!values.output) throw new AppError('bad_arguments', '-o OUT.gcode is required', 2);
      checkOutputPath(values.output, positionals[0]);
      // G-code is already sliced: say so, instead of a model reader's confusion about it.
      if (await sniff(positionals[0]) === 'gcode') {
        console.error(`refused: not_a_model: ${positionals[0]} is G-code; only models (STL, 3MF, OBJ) are sliced. \`tulostamo analyze\` checks G-code.`);
        return 1;
      }
      const engine = values.engine as SlicerEngine | undefined;
      if (engine !== undefined && !ENGINES.includes(engine)) throw new AppError('bad_arguments', `--engine must be one of ${ENGINES.join(', ')}`, 2);
      // Ctrl-C or a kill stops the slicer too, and its half-written output goes (slice-run.ts).
      const abort = new AbortController();
      const stop = () => abort.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const outcome = await sliceModel({
        modelPath: positionals[0], outputPath: values.output, printer: values.printer, material: values.material,
        preset: values.preset, infillPercent: numberArg('infill', values.infill), supports: values.supports,
      }, {
        slicer: engine ? await selectSlicer({ only: engine }) : undefined,
        signal: abort.signal,
        onProgress: values.quiet ? undefined : (p) => process.stderr.write(`${String(p.percent).padStart(3)} % ${p.stage}\n`),
      });
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      if (!outcome.ok) {
        console.error(`refused: ${outcome.failure.code}: ${outcome.failure.message}`);
        if (outcome.failure.slicerLog) console.error(outcome.failure.slicerLog);
        return 1;
      }
      const r = outcome.value;
      const minutes = r.estimate.seconds === null ? '?' : (r.estimate.seconds / 60).toFixed(1);
      console.log(`${r.outputPath}: ${r.layers} layers, ${minutes} min, ${r.estimate.filamentGrams ?? '?'} g (${r.engine})`);
      console.log(`profile: ${r.signature}`);
      return 0;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      console.error(`tulostamo slice: ${err.code}: ${err.message}`);
      return 2;
    }
  },
};
