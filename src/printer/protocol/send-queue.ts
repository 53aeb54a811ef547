/**
 * Commands waiting to be numbered and sent, one FIFO per source, drained in priority order: system
 * (session setup, probes) before operator (staff terminal, pause/cancel scripts) before poll (M105)
 * before job lines, so a temperature poll or a cancel never waits behind thousands of file lines.
 */
import type { Command, CommandSource } from './sender-types.js';

export interface QueuedCommand {
  command: Command;
  /** Cleaned text; '' when nothing of the line is left to send (a comment). */
  text: string;
}

const PRIORITY: readonly CommandSource[] = ['system', 'operator', 'poll', 'job'];

/** A FIFO that drops consumed entries in batches, so shifting a million job lines stays O(1). */
class Fifo {
  private items: QueuedCommand[] = [];
  private head = 0;
  get length(): number { return this.items.length - this.head; }
  push(item: QueuedCommand): void { this.items.push(item); }
  peek(): QueuedCommand | undefined { return this.items[this.head]; }
  shift(): QueuedCommand | undefined {
    const item = this.items[this.head];
    if (item === undefined) return undefined;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
  clear(): void { this.items = []; this.head = 0; }
  some(pred: (item: QueuedCommand) => boolean): boolean {
    for (let i = this.head; i < this.items.length; i++) if (pred(this.items[i]!)) return true;
    return false;
  }
}

export class SendQueues {
  private readonly fifos = new Map<CommandSource, Fifo>(PRIORITY.map((s) => [s, new Fifo()]));

  push(item: QueuedCommand): void {
    this.fifos.get(item.command.source)!.push(item);
  }

  hasDedupeKey(key: string): boolean {
    for (const fifo of this.fifos.values()) if (fifo.some((q) => q.command.dedupeKey === key)) return true;
    return false;
  }

  peek(): QueuedCommand | undefined {
    for (const s of PRIORITY) {
      const item = this.fifos.get(s)!.peek();
      if (item) return item;
    }
    return undefined;
  }

  shift(): QueuedCommand | undefined {
    for (const s of PRIORITY) {
      const fifo = this.fifos.get(s)!;
      if (fifo.length > 0) return fifo.shift();
    }
    return undefined;
  }

  count(source?: CommandSource): number {
    if (source) return this.fifos.get(source)!.length;
    let n = 0;
    for (const fifo of this.fifos.values()) n += fifo.length;
    return n;
  }

  drop(source?: CommandSource): number {
    const n = this.count(source);
    if (source) this.fifos.get(source)!.clear();
    else for (const fifo of this.fifos.values()) fifo.clear();
    return n;
  }
}
