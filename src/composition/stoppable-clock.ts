/**
 * A clock that can be switched off. The virtual printer is simulated hardware: like a real printer it
 * keeps its own timers (heaters, autoreport) running after the host disconnects, so the daemon stops
 * its simulated time explicitly, or the process would never exit after SIGTERM.
 */
import type { Clock, TimerHandle } from '../core/clock.js';

export class StoppableClock implements Clock {
  private readonly live = new Map<number, TimerHandle>();
  private nextId = 1;
  private stopped = false;

  constructor(private readonly inner: Clock) {}

  nowMs(): number { return this.inner.nowMs(); }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const id = this.nextId++;
    if (this.stopped) return { id };
    this.live.set(id, this.inner.setTimer(delayMs, () => { this.live.delete(id); fn(); }));
    return { id };
  }

  clearTimer(handle: TimerHandle | null | undefined): void {
    if (!handle) return;
    this.inner.clearTimer(this.live.get(handle.id));
    this.live.delete(handle.id);
  }

  /** Cancels every pending timer; later ones are ignored. */
  stop(): void {
    this.stopped = true;
    for (const h of this.live.values()) this.inner.clearTimer(h);
    this.live.clear();
  }
}
