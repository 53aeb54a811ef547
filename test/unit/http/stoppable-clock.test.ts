import { describe, expect, it } from 'vitest';
import { SimClock } from '../../../src/core/clock.js';
import { StoppableClock } from '../../../src/composition/stoppable-clock.js';

describe('StoppableClock', () => {
  it('passes timers through until stopped, then runs none, old or new', () => {
    const sim = new SimClock();
    const clock = new StoppableClock(sim);
    const fired: string[] = [];
    clock.setTimer(10, () => fired.push('a'));
    const b = clock.setTimer(20, () => fired.push('b'));
    clock.setTimer(30, () => fired.push('c'));
    clock.clearTimer(b);
    sim.advance(15);
    clock.stop();
    clock.setTimer(1, () => fired.push('d'));
    sim.advance(100);
    expect(fired).toEqual(['a']);
    expect(sim.pendingTimers()).toBe(0);
    expect(clock.nowMs()).toBe(sim.nowMs());
  });
});
