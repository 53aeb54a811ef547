import { readFileSync } from 'node:fs';
/**
 * Every policy rule with a crafted file that breaks it and the same file without the breach, on the
 * real Ender-3 profile (220×220×250, 95-byte lines) and the real PLA entry of config/materials.json.
 */
import { describe, expect, it } from 'vitest';
import { PolicyChecker, policyLimitsFor } from '../../../src/analysis/policy/policy-checker.js';
import { MAX_FINDINGS_PER_CODE } from '../../../src/analysis/policy/finding.js';
import { findMaterial, loadMaterials } from '../../../src/analysis/materials.js';
import { loadProfile } from '../../../src/printer/profiles.js';
import { analyseText } from '../gcode/analyse-text.js';
import { EVERYWHERE } from '../../../src/analysis/gcode/gcode-core.js';
import type { GcodeObserver } from '../../../src/analysis/gcode/gcode-observer.js';

const profile = loadProfile('ender3');
const pla = findMaterial(loadMaterials(), 'pla').material;

function check(body: string) {
  const policy = new PolicyChecker(policyLimitsFor(profile, pla));
  analyseText(`M83\nG28\nM104 S200\nM140 S60\nG1 Z0.2 F3000\nG1 X50 Y50\n${body}\nG1 X60 Y60 E1\n`, { observers: [policy] });
  return policy.findings;
}

/** The line(s) at line 3 of a short file, checked for another printer's firmware. */
function checkOn(profileName: string, body: string) {
  const policy = new PolicyChecker(policyLimitsFor(loadProfile(profileName), pla));
  analyseText(`M83\nG28\n${body}\nG1 X60 Y60 E1 F600\n`, { observers: [policy] });
  return policy.findings;
}

const RULES: Array<[string, string, string, number]> = [
  // [reason code, offending line, harmless twin, line number of the offence]
  ['eeprom_command', 'M500', 'M503', 7],
  ['eeprom_command', 'M502 ; factory reset', 'M503', 7],
  ['firmware_update_command', 'M997', 'M115', 7],
  ['machine_settings_command', 'M92 E93', 'M114', 7],
  ['machine_settings_command', 'M201 X5000', 'M114', 7],
  ['machine_settings_command', 'M203 X500', 'M114', 7],
  ['machine_settings_command', 'M204 P3000', 'M114', 7],
  ['machine_settings_command', 'M205 X20', 'M114', 7],
  ['machine_settings_command', 'M206 Z-1', 'M114', 7],
  ['machine_settings_command', 'M301 P1 I2 D3', 'M106 S255', 7],
  ['machine_settings_command', 'M304 P1 I2 D3', 'M106 S255', 7],
  ['machine_settings_command', 'M851 Z-2', 'M114', 7],
  ['autotune_command', 'M303 E0 S200 C8', 'M105', 7],
  ['network_command', 'M552 S1', 'M105', 7],
  ['network_command', 'M550 Pevil', 'M105', 7],
  ['sd_card_command', 'M30 print.gco', 'M27', 7],
  ['pin_command', 'M42 P13 S255', 'M107', 7],
  ['emergency_stop_command', 'M112', 'M400', 7],
  ['host_action_command', 'M118 A1 action:cancel', 'M118 E1 hello', 7],
  ['host_action_command', 'M117 //action:shutdown', 'M117 Printing...', 7],
  ['hotend_temp_too_high', 'M104 S245', 'M104 S215', 7],
  ['hotend_temp_too_high', 'M109 R250', 'M109 R215', 7],
  ['bed_temp_too_high', 'M190 S90', 'M190 S65', 7],
  ['bed_temp_too_high', 'M140 S100', 'M140 S60', 7],
  ['outside_build_volume', 'G1 X221 Y50 E1', 'G1 X219.5 Y50 E1', 7],
  ['outside_build_volume', 'G1 X50 Y-1 E1', 'G1 X50 Y0 E1', 7],
  ['outside_build_volume', 'G1 X-6 Y50', 'G1 X-3 Y50', 7],
  ['outside_build_volume', 'G1 Z251', 'G1 Z249', 7],
  ['outside_build_volume', 'G91\nG1 X200\nG90', 'G91\nG1 X100\nG90', 8],
  ['line_too_long', `M117 ${'x'.repeat(80)}`, `M117 ${'x'.repeat(40)} ; ${'comment '.repeat(20)}`, 7],
  ['line_not_ascii', 'G1 X10 Y10 Ä', 'M117 Tulostus käynnissä', 7],
  ['line_not_ascii', 'G1 X10 Y10 Ä', 'M486 S1 APöllö.stl', 7],
  ['line_has_backslash', 'G1 X10 \\ Y10', 'G1 X10 Y10', 7],
  // Blanks between a letter and its number hide nothing: Marlin runs `M 500` as M500.
  ['eeprom_command', 'M 500', 'M 503', 7],
  ['hotend_temp_too_high', 'M104 S 245', 'M104 S 215', 7],
  ['outside_build_volume', 'G1 X 221 Y50 E1', 'G1 X 219.5 Y50 E1', 7],
  // A stray character, a sub-code or a comment inside the number hides nothing: firmware runs the
  // letter and integer, and the sender strips the comment.
  ['eeprom_command', 'M500 !', 'M503 !', 7],
  ['eeprom_command', 'M502 #', 'M503 #', 7],
  ['autotune_command', 'M303 E0 S250 C8 U1 @', 'M105 @', 7],
  ['eeprom_command', 'M500.1', 'M503.1', 7],
  ['eeprom_command', 'M5(x)00', 'M5(x)03', 7],
  ['hotend_temp_too_high', 'M104.1 S300', 'M104.1 S215', 7],
  ['hotend_temp_too_high', 'M104 S300 !', 'M104 S215 !', 7],
  ['bed_temp_too_high', 'M140 S150 #', 'M140 S60 #', 7],
  ['hotend_temp_too_high', 'M109 R300 @', 'M109 R215 @', 7],
  // Compact words: Marlin reads X250 and E-1 here, not 250e-1.
  ['outside_build_volume', 'G1X250E-1', 'G1X150E-1', 7],
  // Safety switches that outlive the print, and a baud rate that cuts the host off.
  ['machine_settings_command', 'M211 S0', 'M114', 7],
  ['machine_settings_command', 'M121', 'M120', 7],
  ['machine_settings_command', 'M302 S0', 'M105', 7],
  ['machine_settings_command', 'M575 P0 B9600', 'M105', 7],
  ['sd_card_command', 'M23 other.gco', 'M27', 7],
  ['sd_card_command', 'M24', 'M27', 7],
];

describe('safety policy', () => {
  it.each(RULES)('%s: "%s" is refused at its line, "%s" passes', (code, bad, good, line) => {
    const broken = check(bad);
    expect(broken.refused).toBe(true);
    expect(broken.findings.find((f) => f.severity === 'refuse')).toMatchObject({ code, line });
    const fine = check(good);
    expect(fine.findings.filter((f) => f.severity === 'refuse')).toEqual([]);
  });

  it('an arc whose ends are on the bed but whose bulge is not is caught', () => {
    // Counter-clockwise from (210,50) to (210,80) about (210,65): the half circle swings out to X225.
    const f = check('G1 X210 Y50\nG3 X210 Y80 I0 J15 E1');
    expect(f.findings[0]).toMatchObject({ code: 'outside_build_volume', line: 8 });
    expect(check('G1 X210 Y50\nG2 X210 Y80 I0 J15 E1').refused).toBe(false);
  });

  it("the MK3S's purge line at Y -3 is within its declared reach; the same line on the Ender-3 is not", () => {
    // PrusaSlicer's stock MK3S start G-code (and the library's): to Y -3, then an intro line along it.
    const purge = 'M83\nG28 W\nG1 Y-3 Z0.3 F1000\nG1 X60 E9 F1000\nG1 X100 E12.5 F1000\nG1 X50 Y50 Z0.2\nG1 X60 E1\n';
    const on = (name: string, text: string) => {
      const policy = new PolicyChecker(policyLimitsFor(loadProfile(name), pla));
      analyseText(text, { observers: [policy] });
      return policy.findings;
    };
    expect(on('prusa-mk3s', purge).findings).toEqual([]);
    expect(on('ender3', purge).findings[0]).toMatchObject({ code: 'outside_build_volume', line: 4 });
    // Beyond the reach (Y -4, X 255) is refused on the MK3S too, named by its reach.
    const past = on('prusa-mk3s', purge.replace('G1 X100 E12.5', 'G1 X100 Y-4.5 E12.5'));
    expect(past.findings[0]).toMatchObject({ code: 'outside_build_volume', line: 5 });
    expect(past.findings[0].message).toMatch(/reach \(X 0…255, Y -4…212\.5, Z 0…210 mm\)/);
    expect(on('prusa-mk3s', `${purge}G1 X256 Y100 E1\n`).refused).toBe(true);
  });

  it('material limits tighten the printer: 245 °C is fine for PETG on this printer, not for PLA', () => {
    const petg = new PolicyChecker(policyLimitsFor(profile, findMaterial(loadMaterials(), 'PETG').material));
    analyseText('M104 S245\n', { observers: [petg] });
    expect(petg.findings.findings).toEqual([]);
    expect(check('M104 S245').findings[0].params).toEqual({ requestedC: 245, maxC: 230 });
  });

  it("a Prusa file's printer checks raise nothing", () => {
    expect(check('M862.3 P "MK3S" ; printer model check\nM862.1 P0.4\nM115 U3.12.2').findings).toEqual([]);
    // Nor do its object labels, whatever the object is called.
    expect(check('M486 T2\nM486 S0 AShape-Box id:0 copy 0\nM486 S1 APöllö.stl\nM486 S-1').findings).toEqual([]);
  });

  it('on a Klipper printer, its extended commands are judged like the classic ones; ordinary ones raise nothing', () => {
    const onKlipper = (body: string) => checkOn('klipper', body);
    const refused: Array<[string, string]> = [
      ['SAVE_CONFIG', 'eeprom_command'], ['PID_CALIBRATE HEATER=extruder TARGET=210', 'autotune_command'],
      ['FIRMWARE_RESTART', 'emergency_stop_command'], ['SET_VELOCITY_LIMIT ACCEL=20000', 'machine_settings_command'],
      ['set_pin PIN=caselight VALUE=1', 'pin_command'], ['SET_HEATER_TEMPERATURE HEATER=extruder TARGET=300', 'hotend_temp_too_high'],
      ['SET_HEATER_TEMPERATURE HEATER=heater_bed TARGET=95', 'bed_temp_too_high'],
      ['RESPOND TYPE=command MSG="action:cancel"', 'host_action_command'], ['RESPOND MSG="action:shutdown"', 'host_action_command'],
      ['RESPOND PREFIX=//action:cancel MSG=now', 'host_action_command'], ['RESPOND PREFIX="// action:cancel" MSG=""', 'host_action_command'],
      ['RUN_SHELL_COMMAND CMD=backup', 'host_action_command'], ['SAVE_VARIABLE VARIABLE=x VALUE=1', 'eeprom_command'],
      ['SET_GCODE_OFFSET Z=-0.5', 'machine_settings_command'],
      // Start macros heat to what the file passes them.
      ['PRINT_START EXTRUDER=300 BED=60', 'hotend_temp_too_high'], ['PRINT_START BED_TEMP=120 EXTRUDER_TEMP=210', 'bed_temp_too_high'],
    ];
    for (const [line, code] of refused) {
      expect(onKlipper(line).findings.find((f) => f.severity === 'refuse'), line).toMatchObject({ code, line: 3 });
    }
    const ordinary = [
      'PRINT_START BED=60 EXTRUDER=210', 'EXCLUDE_OBJECT_DEFINE NAME=cube CENTER=50,50 POLYGON=[[40,40],[60,40],[60,60]]',
      'EXCLUDE_OBJECT_START NAME=cube', 'SET_PRESSURE_ADVANCE ADVANCE=0.04', 'SET_HEATER_TEMPERATURE HEATER=extruder TARGET=210',
      'TEMPERATURE_WAIT SENSOR=extruder MINIMUM=205', 'RESPOND MSG="Layer 2 of 40"', 'BED_MESH_CALIBRATE',
      'RESPOND PREFIX=info MSG="hello"', 'SET_GCODE_OFFSET Z=0', 'PRINT_START EXTRUDER=215 BED=60 CHAMBER=0',
    ];
    expect(onKlipper(ordinary.join('\n')).findings).toEqual([]);
    // The same lines on a Marlin printer are only shown: Marlin answers "Unknown command".
    expect(check('SAVE_CONFIG').findings).toMatchObject([{ code: 'unparseable_line', severity: 'warn' }]);
  });

  it('on RepRapFirmware, tool temperatures set with G10 and M568 are checked; on Marlin G10 is a retraction', () => {
    const onRrf = (body: string) => checkOn('reprapfirmware', body);
    for (const line of ['G10 P0 S330 R150', 'G10 P0 S210 R300', 'M568 P0 S340']) {
      expect(onRrf(line).findings.find((f) => f.severity === 'refuse'), line).toMatchObject({ code: 'hotend_temp_too_high', line: 3 });
    }
    expect(onRrf('G10 P0 S210 R150\nM568 P0 S215 R160\nM116').findings).toEqual([]);
    expect(check('G10 S1\nG11').findings).toEqual([]);
    expect(onRrf('M999').findings[0]).toMatchObject({ code: 'emergency_stop_command' });
  });

  it("on RepRapFirmware, its configuration commands are refused, quoted strings (its own syntax) or not", () => {
    const refused: Array<[string, string]> = [
      ['M587 S"LibraryNet" P"secret"', 'network_command'], ['M997 S0 P"firmware.bin"', 'firmware_update_command'],
      ['M98 P"config.g"', 'sd_card_command'], ['M560 P"/www/index.html"', 'sd_card_command'], ['M143 H1 S400', 'machine_settings_command'],
      ['M570 H1 P10 T50 S0', 'machine_settings_command'], ['M307 H1 R2.4 C140', 'machine_settings_command'], ['M566 X9000', 'machine_settings_command'],
      ['M586 P0 S1', 'network_command'], ['M540 P0xBE:EF:DE:AD:FE:ED', 'network_command'],
    ];
    for (const [line, code] of refused) {
      expect(checkOn('reprapfirmware', line).findings.find((f) => f.severity === 'refuse'), line).toMatchObject({ code, line: 3 });
    }
    // A message box with a quoted text runs nothing: it is only shown as a line we cannot read.
    expect(checkOn('reprapfirmware', 'M291 P"Print started" S1').refused).toBe(false);
  });

  it('a byte-order mark before the first line is no part of it: the file passes, its slicer is read', () => {
    const wheel = readFileSync('../shared/fixtures/gcode/benchy-wheel-prusaslicer-2.5.gcode', 'latin1');
    for (const first of ['', 'M83\n']) {
      const policy = new PolicyChecker(policyLimitsFor(profile, pla));
      const analysis = analyseText(`\xef\xbb\xbf${first}${wheel}`, { observers: [policy] });
      expect(policy.findings.findings).toEqual([]);
      expect(analysis.metadata.slicer?.name).toBe('PrusaSlicer');
      expect(analysis.bytes).toBe(wheel.length + first.length + 3);
    }
  });

  it('an arc that leaves the bed is listed once, so other lines still show', () => {
    const f = check('G1 X210 Y50\nG3 X210 Y80 I0 J15 E1\nG1 X230 Y50 E1');
    expect(f.findings.filter((x) => x.code === 'outside_build_volume').map((x) => x.line)).toEqual([8, 9]);
    expect(f.counts.outside_build_volume).toBeGreaterThan(2);
  });

  it('Klipper macros are shown, not refused', () => {
    const f = check('START_PRINT BED=60 EXTRUDER=210');
    expect(f.refused).toBe(false);
    expect(f.findings).toMatchObject([{ code: 'unparseable_line', line: 7, severity: 'warn' }]);
  });

  it('a file that breaks a rule on every line lists the first lines and counts the rest', () => {
    const f = check(Array.from({ length: 500 }, () => 'M500').join('\n'));
    expect(f.findings).toHaveLength(MAX_FINDINGS_PER_CODE);
    expect(f.counts.eeprom_command).toBe(500);
    expect(f.findings.map((x) => x.line).slice(0, 3)).toEqual([7, 8, 9]);
  });

  it('moves and long lines past the listed ones are still counted', () => {
    const f = check([
      ...Array.from({ length: 30 }, (_, i) => `G1 X${300 + i} Y50 E0.1`),
      ...Array.from({ length: 25 }, () => `M117 ${'x'.repeat(90)}`),
    ].join('\n'));
    expect(f.counts.outside_build_volume).toBe(30);
    expect(f.counts.line_too_long).toBe(25);
    expect(f.findings.filter((x) => x.code === 'outside_build_volume').map((x) => x.line)).toEqual(Array.from({ length: MAX_FINDINGS_PER_CODE }, (_, i) => 7 + i));
    expect(f.findings.filter((x) => x.code === 'line_too_long')).toHaveLength(MAX_FINDINGS_PER_CODE);
  });

  it('moves outside past the listed ones count the same whether the pass or the policy counts them', () => {
    // Travel inside and beyond the margin, extrusion outside, arcs leaving the bed, Z above the volume.
    const lines = Array.from({ length: 400 }, (_, i) => [
      `G1 X${225 + (i % 7)} Y50`, `G1 X${221 + (i % 3)} Y50 E0.1`, 'G1 X100 Y100 E0.1', `G2 X${200 + (i % 30)} Y100 I${20 + (i % 9)} J0 E0.2`,
      `G1 Z${245 + (i % 10)}`, 'G1 Z1', `G1 X-${i % 8} Y${i % 5}`,
    ][i % 7]);
    const body = lines.join('\n');
    const alone = check(body);
    // With a second observer the pass never counts for the policy (only a lone observer's box is the pass's box).
    const policy = new PolicyChecker(policyLimitsFor(profile, pla));
    const bystander: GcodeObserver = {
      watch: { maxCommandBytes: Infinity, extrudingBox: EVERYWHERE, travelBox: EVERYWHERE },
      onLongLine: () => {}, onCommand: () => {}, onMoveOutside: () => true, onMovesOutsideCounted: () => {},
    };
    analyseText(`M83\nG28\nM104 S200\nM140 S60\nG1 Z0.2 F3000\nG1 X50 Y50\n${body}\nG1 X60 Y60 E1\n`, { observers: [policy, bystander] });
    expect(alone.counts.outside_build_volume).toBeGreaterThan(MAX_FINDINGS_PER_CODE * 5);
    expect(alone.counts).toEqual(policy.findings.counts);
    expect(alone.findings).toEqual(policy.findings.findings);
  });
});
