import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This file's own place: <root>/src/core when run as TypeScript (tests), <root>/dist/core when compiled. */
const CORE_DIR = dirname(fileURLToPath(import.meta.url));
const SRC_DIR = dirname(CORE_DIR);
const DIST_DIR = join(dirname(SRC_DIR), 'dist');

/**
 * The path of a build output (a child-process script, a WebAssembly module) at `relPath` from the caller.
 * Node runs a child from compiled JS only, and the .wasm files exist only in dist/, so when the caller
 * itself runs as TypeScript (tests) the file is taken from dist/, which `npm test` builds first.
 */
export function builtFile(callerUrl: string, relPath: string): string {
  const callerDir = dirname(fileURLToPath(callerUrl));
  if (fileURLToPath(callerUrl).endsWith('.js')) return join(callerDir, relPath);
  return join(DIST_DIR, relative(SRC_DIR, callerDir), relPath);
}
