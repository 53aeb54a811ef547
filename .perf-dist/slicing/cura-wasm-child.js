/**
 * Runs cura-wasm in its own process so the adapter can time it out and cancel it by killing the
 * process: cura-wasm's engine call blocks its worker, and its destroy() waits for that call to end.
 * Usage: node cura-wasm-child.js JOB.json, where JOB is a CuraChildJob. Prints `progress N` lines.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { CuraWASM } from 'cura-wasm';
import { patchCuraHeader } from './cura-output.js';
const HEADER_BYTES = 4096;
async function main(jobPath) {
    const job = JSON.parse(await readFile(jobPath, 'utf8'));
    const model = await readFile(job.modelPath);
    const slicer = new CuraWASM({ overrides: job.overrides.map((o) => ({ scope: o.scope, key: o.key, value: o.value })), transfer: true });
    slicer.on('progress', (percent) => process.stdout.write(`progress ${percent}\n`));
    try {
        const { gcode, metadata } = await slicer.slice(model.buffer.slice(model.byteOffset, model.byteOffset + model.length), job.extension);
        const bytes = Buffer.from(gcode);
        const meta = metadata;
        if (!meta)
            throw new Error('cura-wasm reported no metadata');
        const head = patchCuraHeader(bytes.subarray(0, HEADER_BYTES).toString('latin1'), meta, job.filamentDiameterMm);
        await writeFile(job.outputPath, Buffer.concat([Buffer.from(head, 'latin1'), bytes.subarray(HEADER_BYTES)]));
        return 0;
    }
    finally {
        await slicer.destroy();
    }
}
main(process.argv[2]).then((code) => process.exit(code), (err) => {
    process.stderr.write(`cura-wasm: ${err.message}\n`);
    process.exit(1);
});
//# sourceMappingURL=cura-wasm-child.js.map