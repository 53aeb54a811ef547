/**
 * Klipper's extended commands (a word, then `NAME=VALUE` parameters: `SET_HEATER_TEMPERATURE
 * HEATER=extruder TARGET=210`) as the policy judges them on a Klipper printer. Everywhere else the
 * firmware answers "Unknown command", and the policy only shows such a line. Pure: a line in, a verdict out.
 */
import type { ForbiddenReason } from './forbidden-commands.js';

export type KlipperVerdict =
  | { kind: 'forbidden'; command: string; reason: ForbiddenReason }
  | { kind: 'heaters'; command: string; targets: Array<{ heater: 'hotend' | 'bed'; targetC: number }> }
  | { kind: 'host_action'; command: string }
  | { kind: 'allowed' };

/**
 * What a patron's file may not run, by the same reasons as the classic commands: stored settings
 * (SAVE_CONFIG writes printer.cfg), calibration, restarts, runtime limits and motor settings (as M201,
 * M204, M906 are refused), pins and the SD card.
 */
const FORBIDDEN: ReadonlyMap<string, ForbiddenReason> = new Map([
  ['SAVE_CONFIG', 'eeprom_command'],
  ['PID_CALIBRATE', 'autotune_command'], ['SHAPER_CALIBRATE', 'autotune_command'], ['PROBE_CALIBRATE', 'autotune_command'],
  ['Z_ENDSTOP_CALIBRATE', 'autotune_command'], ['MANUAL_PROBE', 'autotune_command'],
  ['RESTART', 'emergency_stop_command'], ['FIRMWARE_RESTART', 'emergency_stop_command'],
  ['SET_VELOCITY_LIMIT', 'machine_settings_command'], ['SET_KINEMATIC_POSITION', 'machine_settings_command'],
  ['Z_OFFSET_APPLY_PROBE', 'machine_settings_command'], ['Z_OFFSET_APPLY_ENDSTOP', 'machine_settings_command'],
  ['SET_TMC_CURRENT', 'machine_settings_command'], ['SET_TMC_FIELD', 'machine_settings_command'],
  ['FORCE_MOVE', 'machine_settings_command'], ['SET_STEPPER_ENABLE', 'machine_settings_command'],
  ['SET_PIN', 'pin_command'], ['SET_SERVO', 'pin_command'],
  ['SDCARD_PRINT_FILE', 'sd_card_command'], ['SDCARD_RESET_FILE', 'sd_card_command'],
  // A shell command on the Klipper host (the gcode_shell_command extension), and a file it writes.
  ['RUN_SHELL_COMMAND', 'host_action_command'], ['SAVE_VARIABLE', 'eeprom_command'],
].map(([name, reason]) => [name, reason as ForbiddenReason]));

/** A first word of letters, digits and underscores, not a classic `G1`/`M104`/`T0` word. */
const EXTENDED = /^([A-Za-z_][A-Za-z0-9_]*)(?=\s|$)/;
const CLASSIC = /^[GMTNgmtn]\d/;
const PARAM = /([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S*)/g;
/**
 * Parameters start macros take temperatures by (`PRINT_START EXTRUDER=215 BED=60`, as Orca's and
 * PrusaSlicer's Klipper profiles write): the macro heats to them, so they are checked like M104 and M140.
 */
const HOTEND_PARAMS = new Set(['EXTRUDER', 'EXTRUDER_TEMP', 'EXTRUDER_TEMPERATURE', 'HOTEND', 'HOTEND_TEMP', 'NOZZLE', 'NOZZLE_TEMP', 'TOOL_TEMP']);
const BED_PARAMS = new Set(['BED', 'BED_TEMP', 'BED_TEMPERATURE']);

/** Null when the line is not an extended command (a stray word with digits, binary bytes). */
export function judgeKlipperCommand(text: string): KlipperVerdict | null {
  const line = text.trim();
  const word = EXTENDED.exec(line);
  if (!word || CLASSIC.test(line)) return null;
  const command = word[1].toUpperCase();
  const reason = FORBIDDEN.get(command);
  if (reason) return { kind: 'forbidden', command, reason };
  const params = new Map<string, string>();
  for (const m of line.slice(word[0].length).matchAll(PARAM)) params.set(m[1].toUpperCase(), m[2].replace(/^["']|["']$/g, ''));
  if (command === 'SET_HEATER_TEMPERATURE') {
    const heater = (params.get('HEATER') ?? '').toLowerCase();
    const targetC = Number(params.get('TARGET') ?? 0);
    if (heater.startsWith('extruder')) return { kind: 'heaters', command, targets: [{ heater: 'hotend', targetC }] };
    if (heater === 'heater_bed') return { kind: 'heaters', command, targets: [{ heater: 'bed', targetC }] };
    return { kind: 'allowed' };
  }
  // RESPOND TYPE=command sends `// action:…`, which the host acts on (see protocol/responses.ts); so does
  // any PREFIX or MSG that spells the action out.
  if (command === 'RESPOND' && ((params.get('TYPE') ?? '').toLowerCase() === 'command'
    || /action:/i.test(params.get('MSG') ?? '') || /\/\/|action:/i.test(params.get('PREFIX') ?? ''))) {
    return { kind: 'host_action', command };
  }
  // The offset lasts until Klipper restarts: the next patron's first layer would be printed too high or into the bed.
  if (command === 'SET_GCODE_OFFSET' && [...params.values()].some((v) => Number(v) !== 0)) {
    return { kind: 'forbidden', command, reason: 'machine_settings_command' };
  }
  const targets: Array<{ heater: 'hotend' | 'bed'; targetC: number }> = [];
  for (const [name, value] of params) {
    const heater = HOTEND_PARAMS.has(name) ? 'hotend' : BED_PARAMS.has(name) ? 'bed' : null;
    if (heater && value.trim() !== '' && Number.isFinite(Number(value))) targets.push({ heater, targetC: Number(value) });
  }
  return targets.length > 0 ? { kind: 'heaters', command, targets } : { kind: 'allowed' };
}
