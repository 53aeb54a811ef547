import { useEffect, useState } from 'preact/hooks';
import type { LayerSource } from './layer-preview.js';

type Module = typeof import('./layer-preview.js');

/** The layer preview (and its G-code reader) is its own chunk, fetched only when someone opens it. */
export function LazyLayerPreview({ source }: { source: LayerSource }) {
  const [mod, setMod] = useState<Module | null>(null);
  useEffect(() => { void import('./layer-preview.js').then(setMod); }, []);
  return mod ? <mod.LayerPreview source={source} /> : <p class="loading" aria-busy="true">…</p>;
}
