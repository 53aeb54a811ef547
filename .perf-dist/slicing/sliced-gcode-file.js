import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parseProfileSignature, SlicedGcodeScanner } from './sliced-gcode-scan.js';
/** The G-code reads of the slicing area: the post-slice check and the queue's "was this sliced here?". */
export async function scanSlicedGcode(path) {
    const scanner = new SlicedGcodeScanner();
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }))
        scanner.push(chunk);
    return scanner.finish();
}
const SIGNATURE_SEARCH_BYTES = 64 * 1024;
/**
 * The library-profile signature of a G-code file, or null for uploaded G-code. The header is only a
 * label: anyone can type it, so the queue also keeps the sha256 of the G-code it sliced itself.
 */
export async function readProfileSignature(gcodePath) {
    const handle = await open(gcodePath, 'r');
    try {
        const buffer = Buffer.alloc(SIGNATURE_SEARCH_BYTES);
        const { bytesRead } = await handle.read(buffer, 0, SIGNATURE_SEARCH_BYTES, 0);
        return parseProfileSignature(buffer.subarray(0, bytesRead).toString('latin1'));
    }
    finally {
        await handle.close();
    }
}
//# sourceMappingURL=sliced-gcode-file.js.map