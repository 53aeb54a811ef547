const f2 = (v) => v.toFixed(2);
const f1 = (v) => v.toFixed(1);
const pwm = (p) => Math.round(p * 127);
const marlin = {
    // Marlin starts the report with a space; `ok` is glued in front of it for M105.
    temps: (t) => ` T:${f2(t.hotendC)} /${f2(t.hotendTargetC)} B:${f2(t.bedC)} /${f2(t.bedTargetC)} @:${pwm(t.hotendPower)} B@:${pwm(t.bedPower)}`,
    m105: (t) => [`ok${marlin.temps(t)}`],
    waitLine: (t, s) => `${marlin.temps(t)} W:${s === null ? '?' : s}`,
    unknown: (text) => [`echo:Unknown command: "${text}"`],
    lineError: (reason, last) => [`Error:${MARLIN_ERRORS[reason]}, Last Line: ${last}`, `Resend: ${last + 1}`],
    busy: (kind) => `echo:busy: ${kind}`,
    ok: (n, p, b, adv) => (adv ? `ok${n === null ? '' : ` N${n}`} P${p} B${b}` : 'ok'),
    firmwareInfo: (caps, machine) => [
        `FIRMWARE_NAME:Marlin 2.1.2.1 (virtual) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:${machine} EXTRUDER_COUNT:1 UUID:00000000-0000-4000-8000-000000000000`,
        ...Object.entries(caps).map(([k, v]) => `Cap:${k}:${v ? 1 : 0}`),
    ],
    banner: () => ['start', 'echo: External Reset', 'Marlin 2.1.2.1', 'echo: Last Updated: 2026-01-01 | Author: (Tulostamo virtual printer)'],
    killed: () => ['Error:Printer halted. kill() called!'],
    whileHalted: () => [],
    haltIsSoft: false,
    rules: { checks: 'sequence', m110: 'marlin', lineNumberMask: null },
};
const MARLIN_ERRORS = {
    checksum_mismatch: 'checksum mismatch',
    line_number_gap: 'Line Number is not Last Line Number+1',
    missing_checksum: 'No Checksum with line number',
    checksum_without_line_number: 'No Line Number with checksum',
};
const prusaTemps = (t) => `T:${f1(t.hotendC)} /${f1(t.hotendTargetC)} B:${f1(t.bedC)} /${f1(t.bedTargetC)} T0:${f1(t.hotendC)} /${f1(t.hotendTargetC)} @:${pwm(t.hotendPower)} B@:${pwm(t.bedPower)} P:${f1(t.bedC - 2)} A:${f1(t.bedC - 4)}`;
const prusa = {
    ...marlin,
    temps: prusaTemps,
    m105: (t) => [`ok ${prusaTemps(t)}`],
    waitLine: (t, s) => `T:${f1(t.hotendC)} E:0 W:${s === null ? '?' : s}`,
    ok: () => 'ok',
    firmwareInfo: (caps, machine) => [
        `FIRMWARE_NAME:Prusa-Firmware 3.14.1 based on Marlin FIRMWARE_URL:https://github.com/prusa3d/Prusa-Firmware PROTOCOL_VERSION:1.0 MACHINE_TYPE:${machine} EXTRUDER_COUNT:1 UUID:00000000-0000-0000-0000-000000000000`,
        ...Object.entries(caps).map(([k, v]) => `Cap:${k}:${v ? 1 : 0}`),
    ],
    banner: () => ['start', 'echo: External Reset', 'Marlin 3.14.1'],
    rules: { checks: 'sequence', m110: 'leading_if_first', lineNumberMask: null },
};
const klipperTemps = (t) => `T0:${f1(t.hotendC)} /${f1(t.hotendTargetC)} B:${f1(t.bedC)} /${f1(t.bedTargetC)}`;
const klipper = {
    temps: klipperTemps,
    m105: (t) => [`ok ${klipperTemps(t)}`],
    waitLine: (t) => klipperTemps(t),
    unknown: (text) => [`// Unknown command:"${text.split(' ')[0].toUpperCase()}"`],
    lineError: () => [],
    busy: () => null,
    ok: () => 'ok',
    firmwareInfo: () => ['ok FIRMWARE_NAME:Klipper FIRMWARE_VERSION:v0.12.0-virtual'],
    banner: () => ['// Klipper state: Ready'],
    killed: () => ['// Klipper state: Shutdown', '!! Shutdown due to M112 command'],
    whileHalted: () => ['!! Printer is shutdown', 'ok'],
    haltIsSoft: true,
    rules: { checks: 'none', m110: 'leading', lineNumberMask: null },
};
const rrfTemps = (t) => `T:${f1(t.hotendC)} /${f1(t.hotendTargetC)} T0:${f1(t.hotendC)} /${f1(t.hotendTargetC)} B:${f1(t.bedC)} /${f1(t.bedTargetC)}`;
const reprapfirmware = {
    temps: rrfTemps,
    m105: (t) => [`ok ${rrfTemps(t)}`],
    waitLine: (t) => rrfTemps(t),
    unknown: (text) => [`Error: Bad command: ${text}`],
    lineError: () => [],
    busy: () => null,
    ok: () => 'ok',
    firmwareInfo: () => ['FIRMWARE_NAME: RepRapFirmware for Duet 3 MB6HC FIRMWARE_VERSION: 3.5.0 ELECTRONICS: Duet 3 MB6HC v1.01 FIRMWARE_DATE: 2024-01-01'],
    banner: () => ['RepRapFirmware for Duet 3 MB6HC is up and running.'],
    killed: () => ['Emergency Stop! Reset the controller to continue.'],
    whileHalted: () => [],
    haltIsSoft: false,
    rules: { checks: 'drop_bad', m110: 'leading', lineNumberMask: null },
};
const smoothieTemps = (t) => `T:${f1(t.hotendC)} /${f1(t.hotendTargetC)} @${pwm(t.hotendPower)} B:${f1(t.bedC)} /${f1(t.bedTargetC)} @${pwm(t.bedPower)}`;
const smoothieware = {
    temps: smoothieTemps,
    m105: (t) => [`ok ${smoothieTemps(t)}`],
    waitLine: (t) => smoothieTemps(t),
    // Smoothie acknowledges codes it has no module for without a word.
    unknown: () => [],
    lineError: (_reason, last) => [`rs N${last + 1}`],
    busy: () => null,
    ok: () => 'ok',
    firmwareInfo: () => ['FIRMWARE_NAME:Smoothieware, FIRMWARE_URL:http%3A//smoothieware.org, X-SOURCE_CODE_URL:https://github.com/Smoothieware/Smoothieware, FIRMWARE_VERSION:edge-virtual, X-FIRMWARE_BUILD_DATE:2026-01-01, X-SYSTEM_CLOCK:120MHz, X-AXES:5', 'ok'],
    banner: () => ['Smoothie', 'ok'],
    killed: () => ['ok Emergency Stop Requested - reset or M999 required to exit HALT state'],
    whileHalted: () => ['!!'],
    haltIsSoft: true,
    rules: { checks: 'sequence', m110: 'leading', lineNumberMask: null },
};
const repetierTemps = (t) => `T:${f2(t.hotendC)} /${Math.round(t.hotendTargetC)} B:${f2(t.bedC)} /${Math.round(t.bedTargetC)} B@:${pwm(t.bedPower)} @:${pwm(t.hotendPower)}`;
const repetier = {
    temps: repetierTemps,
    // Repetier acknowledges before it prints the command's output.
    m105: (t) => ['ok', repetierTemps(t)],
    waitLine: (t) => repetierTemps(t),
    unknown: (text) => [`Unknown command:${text}`],
    lineError: (reason, last) => [REPETIER_ERRORS[reason](last), `Resend:${last + 1}`],
    busy: (kind) => (kind === 'processing' ? 'busy:processing' : 'busy:paused for user interaction'),
    ok: (n) => (n === null ? 'ok' : `ok ${n}`),
    firmwareInfo: (_caps, machine) => [`FIRMWARE_NAME:Repetier_1.0.4 FIRMWARE_URL:https://github.com/repetier/Repetier-Firmware/ PROTOCOL_VERSION:1.0 MACHINE_TYPE:${machine} EXTRUDER_COUNT:1 REPETIER_PROTOCOL:3`],
    banner: () => ['start', 'Info:External Reset'],
    killed: () => ['fatal:Printer halted. kill() called!'],
    whileHalted: () => [],
    haltIsSoft: false,
    rules: { checks: 'sequence', m110: 'leading', lineNumberMask: 0xffff },
};
const REPETIER_ERRORS = {
    checksum_mismatch: () => 'Error:Wrong checksum',
    line_number_gap: (last) => `Error:expected line ${last + 1}`,
    missing_checksum: () => 'Error:Missing checksum',
    checksum_without_line_number: () => 'Error:Missing linenumber',
};
const DIALECTS = { marlin, prusa, klipper, reprapfirmware, smoothieware, repetier };
export function dialectFor(firmware) {
    return DIALECTS[firmware];
}
//# sourceMappingURL=dialects.js.map