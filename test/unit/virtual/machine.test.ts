import { describe, expect, it } from 'vitest';
import { framed, openBench } from './harness.js';

describe('motion in simulated time', () => {
  it('G1 X100 F6000 at 3000 mm/s² from rest to rest takes the trapezoid time before M400 answers', async () => {
    const b = await openBench();
    b.send('G1 X100 F6000', 'M400');
    b.clock.run();
    const g1 = b.printer.executed()[0];
    // v = 100 mm/s, a = 3000 mm/s²: 1/30 s up, 1/30 s down, 100 − 10/3 mm at 100 mm/s.
    const moveMs = (2 / 30 + (100 - 10 / 3) / 100) * 1000;
    expect(b.printer.stats().motionBusyMs).toBeCloseTo(moveMs, 6);
    const m400OkAt = b.timed.filter((t) => t.line.startsWith('ok'))[1].atMs;
    expect(m400OkAt - g1.atMs).toBeGreaterThanOrEqual(moveMs);
    expect(m400OkAt - g1.atMs).toBeLessThan(moveMs + 5);
  });

  it('keeps relative and absolute positions (G90/G91, M82/M83, G92) and reports them with M114', async () => {
    const b = await openBench();
    b.send('G1 X10 Y20 Z0.3 E1 F3000', 'G91', 'G1 X5 E0.5', 'G90', 'M83', 'G1 X0 E2', 'G92 E0', 'M114');
    b.clock.run();
    expect(b.received).toContain('X:0.00 Y:20.00 Z:0.30 E:0.00 Count X:0 Y:1600 Z:120');
    expect(b.printer.status().position).toEqual({ x: 0, y: 20, z: 0.3, e: 0 });
  });

  it('counts a planner underrun when moves arrive after the planner ran dry, not after M400', async () => {
    const b = await openBench();
    b.send('G1 X10 F6000', 'M400', 'G1 X20');
    b.clock.run();
    expect(b.printer.stats().plannerUnderruns).toBe(0);
    b.clock.advance(500);
    b.send('G1 X30');
    b.clock.run();
    expect(b.printer.stats().plannerUnderruns).toBe(1);
    expect(b.printer.stats().plannerStarvedMs).toBeGreaterThan(400);
  });

  it('G28 and G29 take time and send busy: processing every 2 s', async () => {
    const b = await openBench({ homingMs: 5000, probingMs: 9000 });
    b.send(framed(1, 'G28'), framed(2, 'G29'));
    b.clock.run();
    const busy = b.timed.filter((t) => t.line === 'echo:busy: processing').map((t) => t.atMs);
    expect(busy).toHaveLength(2 + 4);
    expect(busy[1] - busy[0]).toBeCloseTo(2000, 6);
    expect(b.firstAt(/^ok N2/)! - b.firstAt(/^ok N1/)!).toBeGreaterThanOrEqual(9000);
  });

  it('G4 dwells after the moves before it have finished', async () => {
    const b = await openBench();
    b.send('G1 X100 F6000', 'G4 P500', 'M105');
    b.clock.run();
    const [g1, , m105] = b.printer.executed();
    expect(m105.atMs - g1.atMs).toBeGreaterThan(1033 + 500);
  });
});

describe('heaters', () => {
  it('M109 heats to the target with a temperature line every second, then oks after the residency', async () => {
    const b = await openBench({ tempResidencyMs: 10_000 });
    b.send(framed(1, 'M109 S200'));
    b.clock.run();
    const waits = b.timed.filter((t) => / W:/.test(t.line));
    expect(waits.length).toBeGreaterThan(20);
    expect(waits[1].atMs - waits[0].atMs).toBeCloseTo(1000, 6);
    expect(waits[0].line).toMatch(/^ T:\d+\.\d\d \/200\.00 B:22\.00 \/0\.00 @:127 B@:0 W:\?$/);
    expect(waits.at(-1)!.line).toMatch(/W:[1-9]$/);
    const temps = waits.map((w) => Number(/T:([\d.]+)/.exec(w.line)![1]));
    for (let i = 1; i < temps.length; i++) expect(temps[i]).toBeGreaterThanOrEqual(temps[i - 1] - 1);
    const okAt = b.firstAt(/^ok N1/)!;
    expect(b.printer.status().temps.hotendC).toBeCloseTo(200, 0);
    // A hotend that takes a minute or so to heat, like a real one, not an instant jump.
    expect(okAt).toBeGreaterThan(30_000);
    expect(okAt).toBeLessThan(180_000);
  });

  it('M190 waits for the bed; M104/M140 set targets without waiting; M109 S below the temperature does not wait', async () => {
    const b = await openBench();
    b.send('M140 S60', 'M104 S150', 'M105');
    b.clock.run();
    expect(b.received.at(-1)).toMatch(/^ok T:22\.\d\d \/150\.00 B:22\.\d\d \/60\.00 @:127 B@:127$/);
    b.received.length = 0;
    b.send('M190 S60');
    b.clock.run();
    expect(b.printer.status().temps.bedC).toBeCloseTo(60, 0);
    b.send('M109 S100');
    const before = b.clock.nowMs();
    b.clock.run();
    expect(b.clock.nowMs() - before).toBeLessThan(50);
  });

  it('M155 S2 autoreports temperatures every 2 s until M155 S0', async () => {
    const b = await openBench();
    b.send('M155 S2');
    b.clock.run({ untilMs: b.clock.nowMs() + 7000 });
    b.send('M155 S0');
    b.clock.run({ untilMs: b.clock.nowMs() + 7000 });
    const reports = b.timed.filter((t) => t.line.startsWith(' T:'));
    expect(reports).toHaveLength(3);
    expect(reports[1].atMs - reports[0].atMs).toBeCloseTo(2000, 6);
  });
});

describe('host actions, emergencies and faults', () => {
  it('M600 pauses for the user until M108 arrives through the emergency parser', async () => {
    const b = await openBench();
    b.send(framed(1, 'M600'));
    b.clock.run({ untilMs: b.clock.nowMs() + 5000 });
    expect(b.received).toContain('//action:paused');
    expect(b.received.filter((l) => l === 'echo:busy: paused for user')).toHaveLength(2);
    expect(b.received.some((l) => l.startsWith('ok'))).toBe(false);
    b.send('M108');
    b.clock.run();
    expect(b.received).toContain('//action:resumed');
    expect(b.received.filter((l) => l.startsWith('ok'))).toEqual(['ok N1 P15 B3', 'ok P15 B3']);
  });

  it('M600 also ends when the knob is pressed, with the prompt closed', async () => {
    const b = await openBench();
    b.send(framed(1, 'M600'));
    b.clock.run({ untilMs: b.clock.nowMs() + 1000 });
    expect(b.received).toEqual(['//action:paused', '//action:prompt_end', '//action:prompt_begin Nozzle Parked',
      '//action:prompt_button Continue', '//action:prompt_show']);
    b.printer.pressContinue();
    b.clock.run();
    expect(b.received.slice(5)).toEqual(['//action:prompt_end', '//action:resumed', 'ok N1 P15 B3']);
  });

  it('M117 shows a message, M118 echoes to the host, M73 sets progress', async () => {
    const b = await openBench();
    b.send('M117 Tulostetaan', 'M118 hello', 'M118 A1 action:notification hi', 'M118 E1 note', 'M73 P42');
    b.clock.run();
    expect(b.received.filter((l) => !l.startsWith('ok'))).toEqual(['hello', '//action:notification hi', 'echo:note']);
    expect(b.printer.status()).toMatchObject({ lcdMessage: 'Tulostetaan', progressPct: 42 });
  });

  it('M112 halts at once through the emergency parser, even behind a long dwell, then stays silent', async () => {
    const b = await openBench();
    b.send(framed(1, 'G4 S60'), 'M112');
    b.clock.run({ untilMs: 1000 });
    expect(b.received).toEqual(['Error:Printer halted. kill() called!']);
    b.send('M105');
    b.clock.run();
    expect(b.received).toHaveLength(1);
    expect(b.printer.firmwareState()).toBe('killed');
  });

  it('without an emergency parser M112 waits its turn in the queue', async () => {
    const b = await openBench({ emergencyParser: false });
    b.send(framed(1, 'G4 S2'), 'M112');
    b.clock.run();
    expect(b.firstAt(/kill\(\) called/)!).toBeGreaterThan(2000);
    expect(b.received.slice(0, 2)).toEqual(['ok N1 P15 B3', 'Error:Printer halted. kill() called!']);
  });

  it('thermal runaway prints the two-line halt and kills', async () => {
    const b = await openBench();
    b.printer.injectThermalRunaway();
    b.clock.run();
    expect(b.received).toEqual(['Error:Thermal Runaway, system stopped! Heater_ID: 0', 'Error:Printer halted. kill() called!']);
  });

  it('a reset prints start and the banner and forgets the line number', async () => {
    const b = await openBench();
    b.send(framed(1, 'G90'), framed(2, 'G90'));
    b.clock.run();
    b.printer.reset();
    b.clock.run();
    expect(b.received.slice(2, 3)).toEqual(['start']);
    b.received.length = 0;
    b.send(framed(3, 'G90'));
    b.clock.run();
    expect(b.received[0]).toBe('Error:Line Number is not Last Line Number+1, Last Line: 0');
  });

  it('a pulled cable makes the transport report disconnected and refuse writes', async () => {
    const b = await openBench();
    const reasons: string[] = [];
    b.transport.on('disconnected', (r) => reasons.push(r));
    b.printer.injectDisconnect('usb gone');
    expect(reasons).toEqual(['usb gone']);
    expect(b.transport.isOpen()).toBe(false);
    expect(() => b.transport.write('M105\n')).toThrow(/closed/);
  });
});
