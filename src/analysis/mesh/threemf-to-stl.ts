/**
 * A 3MF's printed triangles as a binary STL, for the slicer. A 3MF can carry the slicer's own settings
 * (PrusaSlicer reads Metadata/Slic3r_PE.config, per-object settings, even a `post_process` command it
 * runs on the host), so an engine is never handed the patron's 3MF: only the geometry our analysis
 * counted (build transforms and units applied, modifiers and blockers left out), with the library's
 * profile as the only settings. Writes the STL in batches, so memory stays small whatever the model.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { MeshRefusal } from './mesh-types.js';
import { modelFileChunks } from './model-file.js';
import { ThreeMfParser } from './threemf.js';

const HEADER_BYTES = 84;
const RECORD_BYTES = 50;
const BATCH_RECORDS = 4096;

export async function threeMfToStl(modelPath: string, stlPath: string): Promise<{ ok: true; triangles: number } | { ok: false; refusal: MeshRefusal }> {
  const fd = openSync(stlPath, 'w');
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    header.write('binary STL written by Tulostamo from a 3MF', 'latin1');
    writeSync(fd, header);
    const batch = Buffer.alloc(BATCH_RECORDS * RECORD_BYTES);
    let inBatch = 0;
    let triangles = 0;
    const flush = () => {
      writeSync(fd, batch, 0, inBatch * RECORD_BYTES);
      inBatch = 0;
    };
    const parser = new ThreeMfParser({
      triangle(ax, ay, az, bx, by, bz, cx, cy, cz) {
        const o = inBatch * RECORD_BYTES;
        // The normal is left 0: slicers take the winding order, as our analysis does.
        batch.fill(0, o, o + 12);
        // Records are 50 bytes, so a Float32Array view would be misaligned: little-endian writes, one by one.
        batch.writeFloatLE(ax, o + 12); batch.writeFloatLE(ay, o + 16); batch.writeFloatLE(az, o + 20);
        batch.writeFloatLE(bx, o + 24); batch.writeFloatLE(by, o + 28); batch.writeFloatLE(bz, o + 32);
        batch.writeFloatLE(cx, o + 36); batch.writeFloatLE(cy, o + 40); batch.writeFloatLE(cz, o + 44);
        batch.writeUInt16LE(0, o + 48);
        triangles++;
        if (++inBatch === BATCH_RECORDS) flush();
      },
    });
    for await (const chunk of modelFileChunks(modelPath)) {
      const refusal = parser.push(chunk);
      if (refusal) return { ok: false, refusal };
    }
    const ended = parser.end();
    if (!ended.ok) return { ok: false, refusal: ended.refusal };
    flush();
    const count = Buffer.alloc(4);
    count.writeUInt32LE(triangles);
    writeSync(fd, count, 0, 4, 80);
    return { ok: true, triangles };
  } finally {
    closeSync(fd);
  }
}
