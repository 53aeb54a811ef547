/**
 * The analysers' inner loops, compiled from AssemblyScript (`src/wasm/*.ts`) by `npm run build:wasm`
 * into `dist/wasm/`. Each module is compiled once per process; every analysis gets an instance of its
 * own, because an instance's memory is that analysis's state.
 */
import { existsSync, readFileSync } from 'node:fs';
import { builtFile } from '../core/built-file.js';

const compiled = new Map<string, WebAssembly.Module>();

function wasmFile(name: string): string {
  const file = builtFile(import.meta.url, `../wasm/${name}.wasm`);
  if (!existsSync(file)) throw new Error(`${name}.wasm is missing: run \`npm run build\``);
  return file;
}

/** The compiled module (it may be posted to a worker thread, which then need not compile it again). */
export function compiledWasm(name: string): WebAssembly.Module {
  let module = compiled.get(name);
  if (!module) {
    module = new WebAssembly.Module(readFileSync(wasmFile(name)));
    compiled.set(name, module);
  }
  return module;
}

export function instantiateWasm(name: string, imports: WebAssembly.Imports = {}): WebAssembly.Instance {
  return new WebAssembly.Instance(compiledWasm(name), imports);
}
