import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { MeshAccumulator, type MeshAnalysis } from './mesh-analysis.js';
import { refusal, type BuildVolumeMm, type Outcome, type ParseResult, type StreamingModelParser, type TriangleSink, type Vec3 } from './mesh-types.js';
import { ObjParser } from './obj.js';
import { renderPreviewPng, PreviewRasteriser } from './preview-png.js';
import { StlParser } from './stl.js';
import { ThreeMfParser } from './threemf.js';

/** Anything that knows a build volume: a MachineProfile, or a whole FirmwareProfile. */
export type PrinterVolumeSource = { buildVolumeMm: BuildVolumeMm } | { machine: { buildVolumeMm: BuildVolumeMm } };

export interface AnalyzeModelOptions {
  printer?: PrinterVolumeSource;
  densityGPerCm3?: number;
  maxTriangles?: number;
}

export interface PreviewOptions {
  sizePx?: number;
}

type Kind = 'stl' | '3mf' | 'obj';

const CHUNK_BYTES = 1 << 20;

const OBJ_RECORD = /^(v|vt|vn|f|o|g|s|#|mtllib|usemtl)[ \t]/m;

/**
 * Content first (a zip is 3MF whatever it is called; text of OBJ records is OBJ), then the extension;
 * STL is the fallback, because uploads are stored without their names.
 */
export function detectModelFormat(head: Uint8Array, fileName: string): Kind {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return '3mf';
  // A file called .3mf that is not a zip is a broken 3MF (zip_invalid), not an STL to guess at.
  if (extname(fileName).toLowerCase() === '.3mf') return '3mf';
  if (extname(fileName).toLowerCase() === '.obj') return 'obj';
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, 1024)).toString('latin1');
  if (!text.startsWith('solid') && !/[\x00-\x08\x0e-\x1f]/.test(text) && OBJ_RECORD.test(text)) return 'obj';
  return 'stl';
}

function parserFor(kind: Kind, totalBytes: number, sink: TriangleSink): StreamingModelParser {
  if (kind === '3mf') return new ThreeMfParser(sink);
  if (kind === 'obj') return new ObjParser(sink);
  return new StlParser(totalBytes, sink);
}

/**
 * The file's bytes in 1 MiB chunks: the only place in mesh/ that reads model files, and the stream the
 * benchmark measures as the I/O floor. Each chunk is a fresh buffer because fflate's unzip may keep one.
 */
export async function* modelFileChunks(path: string): AsyncGenerator<Uint8Array> {
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) yield chunk as Buffer;
}

/** Streams the file through the right parser into `sink`, stopping early once `stopped()` says so. */
async function streamModel(path: string, sink: TriangleSink, stopped: () => boolean): Promise<Outcome<ParseResult>> {
  try {
    const { size } = await stat(path);
    let parser: StreamingModelParser | null = null;
    for await (const chunk of modelFileChunks(path)) {
      parser ??= parserFor(detectModelFormat(chunk, path), size, sink);
      const stop = parser.push(chunk);
      if (stop) return { ok: false, refusal: stop };
      if (stopped()) break;
    }
    return (parser ?? new StlParser(0, sink)).end();
  } catch (err) {
    return { ok: false, refusal: refusal('file_unreadable', (err as Error).message, { path }) };
  }
}

export async function analyzeModelFile(path: string, options: AnalyzeModelOptions = {}): Promise<Outcome<MeshAnalysis>> {
  const printer = options.printer;
  const buildVolumeMm = printer ? ('machine' in printer ? printer.machine.buildVolumeMm : printer.buildVolumeMm) : undefined;
  const accumulator = new MeshAccumulator({ buildVolumeMm, densityGPerCm3: options.densityGPerCm3, maxTriangles: options.maxTriangles });
  const parsed = await streamModel(path, accumulator, () => accumulator.refusal !== null);
  if (accumulator.refusal) return { ok: false, refusal: accumulator.refusal };
  if (!parsed.ok) return parsed;
  return accumulator.finish(parsed.value.format, parsed.value.findings);
}

/**
 * A second pass over the file that draws it. It needs the bounding box up front to place the camera,
 * which is why it takes the analysis's bbox instead of buffering every triangle.
 */
export async function renderModelPreviewPng(path: string, bbox: { min: Vec3; max: Vec3 }, options: PreviewOptions = {}): Promise<Outcome<Buffer>> {
  const rasteriser = new PreviewRasteriser(bbox, options.sizePx ?? 256);
  const parsed = await streamModel(path, rasteriser, () => false);
  if (!parsed.ok) return parsed;
  return { ok: true, value: renderPreviewPng(rasteriser) };
}
