const groups = [
    ['eeprom_command', ['M500', 'M501', 'M502', 'M504']],
    ['firmware_update_command', ['M997']],
    ['machine_settings_command', [
            'M92', 'M201', 'M203', 'M204', 'M205', 'M206', 'M218', 'M301', 'M304', 'M428', 'M851',
            'M906', 'M907', 'M913', 'M914',
        ]],
    ['autotune_command', ['M303']],
    ['network_command', ['M550', 'M551', 'M552', 'M553', 'M554', 'M587', 'M588', 'M589']],
    ['sd_card_command', ['M28', 'M29', 'M30', 'M32', 'M928']],
    ['pin_command', ['M42', 'M43', 'M226', 'M260', 'M261']],
    ['emergency_stop_command', ['M112']],
];
export const DEFAULT_FORBIDDEN_COMMANDS = new Map(groups.flatMap(([reason, commands]) => commands.map((c) => [c, reason])));
//# sourceMappingURL=forbidden-commands.js.map