/**
 * Converts a 3MF to the STL PrusaSlicer is handed (threemf-to-stl.ts) in a process of its own: a big 3MF
 * holds its meshes in memory while it is read, and that must not be the daemon's memory, which may be
 * streaming a print. Usage: node threemf-to-stl-child.js IN.3mf OUT.stl; prints the outcome as one JSON line.
 */
import { threeMfToStl } from '../analysis/mesh/threemf-to-stl.js';

const [modelPath, stlPath] = process.argv.slice(2);
const outcome = await threeMfToStl(modelPath, stlPath);
process.stdout.write(`${JSON.stringify(outcome)}\n`);
