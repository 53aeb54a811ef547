/**
 * How much longer than usual the firmware may legitimately stay silent or withhold its `ok` for one
 * command. Marlin answers `ok` only once a command has run, so homing, probing, heating, M400 behind
 * long moves and filament changes look exactly like a dead link unless the watchdogs are stretched.
 */
import { commandCode, commandParam } from './gcode-line.js';

const MINUTE_MS = 60_000;

/** Extra time per command code, beyond the profile's okTimeoutMs / noDataTimeoutMs. */
const LONG_COMMAND_ALLOWANCE_MS: Readonly<Record<string, number>> = {
  G28: 3 * MINUTE_MS,
  // Bed probing (Marlin G29, RRF G32, Prusa G80 mesh) can run for many minutes on a big grid.
  G29: 15 * MINUTE_MS,
  G32: 15 * MINUTE_MS,
  G80: 10 * MINUTE_MS,
  G34: 10 * MINUTE_MS,
  M48: 10 * MINUTE_MS,
  // Queued moves can take minutes to drain.
  M400: 5 * MINUTE_MS,
  // Heating waits report temperatures every second; those reports keep the ok watchdog alive, so the
  // allowance only has to cover a gap between reports.
  M109: MINUTE_MS,
  M190: MINUTE_MS,
  M191: MINUTE_MS,
  M116: MINUTE_MS,
  // Waiting for a person: filament change, unload/load, pause for user.
  M600: 24 * 60 * MINUTE_MS,
  M0: 24 * 60 * MINUTE_MS,
  M1: 24 * 60 * MINUTE_MS,
  M701: 5 * MINUTE_MS,
  M702: 5 * MINUTE_MS,
};

/** Commands during which temperature reports are progress, not just background chatter. */
const HEAT_WAIT_CODES = new Set(['M109', 'M190', 'M191', 'M116']);

/**
 * A Klipper extended command (`PRINT_START BED=60 EXTRUDER=215`, `BED_MESH_CALIBRATE`): often a macro that
 * homes, probes, heats and soaks for many minutes before its `ok`, printing temperatures meanwhile. Other
 * firmware answers such a line at once with "Unknown command", so the allowance costs nothing there.
 */
const EXTENDED_COMMAND = /^\s*[A-Za-z_][A-Za-z0-9_]*(?=\s|$)/;
const MACRO_ALLOWANCE_MS = 30 * MINUTE_MS;

/** `code`: the command's code, when the caller has it already (the sender reads it once per line). */
export function longCommandAllowanceMs(command: string, code = commandCode(command)): number {
  if (code === null) return EXTENDED_COMMAND.test(command) ? MACRO_ALLOWANCE_MS : 0;
  if (code === 'G4') {
    const seconds = commandParam(command, 'S');
    const millis = commandParam(command, 'P');
    return Math.max(0, (seconds ?? 0) * 1000, millis ?? 0);
  }
  return LONG_COMMAND_ALLOWANCE_MS[code] ?? 0;
}

/** Whether temperature reports show the firmware working on `command` (a heater wait, or a macro that may hold one). */
export function isHeatWait(command: string, code = commandCode(command)): boolean {
  return code === null ? EXTENDED_COMMAND.test(command) : HEAT_WAIT_CODES.has(code);
}
