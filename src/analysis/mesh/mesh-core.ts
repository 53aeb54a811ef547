/**
 * The typed face of `src/wasm/mesh-core.ts`: welding, union-find, edge counts and the running sums of
 * one analysis. The instance's memory is that analysis's state, so each analysis takes a new one.
 */
import { instantiateWasm } from '../wasm-module.js';

export interface MeshCore {
  memory: WebAssembly.Memory;
  /** Byte offset of the batch: batchTriangles() triangles of 9 f64 (a, b, c as x y z). */
  batchPointer(): number;
  batchTriangles(): number;
  /** Byte offset of room for recordsCapacity() binary STL records (50 bytes each). */
  recordsPointer(): number;
  recordsCapacity(): number;
  reserve(vertices: number): void;
  /** -1, or the index of the first non-finite triangle in the batch (not added, nor anything after it). */
  addBatch(count: number): number;
  /** addBatch for the first `count` records. */
  addRecords(count: number): number;
  /** Vertices from here on weld only with each other: the next mesh part (call with no batch pending). */
  startPart(): void;
  triangleCount(): number;
  degenerateCount(): number;
  signedVolumeTimes6(): number;
  areaTimesTwo(): number;
  /** 0–2 the minimum x, y, z; 3–5 the maximum. */
  bound(axis: number): number;
  /** Counts the edges of the next `vertices` vertices and joins their shells; returns how many are left. Call until 0, then read the counts. */
  tally(vertices: number): number;
  shells(): number;
  boundaryEdges(): number;
  nonManifoldEdges(): number;
  misorientedEdges(): number;
}

export function newMeshCore(): MeshCore {
  return instantiateWasm('mesh-core').exports as unknown as MeshCore;
}
