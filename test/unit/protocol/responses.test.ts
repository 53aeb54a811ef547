import { describe, expect, it } from 'vitest';
import { parseResponse, type Response } from '../../../src/printer/protocol/responses.js';

type Shape = Partial<Record<string, unknown>> & { kind: Response['kind'] };

/** Real lines as the firmware prints them, per dialect, and the shape each must parse to. */
const TABLE: Array<[string, string, Shape]> = [
  // --- ok variants
  ['marlin', 'ok', { kind: 'ok', lineNumber: null, plannerFree: null, bufferFree: null, payload: null }],
  ['marlin ADVANCED_OK', 'ok N12 P15 B3', { kind: 'ok', lineNumber: 12, plannerFree: 15, bufferFree: 3, payload: null }],
  ['marlin ADVANCED_OK unnumbered', 'ok P15 B3', { kind: 'ok', lineNumber: null, plannerFree: 15, bufferFree: 3 }],
  ['repetier ACK_WITH_LINENUMBER', 'ok 1234', { kind: 'ok', lineNumber: 1234, payload: null }],
  ['smoothie', 'ok - Invalid G53', { kind: 'ok', lineNumber: null }],
  // --- resend variants
  ['marlin', 'Resend: 12', { kind: 'resend', lineNumber: 12 }],
  ['repetier', 'Resend:12', { kind: 'resend', lineNumber: 12 }],
  ['octoprint virtual', 'Resend: N:12', { kind: 'resend', lineNumber: 12 }],
  ['smoothie', 'rs N12', { kind: 'resend', lineNumber: 12 }],
  ['rrf 2019', 'rs 12', { kind: 'resend', lineNumber: 12 }],
  ['teacup', 'rs N2 Expected checksum 67', { kind: 'resend', lineNumber: 2 }],
  ['garbled (OctoPrint #4671)', 'Resend: 034497', { kind: 'resend', lineNumber: 34497 }],
  ['repetier', 'skip 13', { kind: 'skip', lineNumber: 13 }],
  // --- busy, wait, start
  ['marlin', 'echo:busy: processing', { kind: 'busy', reason: 'processing' }],
  ['marlin', 'echo:busy: paused for user', { kind: 'busy', reason: 'paused for user' }],
  ['repetier', 'busy:heating', { kind: 'busy', reason: 'heating' }],
  ['marlin', 'wait', { kind: 'wait' }],
  ['marlin', 'start', { kind: 'start' }],
  ['prusa (Prusa-Firmware #2868)', '\x00start', { kind: 'start' }],
  ['boot garbage', '\xff\xfestart', { kind: 'start' }],
  // --- temperatures
  ['marlin autoreport', ' T:210.00 /210.00 B:60.00 /60.00 @:64 B@:127', { kind: 'temperature' }],
  ['prusa wait', 'T:200.3 E:0 W:?', { kind: 'temperature' }],
  ['repetier target', 'TargetExtr0:210', { kind: 'temperature' }],
  ['smoothie', 'T:21.3 /0.0 @0 B:21.4 /0.0 @0', { kind: 'temperature' }],
  // --- position, SD
  ['marlin M114', 'X:10.00 Y:20.00 Z:0.30 E:1.50 Count X:800 Y:1600 Z:120', { kind: 'position', x: 10, y: 20, z: 0.3, e: 1.5 }],
  ['rrf M114', 'X:0.000 Y:0.000 Z:5.000 E:0.000 E0:-0.0 Count 0 0 4000 Machine 0.000 0.000 5.000 Bed comp 0.000', { kind: 'position', x: 0, y: 0, z: 5, e: 0 }],
  ['klipper M114', 'X:1.000 Y:2.000 Z:3.000 E:0.000', { kind: 'position', x: 1, y: 2, z: 3, e: 0 }],
  ['marlin M27', 'SD printing byte 1234/56789', { kind: 'sd_status', state: 'printing', bytePos: 1234, byteSize: 56789 }],
  ['klipper M27', 'SD printing byte 1234/56789.', { kind: 'sd_status', state: 'printing', bytePos: 1234 }],
  ['marlin M27', 'Not SD printing', { kind: 'sd_status', state: 'not_printing' }],
  ['rrf M27', 'Not SD printing.', { kind: 'sd_status', state: 'not_printing' }],
  ['marlin', 'Done printing file', { kind: 'sd_status', state: 'done' }],
  // --- M115
  ['marlin M115', 'FIRMWARE_NAME:Marlin 2.1.2.1 (Github) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:3D Printer EXTRUDER_COUNT:1 UUID:cede2a2f-41a2-4748-9b12-c55c62f367ff', { kind: 'firmware_info' }],
  ['malyan M115', 'NAME. Malyan VER: 3.0 MODEL: M200 HW: HA02', { kind: 'firmware_info' }],
  ['marlin cap', 'Cap:AUTOREPORT_TEMP:1', { kind: 'capability', name: 'AUTOREPORT_TEMP', enabled: true }],
  ['marlin cap', 'Cap:EMERGENCY_PARSER:0', { kind: 'capability', name: 'EMERGENCY_PARSER', enabled: false }],
  // --- actions and prompts
  ['marlin', '//action:pause', { kind: 'action', name: 'pause', params: '' }],
  ['marlin prompt', '//action:prompt_begin Filament runout', { kind: 'action', name: 'prompt_begin', params: 'Filament runout' }],
  ['marlin prompt', '//action:prompt_button Continue', { kind: 'action', name: 'prompt_button', params: 'Continue' }],
  ['marlin', '//action:notification Heating...', { kind: 'action', name: 'notification', params: 'Heating...' }],
  // --- echo
  ['marlin', 'echo:SD card ok', { kind: 'echo', text: 'SD card ok' }],
  ['marlin', 'echo: External Reset', { kind: 'echo', text: 'External Reset' }],
  ['klipper info', '// probe at 10.000,10.000 is z=0.112500', { kind: 'echo' }],
  // --- errors
  ['marlin', 'Error:Thermal Runaway, system stopped! Heater_ID: 0', { kind: 'error', errorClass: 'fatal', reason: 'thermal_runaway' }],
  ['marlin', 'Error:Printer halted. kill() called!', { kind: 'error', errorClass: 'fatal', reason: 'firmware_killed' }],
  ['marlin', 'Error:Heating failed, system stopped! Heater_ID: 0', { kind: 'error', errorClass: 'fatal', reason: 'heating_failed' }],
  ['marlin', 'Error:MINTEMP triggered, system stopped! Heater_ID: bed', { kind: 'error', errorClass: 'fatal', reason: 'mintemp' }],
  ['marlin', 'Error:MAXTEMP triggered, system stopped! Heater_ID: 0', { kind: 'error', errorClass: 'fatal', reason: 'maxtemp' }],
  ['marlin stopped', 'Error:Printer stopped due to errors. Fix the error and use M999 to restart. (Temperature is reset. Set it after restarting)', { kind: 'error', errorClass: 'fatal', reason: 'firmware_stopped' }],
  ['marlin', 'Error:checksum mismatch, Last Line: 11', { kind: 'error', errorClass: 'recoverable', reason: 'checksum_mismatch' }],
  ['garbled (OctoPrint #5119)', 'Error:c:ecksum mismatch, Last Line: 11', { kind: 'error', errorClass: 'recoverable', reason: 'checksum_mismatch' }],
  ['marlin', 'Error:Line Number is not Last Line Number+1, Last Line: 11', { kind: 'error', errorClass: 'recoverable', reason: 'line_number_mismatch' }],
  ['marlin', 'Error:No Checksum with line number, Last Line: 11', { kind: 'error', errorClass: 'recoverable', reason: 'line_no_checksum' }],
  ['prusa', 'Error:No Line Number with checksum, Last Line: 11', { kind: 'error', errorClass: 'recoverable', reason: 'line_no_number' }],
  ['marlin', 'echo:Unknown command: "Y0.25 F60000"', { kind: 'error', errorClass: 'nonfatal', reason: 'unknown_command' }],
  ['klipper', '// Unknown command:"FOO"', { kind: 'error', errorClass: 'nonfatal', reason: 'unknown_command' }],
  ['klipper', '!! Printer is shutdown', { kind: 'error', errorClass: 'fatal', reason: 'klipper_shutdown' }],
  ['klipper', '// Klipper state: Shutdown', { kind: 'error', errorClass: 'fatal', reason: 'klipper_shutdown' }],
  // Klipper refused the move and went on: the print cannot.
  ['klipper', '!! Move out of range: 250.000 0.000 0.200 [0.000]', { kind: 'error', errorClass: 'command_failed', reason: 'command_refused' }],
  ['klipper', '!! Must home axis first: 100.000 100.000 0.300 [0.000]', { kind: 'error', errorClass: 'command_failed', reason: 'command_refused' }],
  ['klipper', '// Klipper state: Disconnect', { kind: 'error', errorClass: 'command_failed', reason: 'printer_reset' }],
  ['repetier', 'fatal:Heater decoupled', { kind: 'error', errorClass: 'fatal', reason: 'firmware_fatal' }],
  ['rrf', 'Error: G1: insufficient axes homed', { kind: 'error', errorClass: 'nonfatal', reason: 'firmware_error' }],
  ['marlin SD', 'echo:Error:volume.init failed', { kind: 'echo' }],
  ['marlin SD', 'Error:open failed, File: x.gco.', { kind: 'error', errorClass: 'nonfatal', reason: 'sd_error' }],
  ['smoothie halt', '!!', { kind: 'error', errorClass: 'fatal' }],
  // --- unknown
  ['noise', '\x80\x81garbage', { kind: 'unknown' }],
  ['empty', '', { kind: 'unknown' }],
];

describe('parseResponse', () => {
  it.each(TABLE)('%s: %j', (_firmware, line, shape) => {
    expect(parseResponse(line)).toMatchObject(shape);
  });

  it('keeps the raw line', () => {
    expect(parseResponse('ok N5 P15 B3').raw).toBe('ok N5 P15 B3');
  });

  it('parses what follows ok as its own response', () => {
    const klipper = parseResponse('ok FIRMWARE_NAME:Klipper FIRMWARE_VERSION:v0.12.0-85-gd785b396');
    expect(klipper).toMatchObject({ kind: 'ok', payload: { kind: 'firmware_info', info: { firmwareName: 'Klipper', family: 'klipper' } } });
    const m105 = parseResponse('ok T:21.0 /0.0 B:20.5 /0.0 @:0 B@:0');
    expect(m105).toMatchObject({ kind: 'ok', payload: { kind: 'temperature' } });
    const adv = parseResponse('ok N7 P15 B3 T:21.0 /0.0');
    expect(adv).toMatchObject({ kind: 'ok', lineNumber: 7, payload: { kind: 'temperature' } });
  });
});
