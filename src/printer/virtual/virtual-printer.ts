/**
 * A Marlin-like firmware on a Clock, with a byte-level host interface: `receiveBytes` is the UART,
 * `onOutput` is what the firmware writes. It is the built-in printer for demos and the test bench for
 * the serial link, so it keeps the real firmware's structure where that decides what the host sees:
 *
 * - bytes land in an RX ring of rxBufferBytes (one slot always empty, as MarlinSerial's); when it is
 *   full they are lost (a UART overrun);
 * - the main loop reads the ring into a command queue of commandBufferLines, only while the queue has
 *   room and only between commands; a move that finds the planner full blocks the loop;
 * - a line error prints Error/Resend/ok and empties the ring, so the tail of a line still arriving
 *   becomes a new unnumbered line that runs if it parses (the genuine Marlin hazard);
 * - `ok` goes out after the command has been processed, so ok also carries motion backpressure.
 *
 * Dialects change the words (dialects.ts) and the rules (the profile's dialect flags).
 */
import type { Clock, TimerHandle } from '../../core/clock.js';
import type { FirmwareProfile } from '../profile-types.js';
import { dialectFor, type Dialect, type TempSnapshot } from './dialects.js';
import { EmergencyParser, type EmergencyCommand } from './emergency-parser.js';
import { FaultInjector } from './fault-injector.js';
import { nextFirmwareState, type FirmwareEvent, type FirmwareState } from './firmware-state.js';
import { parseGcode, param, type GcodeCommand } from './gcode-command.js';
import { Heaters, type HeaterId } from './heaters.js';
import { LineAssembler } from './line-assembler.js';
import { checkLine, type LineErrorReason, type LineRules } from './line-check.js';
import { MotionQueue, type MotionStats } from './motion-queue.js';
import type { Axes } from './planner.js';
import { BED_PARAMS, HOTEND_PARAMS, type HeaterParams } from './thermal.js';

/** See VirtualPrinterOptions.bootMs. */
const DEFAULT_BOOT_MS = 500;

export interface VirtualPrinterOptions {
  clock: Clock;
  profile: FirmwareProfile;
  faults?: FaultInjector;
  /** Time the firmware spends parsing and dispatching one command before its ok. */
  turnaroundMs?: number;
  /** Marlin ADVANCED_OK: `ok N<n> P<planner free> B<queue free>`. Default on for Marlin, off elsewhere. */
  advancedOk?: boolean;
  /** Marlin's EMERGENCY_PARSER (Klipper: its out-of-order M112). Default on for Marlin and Klipper. */
  emergencyParser?: boolean;
  /** M115 `Cap:` lines; merged over the defaults. AUTOREPORT_TEMP also decides whether M155 exists. */
  capabilities?: Record<string, boolean>;
  /** Marlin BLOCK_BUFFER_SIZE; one block is always kept free, as Marlin's ring does. */
  blockBufferSize?: number;
  /** HOST_KEEPALIVE interval (M113). */
  keepaliveIntervalMs?: number;
  homingMs?: number;
  probingMs?: number;
  /** M109/M190 finish once within tempWindowC for tempResidencyMs (Marlin TEMP_WINDOW/TEMP_RESIDENCY_TIME). */
  tempWindowC?: number;
  tempResidencyMs?: number;
  /**
   * Bootloader time after a reset, during which received bytes are lost (half a second by default, as an
   * Arduino-style board that resets when the port opens). With none, a command the host wrote just
   * before `start` was run and answered after it, an `ok` real boards never send.
   */
  bootMs?: number;
  hotend?: HeaterParams;
  bed?: HeaterParams;
  /** Keep the executed-command log (on by default; a long soak may turn it off). */
  logExecuted?: boolean;
}

/** One command the firmware actually executed, in execution order. */
export interface ExecutedCommand {
  text: string;
  /** Whether it arrived as a numbered line (a flushed line tail runs unnumbered). */
  numbered: boolean;
  lineNumber: number | null;
  atMs: number;
}

export interface VirtualPrinterStats extends MotionStats {
  linesReceived: number;
  lineErrors: number;
  /** Lines RRF dropped silently for a bad checksum. */
  linesDropped: number;
  /** Repetier `skip` answers. */
  linesSkipped: number;
  overrunBytes: number;
  commandsExecuted: number;
  unknownCommands: number;
  oksSent: number;
  emergencyCommands: number;
  resets: number;
  /** Time the main loop spent inside commands (turnaround and waits), i.e. not reading serial. */
  loopBusyMs: number;
}

export interface VirtualPrinterStatus {
  position: Axes;
  temps: TempSnapshot;
  fanPct: number;
  progressPct: number | null;
  lcdMessage: string;
  queuedCommands: number;
  plannerMovesFree: number;
  lastLineNumber: number;
}

interface QueuedCommand { text: string; numbered: boolean; lineNumber: number | null }

type WaitKind = 'turnaround' | 'processing' | 'planner_slot' | 'sync' | 'heating' | 'user';
export type LoopActivity = WaitKind | 'running' | 'reading';

interface Wait {
  kind: WaitKind;
  timer: TimerHandle | null;
  keepalive: TimerHandle | null;
  /** Re-checked whenever a planner block finishes. */
  onPlanner?: () => void;
  /** Ends the wait early (M108, M876, the knob). */
  release?: () => void;
}

const STEPS_PER_MM: Axes = { x: 80, y: 80, z: 400, e: 93 };
const HEAT_CHECK_MS = 250;
const HEAT_REPORT_MS = 1000;
const DEFAULT_FEEDRATE_MM_S = 50;
/** Codes that configure things the simulation does not model; real firmware accepts them quietly. */
const ACCEPTED_QUIETLY = new Set([
  'G10', 'G11', 'G21', 'M17', 'M18', 'M84', 'M92', 'M201', 'M203', 'M204', 'M205', 'M211',
  'M220', 'M221', 'M300', 'M302', 'M420', 'M500', 'M501', 'M524', 'M555', 'M862', 'M900', 'M907', 'T0',
]);
const DELIBERATE_WAITS: ReadonlySet<WaitKind> = new Set(['processing', 'sync', 'heating', 'user']);

export class VirtualPrinter {
  readonly profile: FirmwareProfile;
  private readonly clock: Clock;
  private readonly faults: FaultInjector;
  private readonly dialect: Dialect;
  private readonly rules: LineRules;
  private readonly bufsize: number;
  private readonly turnaroundMs: number;
  private readonly advancedOk: boolean;
  private readonly capabilities: Record<string, boolean>;
  private readonly opts: Required<Pick<VirtualPrinterOptions,
    'homingMs' | 'probingMs' | 'tempWindowC' | 'tempResidencyMs' | 'bootMs' | 'logExecuted'>>;
  private keepaliveIntervalMs: number;

  private readonly rx: Uint8Array;
  private rxHead = 0;
  private rxLength = 0;
  private readonly assembler: LineAssembler;
  private readonly emergency: EmergencyParser | null;
  private rxSync: () => void = () => {};
  private readonly outputs: Array<(text: string) => void> = [];
  private readonly disconnectListeners: Array<(reason: string) => void> = [];

  private state: FirmwareState = 'running';
  private booting: TimerHandle | null = null;
  private loopTimer: TimerHandle | null = null;
  private inLoop = false;
  private queue: QueuedCommand[] = [];
  private current: { cmd: QueuedCommand; startedMs: number } | null = null;
  private wait: Wait | null = null;
  private lastLineNumber = 0;
  /** Repetier: the line it asked for, and how many stray lines it will still answer with `skip`. */
  private resendExpected: number | null = null;
  private skipBudget = 0;

  private readonly motion: MotionQueue;
  private readonly heaters: Heaters;
  private position: Axes = { x: 0, y: 0, z: 0, e: 0 };
  private absoluteXyz = true;
  private absoluteE = true;
  private feedrateMmS = DEFAULT_FEEDRATE_MM_S;
  private fanPct = 0;
  private progressPct: number | null = null;
  private lcdMessage = '';
  private autoreport: TimerHandle | null = null;

  private readonly executedLog: ExecutedCommand[] = [];
  private readonly counters = {
    linesReceived: 0, lineErrors: 0, linesDropped: 0, linesSkipped: 0, overrunBytes: 0, commandsExecuted: 0,
    unknownCommands: 0, oksSent: 0, emergencyCommands: 0, resets: 0, loopBusyMs: 0,
  };

  constructor(options: VirtualPrinterOptions) {
    const { clock, profile } = options;
    this.clock = clock;
    this.profile = profile;
    this.faults = options.faults ?? new FaultInjector();
    this.dialect = dialectFor(profile.firmware);
    this.rules = { ...this.dialect.rules, rejectsChecksumWithoutLineNumber: profile.dialect.rejectsChecksumWithoutLineNumber };
    if (!profile.dialect.checksLineNumbers && this.rules.checks === 'sequence') this.rules.checks = 'none';
    this.bufsize = profile.dialect.commandBufferLines;
    this.turnaroundMs = options.turnaroundMs ?? 2;
    const isMarlin = profile.firmware === 'marlin';
    this.advancedOk = options.advancedOk ?? isMarlin;
    const emergencyParser = options.emergencyParser ?? (isMarlin || profile.firmware === 'klipper');
    this.capabilities = {
      SERIAL_XON_XOFF: false, BINARY_FILE_TRANSFER: false, EEPROM: false, AUTOREPORT_TEMP: profile.dialect.autoreportTemp,
      AUTOREPORT_POS: false, AUTOLEVEL: true, Z_PROBE: true, EMERGENCY_PARSER: emergencyParser, HOST_ACTION_COMMANDS: true,
      PROMPT_SUPPORT: true, SDCARD: true, EXTENDED_M20: false, ...options.capabilities,
    };
    this.keepaliveIntervalMs = options.keepaliveIntervalMs ?? 2000;
    this.opts = {
      homingMs: options.homingMs ?? 8000,
      probingMs: options.probingMs ?? 60_000,
      tempWindowC: options.tempWindowC ?? 1,
      tempResidencyMs: options.tempResidencyMs ?? 10_000,
      bootMs: options.bootMs ?? DEFAULT_BOOT_MS,
      logExecuted: options.logExecuted ?? true,
    };
    // A ring buffer as MarlinSerial's: one slot stays empty to tell full from empty.
    this.rx = new Uint8Array(profile.dialect.rxBufferBytes - 1);
    this.assembler = new LineAssembler({
      maxLineBytes: profile.dialect.maxLineBytes,
      keepBlankLines: profile.dialect.okOnBlankLines,
      dropHighBitBytes: profile.firmware === 'prusa',
    });
    this.emergency = this.capabilities.EMERGENCY_PARSER ? new EmergencyParser() : null;
    this.motion = new MotionQueue(clock, profile.machine.motion, (options.blockBufferSize ?? 16) - 1);
    this.motion.onChange(() => this.onPlannerChange());
    this.heaters = new Heaters(clock, options.hotend ?? HOTEND_PARAMS, options.bed ?? BED_PARAMS);
  }

  // ---- the wire side -------------------------------------------------------------------------------

  /** Bytes arriving from the host (latin-1). Called by the wire as they arrive. */
  receiveBytes(data: string): void {
    if (this.state === 'killed' || this.booting) return;
    for (let i = 0; i < data.length; i++) {
      const code = data.charCodeAt(i) & 0xff;
      if (this.emergency) {
        const hit = this.emergency.feed(code);
        // M112 kills at once: the rest of this chunk falls on deaf ears.
        if (hit && this.onEmergency(hit) === 'killed') return;
      }
      if (this.rxLength === this.rx.length) {
        this.counters.overrunBytes++;
        continue;
      }
      this.rx[(this.rxHead + this.rxLength) % this.rx.length] = code;
      this.rxLength++;
    }
    this.scheduleLoop();
  }

  onOutput(fn: (text: string) => void): void {
    this.outputs.push(fn);
  }

  /** Lets the wire hand over the bytes that have arrived so far, before the firmware reads its ring. */
  setRxSync(fn: () => void): void {
    this.rxSync = fn;
  }

  onDisconnect(fn: (reason: string) => void): void {
    this.disconnectListeners.push(fn);
  }

  // ---- observation for tests and benchmarks --------------------------------------------------------

  executed(): readonly ExecutedCommand[] {
    return this.executedLog;
  }

  stats(): VirtualPrinterStats {
    return { ...this.counters, ...this.motion.stats };
  }

  firmwareState(): FirmwareState {
    return this.state;
  }

  /** Free bytes in the RX ring, for the benchmark's oracle host (a real host cannot see this). */
  rxFreeBytes(): number {
    return this.rx.length - this.rxLength;
  }

  /** What the main loop is doing: reading serial ('reading'), or the wait it sits in. */
  loopActivity(): LoopActivity {
    if (this.wait) return this.wait.kind;
    return this.current ? 'running' : 'reading';
  }

  status(): VirtualPrinterStatus {
    return {
      position: { ...this.position }, temps: this.heaters.snapshot(), fanPct: this.fanPct, progressPct: this.progressPct,
      lcdMessage: this.lcdMessage, queuedCommands: this.queue.length, plannerMovesFree: this.motion.movesFree(),
      lastLineNumber: this.lastLineNumber,
    };
  }

  // ---- programmatic faults and buttons --------------------------------------------------------------

  /** A reset (DTR on port open, a brown-out, the reset button): prints `start` and forgets everything. */
  reset(): void {
    this.state = nextFirmwareState(this.state, 'reset', this.dialect.haltIsSoft);
    this.counters.resets++;
    this.stopEverything();
    this.lastLineNumber = 0;
    this.resendExpected = null;
    this.position = { x: 0, y: 0, z: 0, e: 0 };
    this.absoluteXyz = true;
    this.absoluteE = true;
    this.feedrateMmS = DEFAULT_FEEDRATE_MM_S;
    this.fanPct = 0;
    this.progressPct = null;
    this.clock.clearTimer(this.booting);
    this.booting = null;
    if (this.opts.bootMs <= 0) {
      this.emitLines(this.dialect.banner());
      return;
    }
    this.booting = this.clock.setTimer(this.opts.bootMs, () => {
      this.booting = null;
      this.emitLines(this.dialect.banner());
    });
  }

  injectThermalRunaway(heater: HeaterId = 'hotend'): void {
    if (this.state === 'killed') return;
    this.emit(`Error:Thermal Runaway, system stopped! Heater_ID: ${heater === 'hotend' ? 0 : 'bed'}`);
    this.kill('fatal_error');
  }

  /** The USB cable is pulled: the wire stops, the firmware itself carries on with what it has. */
  injectDisconnect(reason = 'virtual printer disconnected'): void {
    for (const fn of this.disconnectListeners) fn(reason);
  }

  /** Stop or Pause chosen on the printer's own screen during a host print: the firmware asks the host to act, as Prusa's does. */
  pressHostAction(action: 'cancel' | 'pause' | 'resume'): void {
    this.emit(`// action:${action}`);
  }

  /** The knob is pressed: ends an M600 wait for the user. */
  pressContinue(): void {
    if (this.wait?.kind === 'user') this.wait.release?.();
  }

  // ---- the main loop ------------------------------------------------------------------------------

  private scheduleLoop(): void {
    if (this.loopTimer || this.inLoop || this.current || this.state === 'killed') return;
    this.loopTimer = this.clock.setTimer(0, () => {
      this.loopTimer = null;
      this.runLoop();
    });
  }

  private runLoop(): void {
    if (this.current || this.state === 'killed' || this.booting) return;
    this.inLoop = true;
    this.rxSync();
    while (this.queue.length < this.bufsize && this.rxLength > 0) {
      const code = this.rx[this.rxHead];
      this.rxHead = (this.rxHead + 1) % this.rx.length;
      this.rxLength--;
      const line = this.assembler.feed(code);
      if (line !== null) this.handleLine(line);
    }
    this.inLoop = false;
    if (this.queue.length > 0) this.startNext();
  }

  private handleLine(line: string): void {
    this.counters.linesReceived++;
    if (line === '') {
      this.sendOk(null);
      return;
    }
    const numbered = line.charCodeAt(0) === 78;
    const leadingN = numbered ? leadingLineNumber(line) : null;
    if (leadingN !== null && this.profile.dialect.sendsSkip && this.skipStray(leadingN)) return;
    const verdict = checkLine(line, this.lastLineNumber, this.rules);
    if (verdict.kind === 'drop') {
      this.counters.linesDropped++;
      return;
    }
    if (verdict.kind === 'error') {
      this.lineError(verdict.reason);
      return;
    }
    if (verdict.lineNumber !== null && this.rules.checks !== 'none') this.lastLineNumber = verdict.lineNumber;
    this.queue.push({ text: verdict.command, numbered, lineNumber: leadingN });
  }

  private lineError(reason: LineErrorReason): void {
    this.counters.lineErrors++;
    this.emitLines(this.dialect.lineError(reason, this.lastLineNumber));
    if (this.profile.dialect.okAfterResend) this.sendOk(null, true);
    if (this.profile.dialect.flushesRxOnLineError) {
      this.rxSync();
      this.rxHead = 0;
      this.rxLength = 0;
    }
    this.assembler.reset();
    if (this.profile.dialect.sendsSkip) {
      this.resendExpected = this.lastLineNumber + 1;
      this.skipBudget = SKIP_WINDOW_LINES;
    }
  }

  /** Repetier answers lines it did not ask for after a resend request, and lines it already ran, with `skip`. */
  private skipStray(n: number): boolean {
    const alreadySeen = n <= this.lastLineNumber && n > this.lastLineNumber - SEEN_WINDOW_LINES;
    const stray = this.resendExpected !== null && n !== this.resendExpected && this.skipBudget > 0;
    if (n === this.resendExpected) this.resendExpected = null;
    if (!alreadySeen && !stray) return false;
    if (stray) this.skipBudget--;
    this.counters.linesSkipped++;
    this.emit(`skip ${n}`);
    this.sendOk(null, true);
    return true;
  }

  private startNext(): void {
    const cmd = this.queue[0];
    this.current = { cmd, startedMs: this.clock.nowMs() };
    const stallMs = this.faults.busyBeforeCommandMs();
    this.sleep(stallMs > 0 ? 'processing' : 'turnaround', this.turnaroundMs + stallMs, () => this.execute(cmd));
  }

  private execute(cmd: QueuedCommand): void {
    const gcode = parseGcode(cmd.text);
    if (this.state === 'halted') {
      if (gcode.code === 'M999' || cmd.text.toUpperCase() === 'FIRMWARE_RESTART') {
        this.state = nextFirmwareState(this.state, 'restart_command', true);
        this.finish([]);
      } else {
        this.finish(this.dialect.whileHalted(), true);
      }
      return;
    }
    if (this.opts.logExecuted) {
      this.executedLog.push({ text: cmd.text, numbered: cmd.numbered, lineNumber: cmd.lineNumber, atMs: this.clock.nowMs() });
    }
    this.counters.commandsExecuted++;
    this.dispatch(gcode, cmd.text);
  }

  /** Ends the current command: its output, its ok, then back to reading serial. */
  private finish(lines: readonly string[], noOk = false): void {
    const current = this.current;
    if (!current) return;
    this.clearWait();
    this.emitLines(lines);
    if (!noOk && !lines.some(isOkLine)) this.sendOk(current.cmd);
    this.queue.shift();
    this.current = null;
    this.counters.loopBusyMs += this.clock.nowMs() - current.startedMs;
    this.runLoop();
  }

  // ---- commands -----------------------------------------------------------------------------------

  private dispatch(g: GcodeCommand, text: string): void {
    switch (g.code) {
      case 'G0': case 'G1': case 'G2': case 'G3': return this.move(g);
      case 'G4': return this.afterMotion(() => this.sleep('processing', param(g, 'P', 0) + param(g, 'S', 0) * 1000, () => this.finish([])));
      case 'G28': return this.afterMotion(() => this.sleep('processing', this.opts.homingMs, () => this.home(g)));
      case 'G29': case 'G80': return this.afterMotion(() => this.sleep('processing', this.opts.probingMs, () => this.finish([])));
      case 'G90': this.absoluteXyz = true; this.absoluteE = true; return this.finish([]);
      case 'G91': this.absoluteXyz = false; this.absoluteE = false; return this.finish([]);
      case 'M82': this.absoluteE = true; return this.finish([]);
      case 'M83': this.absoluteE = false; return this.finish([]);
      case 'G92': return this.setPosition(g);
      case 'M400': return this.afterMotion(() => this.finish([]));
      case 'M104': this.heaters.setTarget('hotend', param(g, 'S', 0)); return this.finish([]);
      case 'M140': this.heaters.setTarget('bed', param(g, 'S', 0)); return this.finish([]);
      case 'M109': return this.heatAndWait('hotend', g);
      case 'M190': return this.heatAndWait('bed', g);
      case 'M105': return this.finish(this.dialect.m105(this.heaters.snapshot()));
      case 'M106': this.fanPct = Math.round((param(g, 'S', 255) / 255) * 100); return this.finish([]);
      case 'M107': this.fanPct = 0; return this.finish([]);
      case 'M155': return this.capabilities.AUTOREPORT_TEMP ? this.setAutoreport(param(g, 'S', 0)) : this.unknown(text);
      case 'M114': return this.finish([this.positionReport()]);
      case 'M115': return this.finish(this.dialect.firmwareInfo(this.capabilities, this.profile.machine.name));
      case 'M110': return this.setLineNumber(g);
      case 'M112': return this.kill('emergency_stop');
      case 'M108': case 'M410': case 'M876': return this.finish([]);
      case 'M113': this.keepaliveIntervalMs = param(g, 'S', 2) * 1000; return this.finish([]);
      case 'M117': this.lcdMessage = g.argText; return this.finish([]);
      case 'M118': return this.finish([hostEcho(g.argText)]);
      case 'M73': this.progressPct = param(g, 'P', this.progressPct ?? 0); return this.finish([]);
      case 'M600': return this.afterMotion(() => this.filamentChange());
      case 'M20': return this.finish(['Begin file list', 'End file list']);
      case 'M21': return this.finish(['echo:SD card ok']);
      case 'M999': return this.finish([]);
      default:
        return g.code !== null && ACCEPTED_QUIETLY.has(g.code) ? this.finish([]) : this.unknown(text);
    }
  }

  private unknown(text: string): void {
    this.counters.unknownCommands++;
    this.finish(this.dialect.unknown(text));
  }

  private move(g: GcodeCommand): void {
    const target = (axis: keyof Axes, absolute: boolean): number => {
      const v = g.params.get(axis.toUpperCase());
      if (v === undefined || Number.isNaN(v)) return this.position[axis];
      return absolute ? v : this.position[axis] + v;
    };
    const next: Axes = {
      x: target('x', this.absoluteXyz), y: target('y', this.absoluteXyz), z: target('z', this.absoluteXyz), e: target('e', this.absoluteE),
    };
    const f = g.params.get('F');
    if (f !== undefined && f > 0) this.feedrateMmS = f / 60;
    const delta: Axes = { x: next.x - this.position.x, y: next.y - this.position.y, z: next.z - this.position.z, e: next.e - this.position.e };
    this.position = next;
    const tryAdd = (): void => {
      if (this.motion.add(delta, this.feedrateMmS)) this.finish([]);
      else if (!this.wait) this.wait = { kind: 'planner_slot', timer: null, keepalive: null, onPlanner: tryAdd };
    };
    tryAdd();
  }

  private home(g: GcodeCommand): void {
    const all = !g.params.has('X') && !g.params.has('Y') && !g.params.has('Z');
    for (const axis of ['x', 'y', 'z'] as const) if (all || g.params.has(axis.toUpperCase())) this.position[axis] = 0;
    this.finish([]);
  }

  private setPosition(g: GcodeCommand): void {
    for (const axis of ['x', 'y', 'z', 'e'] as const) {
      const v = g.params.get(axis.toUpperCase());
      if (v !== undefined && !Number.isNaN(v)) this.position[axis] = v;
    }
    this.finish([]);
  }

  private setLineNumber(g: GcodeCommand): void {
    const n = g.params.get('N');
    if (n !== undefined && !Number.isNaN(n) && this.rules.m110 !== 'leading') this.lastLineNumber = n;
    this.finish([]);
  }

  private positionReport(): string {
    const p = this.position;
    const count = (a: 'x' | 'y' | 'z') => Math.round(p[a] * STEPS_PER_MM[a]);
    return `X:${p.x.toFixed(2)} Y:${p.y.toFixed(2)} Z:${p.z.toFixed(2)} E:${p.e.toFixed(2)} Count X:${count('x')} Y:${count('y')} Z:${count('z')}`;
  }

  private setAutoreport(intervalS: number): void {
    this.clock.clearTimer(this.autoreport);
    this.autoreport = null;
    if (intervalS > 0) {
      const tick = () => {
        this.emit(this.dialect.temps(this.heaters.snapshot()));
        this.autoreport = this.clock.setTimer(intervalS * 1000, tick);
      };
      this.autoreport = this.clock.setTimer(intervalS * 1000, tick);
    }
    this.finish([]);
  }

  /** M109/M190: `S` waits only while heating, `R` also while cooling; done after the residency time in the window. */
  private heatAndWait(id: HeaterId, g: GcodeCommand): void {
    const targetC = g.params.has('R') ? param(g, 'R', 0) : param(g, 'S', 0);
    const coolingAllowed = g.params.has('R');
    this.heaters.setTarget(id, targetC);
    const startC = this.heaters.reading(id).tempC;
    if (targetC <= 0 || (!coolingAllowed && startC >= targetC)) return this.finish([]);
    this.motion.deliberateStop();
    let inWindowSinceMs: number | null = null;
    let nextReportMs = this.clock.nowMs() + HEAT_REPORT_MS;
    const wait: Wait = { kind: 'heating', timer: null, keepalive: null, release: () => this.finish([]) };
    const check = (): void => {
      const now = this.clock.nowMs();
      const tempC = this.heaters.reading(id).tempC;
      if (Math.abs(tempC - targetC) <= this.opts.tempWindowC) inWindowSinceMs ??= now;
      else inWindowSinceMs = null;
      const residedMs = inWindowSinceMs === null ? 0 : now - inWindowSinceMs;
      if (inWindowSinceMs !== null && residedMs >= this.opts.tempResidencyMs) return this.finish([]);
      if (now >= nextReportMs) {
        nextReportMs += HEAT_REPORT_MS;
        const remainingS = inWindowSinceMs === null ? null : Math.ceil((this.opts.tempResidencyMs - residedMs) / 1000);
        this.emit(this.dialect.waitLine(this.heaters.snapshot(), remainingS));
      }
      if (this.wait === wait) wait.timer = this.clock.setTimer(HEAT_CHECK_MS, check);
    };
    this.wait = wait;
    wait.timer = this.clock.setTimer(HEAT_CHECK_MS, check);
  }

  private filamentChange(): void {
    const prompt = this.capabilities.PROMPT_SUPPORT
      ? ['//action:prompt_end', '//action:prompt_begin Nozzle Parked', '//action:prompt_button Continue', '//action:prompt_show']
      : [];
    this.emitLines(['//action:paused', ...prompt]);
    this.wait = { kind: 'user', timer: null, keepalive: null, release: () => {
      if (this.capabilities.PROMPT_SUPPORT) this.emit('//action:prompt_end');
      this.emit('//action:resumed');
      this.finish([]);
    } };
    this.armKeepalive(this.wait);
  }

  // ---- waits --------------------------------------------------------------------------------------

  /** Runs `then` once the planner is empty (Marlin's planner.synchronize()). */
  private afterMotion(then: () => void): void {
    this.motion.deliberateStop();
    if (this.motion.isEmpty()) return then();
    this.wait = { kind: 'sync', timer: null, keepalive: null, onPlanner: () => { if (this.motion.isEmpty()) { this.clearWait(); then(); } } };
    this.armKeepalive(this.wait);
  }

  private sleep(kind: WaitKind, ms: number, then: () => void): void {
    const wait: Wait = { kind, timer: null, keepalive: null };
    this.wait = wait;
    wait.timer = this.clock.setTimer(ms, () => {
      wait.timer = null;
      this.clearWait();
      then();
    });
    if (kind !== 'turnaround') this.armKeepalive(wait);
  }

  private armKeepalive(wait: Wait): void {
    const busy = this.dialect.busy(wait.kind === 'user' ? 'paused for user' : 'processing');
    if (busy === null || this.keepaliveIntervalMs <= 0) return;
    const tick = () => {
      this.emit(busy);
      wait.keepalive = this.clock.setTimer(this.keepaliveIntervalMs, tick);
    };
    wait.keepalive = this.clock.setTimer(this.keepaliveIntervalMs, tick);
  }

  private clearWait(): void {
    const wait = this.wait;
    if (!wait) return;
    this.clock.clearTimer(wait.timer);
    this.clock.clearTimer(wait.keepalive);
    this.wait = null;
  }

  private onPlannerChange(): void {
    const wait = this.wait;
    if (!wait) return;
    if (DELIBERATE_WAITS.has(wait.kind)) this.motion.deliberateStop();
    wait.onPlanner?.();
  }

  // ---- emergencies --------------------------------------------------------------------------------

  private onEmergency(hit: EmergencyCommand): FirmwareState {
    this.counters.emergencyCommands++;
    switch (hit.code) {
      case 'M112':
        this.kill('emergency_stop');
        break;
      case 'M108':
        if (this.wait?.kind === 'heating' || this.wait?.kind === 'user') this.wait.release?.();
        break;
      case 'M876':
        if (this.wait?.kind === 'user') this.wait.release?.();
        break;
      case 'M410':
        this.motion.clear();
        this.onPlannerChange();
        break;
      case 'M524':
        break;
    }
    return this.state;
  }

  private kill(event: FirmwareEvent): void {
    const next = nextFirmwareState(this.state, event, this.dialect.haltIsSoft);
    if (next === this.state) return;
    const report = this.dialect.killed();
    this.emitLines(report);
    this.state = next;
    if (next === 'killed') return this.stopEverything();
    // A soft halt keeps answering; the command in progress ends with the halt report.
    this.heaters.allOff();
    this.motion.clear();
    if (this.current) this.finish([], report.some(isOkLine));
  }

  /** Drops the command queue, waits, timers and received bytes. */
  private stopEverything(): void {
    this.clearWait();
    this.clock.clearTimer(this.loopTimer);
    this.loopTimer = null;
    this.clock.clearTimer(this.autoreport);
    this.autoreport = null;
    this.motion.clear();
    this.heaters.allOff();
    this.queue = [];
    this.current = null;
    this.rxHead = 0;
    this.rxLength = 0;
    this.assembler.reset();
  }

  // ---- output -------------------------------------------------------------------------------------

  private sendOk(cmd: QueuedCommand | null, plain = false): void {
    if (this.faults.loseOk()) return;
    this.counters.oksSent++;
    const lineNumber = cmd && cmd.numbered ? cmd.lineNumber : null;
    this.emit(plain ? 'ok' : this.dialect.ok(lineNumber, this.motion.movesFree(), this.bufsize - this.queue.length, this.advancedOk));
  }

  private emitLines(lines: readonly string[]): void {
    for (const line of lines) this.emit(line);
  }

  private emit(line: string): void {
    if (this.state === 'killed') return;
    const text = `${line}\n`;
    for (const fn of this.outputs) fn(text);
  }
}

/** Repetier answers up to this many stray lines after a resend request with `skip`. */
const SKIP_WINDOW_LINES = 14;
/** Repetier recognises lines it has already run this far back. */
const SEEN_WINDOW_LINES = 40;

function leadingLineNumber(line: string): number | null {
  const m = /^N([+-]?\d+)/.exec(line);
  return m ? Number(m[1]) : null;
}

function isOkLine(line: string): boolean {
  return line === 'ok' || line.startsWith('ok ');
}

/** M118: `A1` prefixes `//` (a host action), `E1` prefixes `echo:`; `Pn` picks a port and is ignored here. */
function hostEcho(argText: string): string {
  let text = argText;
  let prefix = '';
  for (let m = /^([AEP])([01-9])\s*/.exec(text); m; m = /^([AEP])([01-9])\s*/.exec(text)) {
    if (m[1] === 'A' && m[2] === '1') prefix = '//';
    if (m[1] === 'E' && m[2] === '1' && prefix === '') prefix = 'echo:';
    text = text.slice(m[0].length);
  }
  return prefix + text;
}
