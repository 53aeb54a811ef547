/**
 * Pure helpers for the live gateway: what changed between two printer status snapshots, and when the
 * next push may go out. Clients keep the last full snapshot and merge these top-level changes into it.
 */
import type { PrinterStatus } from '../../printer/printer-types.js';

export type StatusChanges = Partial<PrinterStatus> & { printerId: string };

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Top-level fields of `next` that differ from `prev`; null when nothing changed. */
export function diffStatus(prev: PrinterStatus | null, next: PrinterStatus): StatusChanges | null {
  if (!prev) return { ...next };
  const changes: Record<string, unknown> = {};
  let any = false;
  for (const key of Object.keys(next) as (keyof PrinterStatus)[]) {
    if (!same(prev[key], next[key])) { changes[key] = next[key]; any = true; }
  }
  return any ? { ...(changes as Partial<PrinterStatus>), printerId: next.printerId } : null;
}

/** Milliseconds to wait before a push is allowed, given the last push time and a rate cap. */
export function pushDelayMs(lastPushMs: number | null, nowMs: number, maxHz: number): number {
  if (lastPushMs === null) return 0;
  return Math.max(0, lastPushMs + 1000 / maxHz - nowMs);
}
