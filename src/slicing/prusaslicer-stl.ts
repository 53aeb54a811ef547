/**
 * PrusaSlicer (its admesh loader) decides between ASCII and binary STL by the 128 bytes after the
 * 84-byte header and count: binary only if one of them is above 127. A binary STL with zero normals and
 * round coordinates has none (10.0 is 00 00 20 41 as a float), so a plain 10 mm calibration cube, or any
 * 3MF we convert for it, failed with "Loading of a model file failed". Such a file reaches PrusaSlicer as
 * a copy whose first triangle's attribute word (which every slicer ignores) has its top bit set. The
 * other way round, an ASCII STL whose long `solid` name puts UTF-8 letters (ä, ö) there was taken for
 * binary: its copy has those bytes as `_`, which changes nothing but the name.
 */
import { copyFile, open } from 'node:fs/promises';
import { join } from 'node:path';
import { looksLikeAsciiStl, SNIFF_BYTES } from '../analysis/mesh/stl.js';

const PROBE_FROM = 84;
const PROBE_BYTES = 128;
/** The high byte of the first record's attribute word: the record's last byte (84 + 50 - 1). */
const MARK_AT = 133;
const MARK = 0x80;
const UNDERSCORE = 0x5f;

/** Whether PrusaSlicer would read a binary STL starting with `head` as binary (false: it would try ASCII and fail). */
export function prusaSlicerSeesBinary(head: Uint8Array): boolean {
  for (let i = PROBE_FROM; i < Math.min(head.length, PROBE_FROM + PROBE_BYTES); i++) if (head[i] > 127) return true;
  return false;
}

/**
 * The path of an STL PrusaSlicer reads as what it is: `path` itself when PrusaSlicer would tell it right,
 * else a mended copy in `workDir` (or `path` mended in place when `inPlace`, for a file of our own).
 */
export async function stlForPrusaSlicer(path: string, workDir: string, inPlace = false): Promise<string> {
  const head = new Uint8Array(SNIFF_BYTES);
  const source = await open(path, 'r');
  let length: number;
  try {
    ({ bytesRead: length } = await source.read(head, 0, head.length, 0));
  } finally {
    await source.close();
  }
  const read = head.subarray(0, length);
  const ascii = looksLikeAsciiStl(read);
  if (length <= MARK_AT || ascii !== prusaSlicerSeesBinary(read)) return path;
  const target = inPlace ? path : join(workDir, 'model.stl');
  if (!inPlace) await copyFile(path, target);
  const file = await open(target, 'r+');
  try {
    if (ascii) {
      const probe = head.slice(PROBE_FROM, Math.min(length, PROBE_FROM + PROBE_BYTES)).map((b) => (b > 127 ? UNDERSCORE : b));
      await file.write(probe, 0, probe.length, PROBE_FROM);
    } else {
      await file.write(Uint8Array.of(head[MARK_AT] | MARK), 0, 1, MARK_AT);
    }
  } finally {
    await file.close();
  }
  return target;
}
