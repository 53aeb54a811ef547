/** The typed listener sets behind `on`/`emit` of both link kinds (in process and in a process of its own). */
import type { PrinterLinkEvents } from './printer-link.js';

export type LinkListener<K extends keyof PrinterLinkEvents> = (payload: PrinterLinkEvents[K]) => void;

export class LinkListeners {
  private readonly sets = new Map<keyof PrinterLinkEvents, Set<LinkListener<never>>>();

  on<K extends keyof PrinterLinkEvents>(event: K, fn: LinkListener<K>): void {
    const set = this.sets.get(event) ?? new Set();
    set.add(fn as LinkListener<never>);
    this.sets.set(event, set);
  }

  off<K extends keyof PrinterLinkEvents>(event: K, fn: LinkListener<K>): void {
    this.sets.get(event)?.delete(fn as LinkListener<never>);
  }

  emit<K extends keyof PrinterLinkEvents>(event: K, payload: PrinterLinkEvents[K]): void {
    const set = this.sets.get(event);
    if (set) for (const fn of set) (fn as LinkListener<K>)(payload);
  }
}
