import { useEffect, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';

/**
 * Renders a component whose chunk is fetched only when this element mounts, so a page does not carry
 * it up front. `props` are passed through once it has loaded.
 */
export function Lazy<P extends object>({ load, props }: { load: () => Promise<ComponentType<P>>; props?: P }) {
  const [Loaded, setLoaded] = useState<ComponentType<P> | null>(null);
  useEffect(() => { void load().then((c) => setLoaded(() => c)); }, []);
  return Loaded ? <Loaded {...(props ?? ({} as P))} /> : <p class="loading" aria-busy="true">…</p>;
}
