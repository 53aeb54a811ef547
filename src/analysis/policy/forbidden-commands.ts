/**
 * Commands a patron's file may not contain, and why. They change the printer beyond this one print
 * (stored settings, firmware, network, files on its SD card), stop it, or make the host act on the
 * file's behalf. Runtime settings (M92, M201…) are listed too: a file that rewrites steps/mm or PID
 * values can damage the next print even if nothing is saved. Keys are `M500`, `G…`; values are reason codes.
 */
export type ForbiddenReason =
  | 'eeprom_command'
  | 'firmware_update_command'
  | 'machine_settings_command'
  | 'autotune_command'
  | 'network_command'
  | 'sd_card_command'
  | 'pin_command'
  | 'emergency_stop_command'
  | 'host_action_command';

const groups: Array<[ForbiddenReason, string[]]> = [
  ['eeprom_command', ['M500', 'M501', 'M502', 'M504']],
  ['firmware_update_command', ['M997']],
  ['machine_settings_command', [
    'M92', 'M201', 'M203', 'M204', 'M205', 'M206', 'M218', 'M301', 'M304', 'M428', 'M851',
    'M906', 'M907', 'M913', 'M914',
    // Safety switches that outlive the print: endstops off (M121), software endstops off (M211), cold
    // extrusion allowed (M302); and M575, a new baud rate, which cuts the host off mid-print.
    'M121', 'M211', 'M302', 'M575',
    // RepRapFirmware's configuration: heater limits, fault detection and models (M143, M570, M307),
    // jerk (M566, its M205), drives, microstepping, pins and probe (M584, M569, M350, M950, M558).
    'M143', 'M570', 'M307', 'M566', 'M584', 'M569', 'M350', 'M950', 'M558',
  ]],
  ['autotune_command', ['M303']],
  ['network_command', ['M540', 'M550', 'M551', 'M552', 'M553', 'M554', 'M586', 'M587', 'M588', 'M589']],
  // M23/M24/M26 start a print of the card's own behind the host's back; M98 runs a macro file and M559/M560
  // write files on a RepRapFirmware board; M929 starts its log file.
  ['sd_card_command', ['M23', 'M24', 'M26', 'M28', 'M29', 'M30', 'M32', 'M928', 'M98', 'M559', 'M560', 'M929']],
  ['pin_command', ['M42', 'M43', 'M226', 'M260', 'M261']],
  // M999 restarts a RepRapFirmware board (and clears a halt on Marlin): never the file's to do.
  ['emergency_stop_command', ['M112', 'M999']],
];

export const DEFAULT_FORBIDDEN_COMMANDS: ReadonlyMap<string, ForbiddenReason> = new Map(
  groups.flatMap(([reason, commands]) => commands.map((c): [string, ForbiddenReason] => [c, reason])),
);
