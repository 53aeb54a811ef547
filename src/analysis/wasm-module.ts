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

export function instantiateWasm(name: string, imports: WebAssembly.Imports = {}): WebAssembly.Instance {
  let module = compiled.get(name);
  if (!module) {
    module = new WebAssembly.Module(readFileSync(wasmFile(name)));
    compiled.set(name, module);
  }
  return new WebAssembly.Instance(module, imports);
}
