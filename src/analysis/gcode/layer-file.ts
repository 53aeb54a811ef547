/** Reads one layer's paths out of a G-code file on disk, streaming: memory stays one chunk plus one layer. */
import { createReadStream } from 'node:fs';
import { LayerMoveCollector, type LayerMoves } from './layer-moves.js';

export async function readLayerMoves(path: string, layer: number): Promise<LayerMoves> {
  const collector = new LayerMoveCollector(layer);
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) collector.push(chunk as Buffer);
  return collector.finish();
}
