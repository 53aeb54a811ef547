/**
 * The analysers' inner loops, compiled from AssemblyScript (`src/wasm/*.ts`) by `npm run build:wasm`
 * into `dist/wasm/`. Each module is compiled once per process; every analysis gets an instance of its
 * own, because an instance's memory is that analysis's state.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new Map<string, WebAssembly.Module>();

function wasmFile(name: string): string {
  // Beside the compiled JS (dist/analysis → dist/wasm), or from the sources run by the tests (src/analysis → dist/wasm).
  const beside = fileURLToPath(new URL(`../wasm/${name}.wasm`, import.meta.url));
  if (existsSync(beside)) return beside;
  const built = fileURLToPath(new URL(`../../dist/wasm/${name}.wasm`, import.meta.url));
  if (existsSync(built)) return built;
  throw new Error(`${name}.wasm is missing: run \`npm run build\``);
}

export function instantiateWasm(name: string, imports: WebAssembly.Imports = {}): WebAssembly.Instance {
  let module = compiled.get(name);
  if (!module) {
    module = new WebAssembly.Module(readFileSync(wasmFile(name)));
    compiled.set(name, module);
  }
  return new WebAssembly.Instance(module, imports);
}
