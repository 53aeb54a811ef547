/**
 * The in-process bench for controller tests: the real controller, link and sender on a SimClock,
 * talking to the virtual printer over its simulated wire.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimClock } from '../../../src/core/clock.js';
import { PrinterController } from '../../../src/printer/printer-controller.js';
import { PrinterLink } from '../../../src/printer/printer-link.js';
import type { PrinterEvents } from '../../../src/printer/printer-types.js';
import type { FirmwareProfile, StreamMode } from '../../../src/printer/profile-types.js';
import { cleanLine, commandCode } from '../../../src/printer/protocol/gcode-line.js';
import { createVirtualPrinterSetup, type VirtualPrinterSetupOptions } from '../../../src/printer/virtual/virtual-setup.js';

const STEP_MS = 100;
/** Sent by the link itself: handshake, capabilities, autoreport, prompt answers, polls. */
const SESSION_CODES = new Set(['M110', 'M115', 'M155', 'M105', 'M876']);

export interface SimPrinterOptions extends Partial<Omit<VirtualPrinterSetupOptions, 'clock' | 'profile'>> {
  profile: FirmwareProfile;
  mode?: StreamMode;
  reconnectDelaysMs?: number[];
}

export function simPrinter(opts: SimPrinterOptions) {
  const { profile, mode, reconnectDelaysMs, ...virtualOptions } = opts;
  const clock = new SimClock();
  const setup = createVirtualPrinterSetup({ clock, profile, baudRate: 115_200, ...virtualOptions });
  const link = new PrinterLink({ transport: setup.transport, profile, clock, mode });
  const controller = new PrinterController({ id: 'p1', link, clock, reconnectDelaysMs });
  const counts = new Map<keyof PrinterEvents, number>();
  const events: Array<{ [K in keyof PrinterEvents]: { name: K; payload: PrinterEvents[K]; atMs: number } }[keyof PrinterEvents]> = [];
  for (const name of ['printer:status', 'printer:state_changed', 'printer:print_started', 'printer:print_finished',
    'printer:print_failed', 'printer:print_interrupted', 'printer:alarm'] as const) {
    controller.on(name, (payload) => {
      events.push({ name, payload, atMs: clock.nowMs() } as never);
      counts.set(name, (counts.get(name) ?? 0) + 1);
    });
  }
  /** Cheap enough for a stop predicate, which SimClock calls before every timer. */
  const count = (name: keyof PrinterEvents): number => counts.get(name) ?? 0;
  const ended = () => count('printer:print_finished') + count('printer:print_failed') + count('printer:print_interrupted') > 0;

  /**
   * Runs simulated time until `done` holds. It yields to the event loop every STEP_MS of simulated
   * time, so a promise continuation (connect awaiting the port) runs about when it would on wall time.
   */
  async function runUntil(done: () => boolean, limitMs = 24 * 3600_000): Promise<void> {
    const deadline = clock.nowMs() + limitMs;
    for (;;) {
      await new Promise((r) => setImmediate(r));
      if (done()) return;
      if (clock.nowMs() >= deadline) throw new Error(`condition not met within ${limitMs} ms of simulated time (state ${controller.state()})`);
      clock.run({ stop: done, untilMs: Math.min(deadline, clock.nowMs() + STEP_MS) });
    }
  }

  /** Lets `ms` of simulated time pass. */
  async function advance(ms: number): Promise<void> {
    const untilMs = clock.nowMs() + ms;
    await runUntil(() => clock.nowMs() >= untilMs, ms + 1);
  }

  async function connect(): Promise<void> {
    const p = controller.connect();
    await runUntil(() => controller.state() === 'idle', 60_000);
    await p;
  }

  const named = <K extends keyof PrinterEvents>(name: K): PrinterEvents[K][] =>
    events.filter((e) => e.name === name).map((e) => e.payload as PrinterEvents[K]);

  /**
   * What the firmware executed apart from the link's own session and polling commands. A line that does
   * not start with a command letter (a corrupted `N` turned into `^6713 G1 …`) moves nothing: Marlin
   * answers `Unknown command`, so it is not counted as work.
   */
  const executedWork = () => setup.printer.executed()
    .filter((c) => {
      const code = commandCode(c.text);
      return code !== null && !SESSION_CODES.has(code);
    })
    .map((c) => c.text);

  return { clock, setup, link, controller, events, named, count, ended, runUntil, advance, connect, executedWork };
}

/** The commands of a G-code text as the firmware should execute them: comments gone, blank lines skipped. */
export function fileCommands(text: string, profile: FirmwareProfile): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const c = cleanLine(raw, { maxLineBytes: profile.dialect.maxLineBytes });
    if (c.ok && c.command !== '') out.push(c.command);
  }
  return out;
}

export function writeTemp(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tulostamo-stream-')), name);
  writeFileSync(path, text);
  return path;
}
