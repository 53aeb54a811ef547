/**
 * The safety policy, applied during the analyser's single pass: it watches every line and move and
 * records findings with line numbers. Limits come from the printer profile and the material; nothing
 * here knows a particular printer.
 */
import { machineReachMm, type FirmwareProfile } from '../../printer/profile-types.js';
import { cleanLine, commandCode, FRAME_OVERHEAD_BYTES } from '../../printer/protocol/gcode-line.js';
import type { CoreWatch } from '../gcode/gcode-core.js';
import type { GcodeObserver, RawCommand } from '../gcode/gcode-observer.js';
import { hasWord, Word, type CommandWords } from '../gcode/gcode-words.js';
import { DEFAULT_FORBIDDEN_COMMANDS, type ForbiddenReason } from './forbidden-commands.js';
import { judgeKlipperCommand } from './klipper-commands.js';
import { FindingList } from './finding.js';

export interface PolicyLimits {
  /** Min x y z, max x y z (mm) plastic may be laid at: the printer's reach (machineReachMm). */
  reachMm: { min: [number, number, number]; max: [number, number, number] };
  /** The reach in words, for findings: the build volume, or the declared reach. */
  reachText: string;
  maxHotendTempC: number;
  maxBedTempC: number;
  /** Longest line the firmware keeps, counting the `N… ` and `*cs` the sender adds. */
  maxLineBytes: number;
  forbidden: ReadonlyMap<string, ForbiddenReason>;
  /**
   * Travel may leave the reach by this much in X/Y when the profile does not declare its reach: stock
   * start scripts park or wipe just off the bed, and firmware allows it. Plastic must stay inside.
   */
  travelMarginMm: number;
  /** The firmware runs Klipper's extended commands (`SAVE_CONFIG`, `SET_HEATER_TEMPERATURE …`): judge them, do not just show them. */
  extendedCommands: boolean;
  /**
   * RepRapFirmware sets tool temperatures with `G10 P<tool> S<active> R<standby>` and `M568`, as
   * PrusaSlicer writes for it. (On Marlin, G10 is a retraction and its S is not a temperature.)
   */
  toolTemperatureCommands: boolean;
}

/** Material limits tighten the printer's; the lower of the two applies. */
export function policyLimitsFor(profile: FirmwareProfile, material?: { maxHotendTempC?: number; maxBedTempC?: number }): PolicyLimits {
  const m = profile.machine;
  const reach = machineReachMm(m);
  const v = m.buildVolumeMm;
  return {
    reachMm: reach,
    reachText: m.reachMm
      ? `the printer's reach (X ${reach.min[0]}…${reach.max[0]}, Y ${reach.min[1]}…${reach.max[1]}, Z ${reach.min[2]}…${reach.max[2]} mm)`
      : `the ${v.x}×${v.y}×${v.z} mm build volume`,
    maxHotendTempC: Math.min(m.maxHotendTempC, material?.maxHotendTempC ?? Infinity),
    maxBedTempC: m.heatedBed ? Math.min(m.maxBedTempC, material?.maxBedTempC ?? Infinity) : 0,
    maxLineBytes: profile.dialect.maxLineBytes,
    forbidden: DEFAULT_FORBIDDEN_COMMANDS,
    travelMarginMm: m.reachMm ? 0 : 5,
    extendedCommands: profile.firmware === 'klipper',
    toolTemperatureCommands: profile.firmware === 'reprapfirmware',
  };
}

const EPSILON_MM = 1e-3;
/** The heater each temperature command sets (sub-codes such as Prusa's M104.1 are read as their integer). */
/** The heater an M command's number sets (by number: the analysis asks for every M command it reads). */
const HEATER_OF_M = new Map<number, 'hotend' | 'bed'>([[104, 'hotend'], [109, 'hotend'], [140, 'bed'], [190, 'bed']]);
const OUTSIDE = 'outside_build_volume';

export class PolicyChecker implements GcodeObserver {
  readonly findings = new FindingList();

  /** The forbidden table by letter and number, so the common G1 line costs one lookup and no string. */
  private readonly forbiddenByLetter = new Map<string, Map<number, ForbiddenReason>>();

  readonly watch: CoreWatch;
  private lastOutsideLine = -1;

  constructor(private readonly limits: PolicyLimits) {
    const { min, max } = limits.reachMm;
    const m = limits.travelMarginMm;
    this.watch = {
      maxCommandBytes: limits.maxLineBytes - FRAME_OVERHEAD_BYTES,
      extrudingBox: [min[0] - EPSILON_MM, min[1] - EPSILON_MM, min[2] - EPSILON_MM, max[0] + EPSILON_MM, max[1] + EPSILON_MM, max[2] + EPSILON_MM],
      travelBox: [min[0] - m - EPSILON_MM, min[1] - m - EPSILON_MM, min[2] - EPSILON_MM, max[0] + m + EPSILON_MM, max[1] + m + EPSILON_MM, max[2] + EPSILON_MM],
    };
    for (const [command, reason] of limits.forbidden) {
      const letter = command[0];
      if (!this.forbiddenByLetter.has(letter)) this.forbiddenByLetter.set(letter, new Map());
      this.forbiddenByLetter.get(letter)!.set(Number(command.slice(1)), reason);
    }
  }

  onLongLine(line: number, commandBytes: number): void {
    const total = commandBytes + FRAME_OVERHEAD_BYTES;
    if (commandBytes > 0 && total > this.limits.maxLineBytes && !this.findings.countIfFull('line_too_long')) {
      this.findings.add({
        code: 'line_too_long', line, severity: 'refuse',
        message: `line ${line} is ${commandBytes} bytes; with line number and checksum it exceeds the firmware's ${this.limits.maxLineBytes}`,
        params: { bytes: commandBytes, maxBytes: this.limits.maxLineBytes - FRAME_OVERHEAD_BYTES },
      });
    }
  }

  onCommand(line: number, w: CommandWords, raw: RawCommand): void {
    if (w.malformed || w.letter === '') {
      const text = raw.text();
      if (this.limits.extendedCommands && this.extendedCommand(line, text)) return;
      if (!this.forbiddenAsSent(line, text)) this.malformedLine(line, text);
      return;
    }
    // Firmware dispatches on the integer: `M500.1` is M500 wherever sub-codes are not compiled in.
    const reason = this.forbiddenByLetter.get(w.letter)?.get(Math.trunc(w.code));
    if (reason) {
      this.forbiddenCommand(line, `${w.letter}${w.code}`, reason);
      return;
    }
    if (w.letter === 'M' && (w.code === 117 || w.code === 118)) {
      const text = raw.text();
      // M118 echoes to the host, which runs `action:…` lines; M117 text can carry `//action:` through echo too.
      if ((w.code === 118 && /action:/i.test(text)) || text.includes('//action:')) {
        this.findings.add({ code: 'host_action_command', line, severity: 'refuse', message: `host action from the file: ${clip(text)}` });
      }
      return;
    }
    if (w.letter === 'M') this.checkTemperature(line, w);
    if (this.limits.toolTemperatureCommands && ((w.letter === 'G' && w.code === 10) || (w.letter === 'M' && w.code === 568))) {
      const command = `${w.letter}${w.code}`;
      if (hasWord(w, Word.S)) this.checkTarget(line, command, 'hotend', w.values[Word.S]);
      if (hasWord(w, Word.R)) this.checkTarget(line, command, 'hotend', w.values[Word.R]);
    }
  }

  /**
   * A line the words cannot be read from (`M500 !`, `M5(x)00`, `M104 S300 !`, RepRapFirmware's
   * `M587 S"net"`) still runs: the sender sends it without its comments, and firmware acts on its letter
   * and number, finds its parameters by their letters, and ignores the rest. Refuses it if that command
   * is forbidden, or sets a heater above the limit.
   */
  private forbiddenAsSent(line: number, text: string): boolean {
    const cleaned = cleanLine(text, { maxLineBytes: Number.MAX_SAFE_INTEGER });
    const code = cleaned.ok ? commandCode(cleaned.command) : null;
    if (code === null) return false;
    const number = Number(code.slice(1));
    const reason = this.forbiddenByLetter.get(code[0])?.get(number);
    if (reason) {
      this.forbiddenCommand(line, code, reason);
      return true;
    }
    if (!cleaned.ok) return false;
    const heater = code[0] === 'M' ? HEATER_OF_M.get(number) : undefined;
    if (!heater) return false;
    // The temperature as firmware finds it: the first S (else R) followed by a number, wherever it stands.
    const rest = cleaned.command.slice(code.length);
    const target = TARGET_S.exec(rest) ?? TARGET_R.exec(rest);
    return target !== null && this.checkTarget(line, code, heater, Number(target[1]));
  }

  /** A Klipper extended command, judged; false when the line is not one (then it is shown as unreadable). */
  private extendedCommand(line: number, text: string): boolean {
    const verdict = judgeKlipperCommand(text);
    if (verdict === null) return false;
    if (verdict.kind === 'forbidden') this.forbiddenCommand(line, verdict.command, verdict.reason);
    else if (verdict.kind === 'heaters') for (const t of verdict.targets) this.checkTarget(line, verdict.command, t.heater, t.targetC);
    else if (verdict.kind === 'host_action') {
      this.findings.add({ code: 'host_action_command', line, severity: 'refuse', message: `host action from the file: ${clip(text)}` });
    }
    return true;
  }

  private forbiddenCommand(line: number, name: string, reason: ForbiddenReason): void {
    this.findings.add({ code: reason, line, severity: 'refuse', message: `${name} is not allowed in a patron's file`, params: { command: name } });
  }

  onMoveOutside(line: number, position: Float64Array, extruding: boolean): boolean {
    const x = position[0]; const y = position[1]; const z = position[2];
    // The watch is the rule: the pass may count moves outside it without asking (onMovesOutsideCounted).
    const b = extruding ? this.watch.extrudingBox : this.watch.travelBox;
    if (!(x < b[0] || y < b[1] || z < b[2] || x > b[3] || y > b[4] || z > b[5])) return true;
    if (this.findings.countIfFull(OUTSIDE)) return false;
    // An arc is many chords on one line: the line is listed once, so the list still shows other lines.
    if (line === this.lastOutsideLine) {
      this.findings.countMore(OUTSIDE, 1);
      return true;
    }
    this.lastOutsideLine = line;
    this.findings.add({
      code: OUTSIDE, line, severity: 'refuse',
      message: `${extruding ? 'extrusion' : 'move'} to X${round(x)} Y${round(y)} Z${round(z)} leaves ${this.limits.reachText}`,
      params: { x: round(x), y: round(y), z: round(z), extruding },
    });
    return true;
  }

  onMovesOutsideCounted(count: number): void {
    this.findings.countMore(OUTSIDE, count);
  }

  /**
   * Bytes the sender would refuse mid-print (backslash, non-ASCII) refuse the file now; anything else
   * unreadable (a Klipper macro such as START_PRINT, a stray word) is only shown.
   */
  private malformedLine(line: number, text: string): void {
    const cleaned = cleanLine(text, { maxLineBytes: Number.MAX_SAFE_INTEGER });
    if (!cleaned.ok) {
      this.findings.add({ code: cleaned.reason, line, severity: 'refuse', message: `line ${line}: ${cleaned.message}` });
      return;
    }
    this.findings.add({ code: 'unparseable_line', line, severity: 'warn', message: `line ${line} is not a G-code command: ${clip(text)}` });
  }

  private checkTemperature(line: number, w: CommandWords): void {
    // Prusa's M104.1 and other sub-codes set the same heater.
    const code = Math.trunc(w.code);
    const heater = HEATER_OF_M.get(code);
    if (!heater) return;
    const target = hasWord(w, Word.S) ? w.values[Word.S] : hasWord(w, Word.R) ? w.values[Word.R] : NaN;
    this.checkTarget(line, `M${code}`, heater, target);
  }

  /** True when the target is refused. */
  private checkTarget(line: number, command: string, heater: 'hotend' | 'bed', targetC: number): boolean {
    const max = heater === 'hotend' ? this.limits.maxHotendTempC : this.limits.maxBedTempC;
    if (!(targetC > max)) return false;
    this.findings.add({
      code: heater === 'hotend' ? 'hotend_temp_too_high' : 'bed_temp_too_high', line, severity: 'refuse',
      message: `${command} asks for ${targetC} °C; the limit for this printer and material is ${max} °C`,
      params: { requestedC: targetC, maxC: max },
    });
    return true;
  }
}

const TARGET_S = /\bS\s*([+-]?\d+(?:\.\d*)?)/i;
const TARGET_R = /\bR\s*([+-]?\d+(?:\.\d*)?)/i;

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
