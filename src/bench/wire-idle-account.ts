/**
 * Where the host→printer wire sits idle during a benchmark run, and why: each idle stretch is booked
 * under the host's reason for not sending (the sender's `blockedBy()`) and the firmware loop's
 * activity at that moment. Sampled between SimClock events: nothing changes in between, so the
 * account is exact, not statistical.
 */
import type { SendBlock } from '../printer/protocol/sender.js';
import type { LoopActivity } from '../printer/virtual/virtual-printer.js';

export interface IdleSample {
  nowMs: number;
  /** When the bytes written so far will all have arrived. */
  wireBusyUntilMs: number;
  hostBlock: SendBlock | null;
  firmware: LoopActivity;
  /** True free RX bytes minus bytes still on the wire: what the oracle host could send now. */
  rxRoomBytes: number;
}

export type IdleKey = `${SendBlock | 'unsent'} / ${LoopActivity}`;

export class WireIdleAccount {
  readonly idleMs = new Map<IdleKey, number>();
  /** Idle time during which the RX buffer had room for at least `roomBytes` more: the host's view lagged. */
  roomIdleMs = 0;
  private last: IdleSample | null = null;

  constructor(private readonly roomBytes: number) {}

  sample(s: IdleSample): void {
    const prev = this.last;
    this.last = s;
    if (!prev) return;
    const idleFrom = Math.max(prev.nowMs, prev.wireBusyUntilMs);
    if (s.nowMs <= idleFrom) return;
    const ms = s.nowMs - idleFrom;
    const key: IdleKey = `${prev.hostBlock ?? 'unsent'} / ${prev.firmware}`;
    this.idleMs.set(key, (this.idleMs.get(key) ?? 0) + ms);
    if (prev.rxRoomBytes >= this.roomBytes) this.roomIdleMs += ms;
  }

  totalMs(): number {
    let total = 0;
    for (const ms of this.idleMs.values()) total += ms;
    return total;
  }
}
