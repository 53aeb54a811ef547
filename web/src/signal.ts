import { useEffect, useState } from 'preact/hooks';

/** A tiny observable value: enough for the language and the session, without a state library. */
export interface Signal<T> { value: T; subscribe(fn: (v: T) => void): () => void }

export function signal<T>(initial: T): Signal<T> {
  let current = initial;
  const subs = new Set<(v: T) => void>();
  return {
    get value() { return current; },
    set value(v: T) { current = v; for (const fn of subs) fn(v); },
    subscribe(fn) { subs.add(fn); return () => { subs.delete(fn); }; },
  };
}

export function useSignal<T>(s: Signal<T>): T {
  const [v, setV] = useState(s.value);
  useEffect(() => s.subscribe(setV), [s]);
  return v;
}
