import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { CuraWasmSlicer, curaWasmInstalled } from './cura-wasm.js';
import { PrusaSlicerCli } from './prusaslicer-cli.js';
export const PRUSA_SLICER_BINARY = 'prusa-slicer';
async function onPath(binary, path = process.env.PATH ?? '') {
    for (const dir of path.split(delimiter).filter(Boolean)) {
        try {
            await access(join(dir, binary), constants.X_OK);
            return true;
        }
        catch {
            // not in this directory
        }
    }
    return false;
}
/**
 * PrusaSlicer when it is installed (faster, the recommended engine), else the embedded cura-wasm,
 * else null: the caller then reports no_slicer_available and the job waits as needs_slicing.
 * `only` pins one engine (the CLI's --engine, tests).
 */
export async function selectSlicer(options = {}) {
    if (options.only !== 'cura-wasm' && await onPath(PRUSA_SLICER_BINARY, options.path))
        return new PrusaSlicerCli(PRUSA_SLICER_BINARY);
    if (options.only !== 'prusaslicer' && curaWasmInstalled())
        return new CuraWasmSlicer();
    return null;
}
//# sourceMappingURL=engine-select.js.map