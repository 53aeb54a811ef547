import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { MeshAccumulator } from './mesh-analysis.js';
import { refusal } from './mesh-types.js';
import { ObjParser } from './obj.js';
import { renderPreviewPng, PreviewRasteriser } from './preview-png.js';
import { StlParser } from './stl.js';
import { ThreeMfParser } from './threemf.js';
const CHUNK_BYTES = 1 << 20;
const OBJ_RECORD = /^(v|vt|vn|f|o|g|s|#|mtllib|usemtl)[ \t]/m;
/**
 * Content first (a zip is 3MF whatever it is called; text of OBJ records is OBJ), then the extension;
 * STL is the fallback, because uploads are stored without their names.
 */
export function detectModelFormat(head, fileName) {
    if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04)
        return '3mf';
    if (extname(fileName).toLowerCase() === '.obj')
        return 'obj';
    const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, 1024)).toString('latin1');
    if (!text.startsWith('solid') && !/[\x00-\x08\x0e-\x1f]/.test(text) && OBJ_RECORD.test(text))
        return 'obj';
    return 'stl';
}
function parserFor(kind, totalBytes, sink) {
    if (kind === '3mf')
        return new ThreeMfParser(sink);
    if (kind === 'obj')
        return new ObjParser(sink);
    return new StlParser(totalBytes, sink);
}
/**
 * The file's bytes in 1 MiB chunks: the only place in mesh/ that reads model files, and the stream the
 * benchmark measures as the I/O floor. Each chunk is a fresh buffer because fflate's unzip may keep one.
 */
export async function* modelFileChunks(path) {
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES }))
        yield chunk;
}
/** Streams the file through the right parser into `sink`, stopping early once `stopped()` says so. */
async function streamModel(path, sink, stopped) {
    try {
        const { size } = await stat(path);
        let parser = null;
        for await (const chunk of modelFileChunks(path)) {
            parser ??= parserFor(detectModelFormat(chunk, path), size, sink);
            const stop = parser.push(chunk);
            if (stop)
                return { ok: false, refusal: stop };
            if (stopped())
                break;
        }
        return (parser ?? new StlParser(0, sink)).end();
    }
    catch (err) {
        return { ok: false, refusal: refusal('file_unreadable', err.message, { path }) };
    }
}
export async function analyzeModelFile(path, options = {}) {
    const printer = options.printer;
    const buildVolumeMm = printer ? ('machine' in printer ? printer.machine.buildVolumeMm : printer.buildVolumeMm) : undefined;
    const accumulator = new MeshAccumulator({ buildVolumeMm, densityGPerCm3: options.densityGPerCm3, maxTriangles: options.maxTriangles });
    const parsed = await streamModel(path, accumulator, () => accumulator.refusal !== null);
    if (accumulator.refusal)
        return { ok: false, refusal: accumulator.refusal };
    if (!parsed.ok)
        return parsed;
    return accumulator.finish(parsed.value.format, parsed.value.findings);
}
/**
 * A second pass over the file that draws it. It needs the bounding box up front to place the camera,
 * which is why it takes the analysis's bbox instead of buffering every triangle.
 */
export async function renderModelPreviewPng(path, bbox, options = {}) {
    const rasteriser = new PreviewRasteriser(bbox, options.sizePx ?? 256);
    const parsed = await streamModel(path, rasteriser, () => false);
    if (!parsed.ok)
        return parsed;
    return { ok: true, value: renderPreviewPng(rasteriser) };
}
//# sourceMappingURL=model-file.js.map