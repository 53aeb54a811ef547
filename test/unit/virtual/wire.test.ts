import { describe, expect, it } from 'vitest';
import { SimClock } from '../../../src/core/clock.js';
import { WireDirection, byteTimeMs } from '../../../src/printer/virtual/virtual-wire.js';

function direction(baud: number) {
  const clock = new SimClock();
  const arrivals: Array<{ atMs: number; data: string }> = [];
  const wire = new WireDirection(clock, byteTimeMs(baud), (data) => arrivals.push({ atMs: clock.nowMs(), data }));
  return { clock, wire, arrivals };
}

describe('virtual wire timing (8N1: 10 bits per byte)', () => {
  it('delivers N bytes at 115200 baud after N*10/115200 s', () => {
    const { clock, wire, arrivals } = direction(115200);
    wire.write('x'.repeat(1152));
    clock.run();
    expect(arrivals).toHaveLength(1);
    expect(arrivals[0].atMs).toBeCloseTo((1152 * 10 * 1000) / 115200, 9);
  });

  it('queues writes behind each other', () => {
    const { clock, wire, arrivals } = direction(250000);
    wire.write('a'.repeat(100));
    wire.write('b'.repeat(50));
    clock.run();
    expect(arrivals.map((a) => a.atMs)).toEqual([4, 6].map((ms) => expect.closeTo(ms, 9)));
  });

  it('starts a later write when it is written, not before', () => {
    const { clock, wire, arrivals } = direction(115200);
    clock.advance(50);
    wire.write('ok\n');
    clock.run();
    expect(arrivals[0].atMs).toBeCloseTo(50 + (3 * 10 * 1000) / 115200, 9);
  });

  it('pump() hands over exactly the bytes that have arrived so far', () => {
    const { clock, wire, arrivals } = direction(10_000); // 1 ms per byte
    wire.write('0123456789');
    clock.run({ untilMs: 3.5 });
    wire.pump();
    expect(arrivals).toEqual([{ atMs: 3.5, data: '012' }]);
    expect(wire.pendingBytes()).toBe(7);
    clock.run();
    expect(arrivals.map((a) => a.data).join('')).toBe('0123456789');
    expect(arrivals[1].atMs).toBeCloseTo(10, 9);
  });

  it('loses the bytes in flight when the cable is cut', () => {
    const { clock, wire, arrivals } = direction(10_000);
    wire.write('0123456789');
    clock.run({ untilMs: 4.5 });
    wire.cut();
    clock.run();
    expect(arrivals).toEqual([]);
    expect(wire.pendingBytes()).toBe(0);
  });
});

describe('virtual wire after hours of simulated time', () => {
  it('still delivers every chunk when floating-point time no longer divides evenly into bytes', () => {
    const { clock, wire, arrivals } = direction(115200);
    clock.advance(268_128.123);
    const line = 'N1234 G1 X12.345 Y67.890 E0.12345*99\n';
    for (let i = 0; i < 2000; i++) wire.write(line);
    const events = clock.run({ maxEvents: 10_000 });
    expect(events).toBeLessThan(10_000);
    expect(arrivals.map((a) => a.data).join('').length).toBe(2000 * line.length);
  });
});
