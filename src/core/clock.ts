/**
 * Time as a dependency. Pure cores take `nowMs` as an argument; shells get a Clock so that tests and
 * benchmarks can run on simulated time (SimClock) and the daemon on wall time (RealClock).
 */
export interface TimerHandle { readonly id: number }

export interface Clock {
  nowMs(): number;
  /** Calls `fn` once `delayMs` of this clock's time has passed. */
  setTimer(delayMs: number, fn: () => void): TimerHandle;
  clearTimer(handle: TimerHandle | null | undefined): void;
}

/** Wall time, optionally sped up: with timeScale 10, one real second is ten clock seconds. */
export class RealClock implements Clock {
  private readonly startReal = performance.now();
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private nextId = 1;
  constructor(private readonly timeScale = 1) {
    if (!(timeScale > 0)) throw new RangeError(`timeScale must be > 0, got ${timeScale}`);
  }
  nowMs(): number {
    return (performance.now() - this.startReal) * this.timeScale;
  }
  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const id = this.nextId++;
    const t = setTimeout(() => { this.timers.delete(id); fn(); }, Math.max(0, delayMs / this.timeScale));
    this.timers.set(id, t);
    return { id };
  }
  clearTimer(handle: TimerHandle | null | undefined): void {
    if (!handle) return;
    const t = this.timers.get(handle.id);
    if (t) { clearTimeout(t); this.timers.delete(handle.id); }
  }
}

interface SimTimer { id: number; atMs: number; seq: number; fn: () => void }

/**
 * Discrete-event clock: time advances only when the test or benchmark runs it, jumping straight to
 * the next timer. Host and virtual printer share one SimClock, so a two-hour print simulates in seconds
 * and every run is deterministic.
 */
export class SimClock implements Clock {
  private now = 0;
  private seq = 0;
  private nextId = 1;
  private heap: SimTimer[] = [];
  private cancelled = new Set<number>();

  nowMs(): number { return this.now; }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const t: SimTimer = { id: this.nextId++, atMs: this.now + Math.max(0, delayMs), seq: this.seq++, fn };
    this.push(t);
    return { id: t.id };
  }

  clearTimer(handle: TimerHandle | null | undefined): void {
    if (handle) this.cancelled.add(handle.id);
  }

  /** Runs timers in time order until none is left, `untilMs` is reached, or `stop()` says so. */
  run(opts: { untilMs?: number; stop?: () => boolean; maxEvents?: number } = {}): number {
    const until = opts.untilMs ?? Infinity;
    const maxEvents = opts.maxEvents ?? Infinity;
    let events = 0;
    while (this.heap.length > 0 && events < maxEvents) {
      if (opts.stop?.()) break;
      const top = this.heap[0];
      if (top.atMs > until) break;
      this.pop();
      if (this.cancelled.delete(top.id)) continue;
      this.now = Math.max(this.now, top.atMs);
      top.fn();
      events++;
    }
    if (until !== Infinity && this.now < until && !(opts.stop?.())) this.now = until;
    return events;
  }

  /** Moves time forward by `ms`, running every timer due on the way. */
  advance(ms: number): void { this.run({ untilMs: this.now + ms }); }

  pendingTimers(): number { return this.heap.length - this.cancelled.size; }

  private less(a: SimTimer, b: SimTimer): boolean {
    return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
  }
  private push(t: SimTimer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }
  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l], h[m])) m = l;
      if (r < h.length && this.less(h[r], h[m])) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
}
