// A key is upper case, may carry `_`/`-` (Smoothie's `X-SYSTEM_CLOCK`), and starts the line or follows
// a space or comma; so `https://…` or `14:52:40` inside a value never starts a new field.
const FIELD_KEY = /(?:^|[\s,]+)([A-Z][A-Z0-9_]*(?:-[A-Z0-9_]+)*):\s?/g;
/**
 * Parses the first line of an M115 reply. Real lines:
 * Marlin  `FIRMWARE_NAME:Marlin 2.1.2.1 (Github) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:3D Printer EXTRUDER_COUNT:1 UUID:cede2a2f-41a2-4748-9b12-c55c62f367ff`
 * Prusa   `FIRMWARE_NAME:Prusa-Firmware 3.13.3 based on Marlin FIRMWARE_URL:https://github.com/prusa3d/Prusa-Firmware PROTOCOL_VERSION:1.0 MACHINE_TYPE:Prusa i3 MK3S EXTRUDER_COUNT:1 UUID:00000000-0000-0000-0000-000000000000`
 * Klipper `FIRMWARE_NAME:Klipper FIRMWARE_VERSION:v0.12.0-85-gd785b396` (after `ok `)
 * RRF     `FIRMWARE_NAME: RepRapFirmware for Duet 2 WiFi/Ethernet FIRMWARE_VERSION: 3.4.5 ELECTRONICS: Duet WiFi 1.02 or later FIRMWARE_DATE: 2022-11-30 14:52:40`
 * Smoothie `FIRMWARE_NAME:Smoothieware, FIRMWARE_URL:http%3A//smoothieware.org, X-SOURCE_CODE_URL:https://github.com/Smoothieware/Smoothieware, FIRMWARE_VERSION:edge-3ba1d7b, X-FIRMWARE_BUILD_DATE:Jul 12 2020 11:21:45, X-SYSTEM_CLOCK:100MHz, X-AXES:5`
 * Malyan  `NAME. Malyan VER: 3.0 MODEL: M200 HW: HA02`
 */
export function parseFirmwareInfo(line) {
    const text = line.trim();
    const malyan = /^NAME\.\s*(\S+)/.exec(text);
    if (malyan) {
        const fields = parseFields(text.slice(malyan[0].length));
        return { firmwareName: malyan[1], family: 'malyan', fields };
    }
    const fields = parseFields(text);
    const firmwareName = fields.FIRMWARE_NAME?.replace(/,$/, '').trim() || null;
    return { firmwareName, family: familyOf(firmwareName), fields };
}
function parseFields(text) {
    const fields = {};
    const keys = [...text.matchAll(FIELD_KEY)];
    keys.forEach((m, i) => {
        const start = m.index + m[0].length;
        const end = i + 1 < keys.length ? keys[i + 1].index : text.length;
        fields[m[1]] = text.slice(start, end).replace(/,\s*$/, '').trim();
    });
    return fields;
}
export function familyOf(firmwareName) {
    if (!firmwareName)
        return null;
    const rules = [
        [/prusa/i, 'prusa'],
        [/klipper/i, 'klipper'],
        [/reprapfirmware|\bRRF\b/i, 'reprapfirmware'],
        [/smoothie/i, 'smoothieware'],
        [/repetier/i, 'repetier'],
        [/malyan/i, 'malyan'],
        [/marlin/i, 'marlin'],
    ];
    return rules.find(([re]) => re.test(firmwareName))?.[1] ?? null;
}
/** `Cap:AUTOREPORT_TEMP:1` → {name, enabled}; null for any other line. */
export function parseCapabilityLine(line) {
    const m = /^Cap:([A-Z0-9_]+):\s*([01])\s*$/i.exec(line.trim());
    return m ? { name: m[1].toUpperCase(), enabled: m[2] === '1' } : null;
}
const TEMP_AUTOREPORT_INTERVAL_S = 2;
const POSITION_AUTOREPORT_INTERVAL_S = 5;
/** What to send after identification, from the M115 capabilities and the profile. */
export function planSession(capabilities, dialect) {
    const commands = [];
    const autoreportTemp = dialect.autoreportTemp && capabilities.AUTOREPORT_TEMP === true;
    if (autoreportTemp)
        commands.push(`M155 S${TEMP_AUTOREPORT_INTERVAL_S}`);
    if (capabilities.AUTOREPORT_POS === true)
        commands.push(`M154 S${POSITION_AUTOREPORT_INTERVAL_S}`);
    // Announcing prompt support makes Marlin ask us (not its LCD only) on filament runout and M600.
    if (capabilities.HOST_ACTION_COMMANDS === true && capabilities.PROMPT_SUPPORT === true)
        commands.push('M876 P1');
    return {
        commands,
        autoreportTemp,
        emergencyParser: dialect.emergencyParser || capabilities.EMERGENCY_PARSER === true,
    };
}
//# sourceMappingURL=capabilities.js.map