import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extruderModesOf, GcodeAnalyser, MAX_HEAT_WAITS, type ExtruderModes } from '../../../src/analysis/gcode/gcode-analysis.js';
import { motionLimitsFromProfile } from '../../../src/analysis/gcode/motion-model.js';
import { loadProfile } from '../../../src/printer/profiles.js';
import { analyseText } from './analyse-text.js';

describe('positions and modes', () => {
  it('absolute XYZ with relative E (M83): filament is the sum of E, retractions cancel', () => {
    const a = analyseText('G90\nM83\nG1 X10 Y10 Z0.2 F600\nG1 X20 E1.5\nG1 E-2\nG1 X30\nG1 E2\nG1 X40 E0.5\n');
    expect(a.estimate.filamentMm).toBeCloseTo(2.0, 9);
    expect(a.extrusionBbox).toEqual({ min: [10, 10, 0.2], max: [40, 10, 0.2] });
    expect(a.travelBbox).toEqual({ min: [10, 10, 0.2], max: [40, 10, 0.2] });
  });

  it('absolute E (M82) with G92 E0 resets', () => {
    const a = analyseText('M82\nG1 Z0.2 F600\nG1 X10 E1\nG1 X20 E3\nG92 E0\nG1 X30 E2\nG1 E1\nG1 X40 E2\n');
    // 3 mm, then 2 mm, a 1 mm retraction recovered by the next 1 mm: 5 mm of filament.
    expect(a.estimate.filamentMm).toBeCloseTo(5, 9);
  });

  it('G91 relative moves; G90 switches back; G91 also makes E relative until M82', () => {
    const a = analyseText('G1 X5 Y5 Z0.3 F6000\nG91\nG1 X10 E1\nG1 Y10 E1\nM82\nG90\nG92 E0\nG1 X0 Y0 E0.5\n');
    expect(a.extrusionBbox).toEqual({ min: [0, 0, 0.3], max: [15, 15, 0.3] });
    expect(a.estimate.filamentMm).toBeCloseTo(2.5, 9);
  });

  it('G92 X/Y shifts the coordinate system without moving the head', () => {
    const a = analyseText('G1 X100 Y100 Z1 F6000\nG92 X0 Y0\nG1 X10 Y5 E1\n');
    expect(a.extrusionBbox).toEqual({ min: [100, 100, 1], max: [110, 105, 1] });
  });

  it('G20 inches', () => {
    const a = analyseText('G21\nG1 Z0.2 F600\nG20\nG1 X1 Y2 E0.1\n');
    expect(a.extrusionBbox!.max[0]).toBeCloseTo(25.4, 9);
    expect(a.extrusionBbox!.max[1]).toBeCloseTo(50.8, 9);
    expect(a.estimate.filamentMm).toBeCloseTo(2.54, 9);
  });

  it('time is distance / feed when acceleration is unlimited', () => {
    const a = analyseText('G1 X30 Y40 F600\nG1 X30 Y0 F1200\n');
    expect(a.estimate.seconds).toBeCloseTo(50 / 10 + 40 / 20, 6);
  });

  it('G4 dwell (P ms and S s) and M400 are counted', () => {
    const a = analyseText('G4 P1500\nG4 S2\nM400\n');
    expect(a.estimate.dwellSeconds).toBeCloseTo(3.5, 9);
    expect(a.estimate.seconds).toBeCloseTo(3.5, 9);
  });

  it('heat-up waits are estimated and overlap with what runs while heating', () => {
    const cold = analyseText('M140 S60\nM190 S60\nM104 S200\nM109 S200\n');
    // 40 °C of bed at 0.6 °C/s, then 180 °C of hotend at 2 °C/s: 66.7 + 90 s.
    expect(cold.estimate.heatingSeconds).toBeCloseTo(40 / 0.6 + 180 / 2, 6);
    const overlapped = analyseText('M104 S200\nM140 S60\nM190 S60\nM109 S200\n');
    // The hotend heats during the bed wait: only 90 − 66.7 s remain for it.
    expect(overlapped.estimate.heatingSeconds).toBeCloseTo(40 / 0.6 + (90 - 40 / 0.6), 6);
    expect(overlapped.temperatures).toEqual({ hotendC: [200], bedC: [60] });
    // Each wait is listed where it stands in the file, for live progress to hold still on.
    expect(overlapped.heatWaits).toEqual([
      { line: 3, byteOffset: 19, heater: 'bed', startSeconds: 0, seconds: 40 / 0.6 },
      { line: 4, byteOffset: 28, heater: 'hotend', startSeconds: 40 / 0.6, seconds: 90 - 40 / 0.6 },
    ]);
  });

  it('follows each firmware\'s rule for whether G90/G91 change the extruder mode', () => {
    // M83, then a Z hop in G91 and back with G90, then 8 mm more of extrusion in 1 mm steps.
    const text = `M83\nG1 X10 E1 F600\nG91\nG1 Z1\nG90\n${Array.from({ length: 8 }, (_, i) => `G1 X${20 + i} E1`).join('\n')}\n`;
    const filamentMm = (extruderModes?: ExtruderModes) => analyseText(text, { extruderModes }).estimate.filamentMm;
    // Marlin 2: G90 made E absolute, so "E1" eight times is one move to E=1 from E=1: nothing more.
    expect(filamentMm('g90_sets_e')).toBeCloseTo(1, 9);
    expect(filamentMm()).toBeCloseTo(1, 9);
    // Prusa (Marlin 1), Klipper: M83 still holds after G90. RepRapFirmware: G90/G91 never touch E.
    expect(filamentMm('g91_or_m83')).toBeCloseTo(9, 9);
    expect(filamentMm('m83_only')).toBeCloseTo(9, 9);
    // G91 alone makes E relative on Marlin 1 and Klipper, not on RepRapFirmware.
    const g91 = 'M82\nG92 E0\nG91\nG1 X1 E1 F600\nG1 X1 E1\n';
    expect(analyseText(g91, { extruderModes: 'g91_or_m83' }).estimate.filamentMm).toBeCloseTo(2, 9);
    expect(analyseText(g91, { extruderModes: 'm83_only' }).estimate.filamentMm).toBeCloseTo(1, 9);
    expect([extruderModesOf('marlin'), extruderModesOf('prusa'), extruderModesOf('klipper'), extruderModesOf('reprapfirmware')])
      .toEqual(['g90_sets_e', 'g91_or_m83', 'g91_or_m83', 'm83_only']);
  });

  it('counts the bytes of the file, whether its last line ends with a newline or not', () => {
    for (const text of ['G28\nG1 X10 F600\n', 'G28\nG1 X10 F600', 'G28\nG1 X10 F600\r\n', `G28\n;${'x'.repeat(70 * 1024)}`]) {
      expect(analyseText(text).bytes, JSON.stringify(text.slice(0, 20))).toBe(Buffer.byteLength(text));
    }
  });

  it('lists the first MAX_HEAT_WAITS heater waits and still times every one', () => {
    // Our heat model cools at once: each wait heats from the room again, 90 s.
    const a = analyseText('M104 S0\nM109 S200\n'.repeat(MAX_HEAT_WAITS + 5));
    expect(a.heatWaits).toHaveLength(MAX_HEAT_WAITS);
    expect(a.heatWaits[1]).toEqual({ line: 4, byteOffset: 26, heater: 'hotend', startSeconds: 90, seconds: 90 });
    expect(a.estimate.heatingSeconds).toBeCloseTo(90 * (MAX_HEAT_WAITS + 5), 6);
    expect(a.heatWaits.every((w, i) => i === 0 || w.startSeconds > a.heatWaits[i - 1].startSeconds)).toBe(true);
  });

  it('M220 speed factor scales feedrates', () => {
    expect(analyseText('M220 S50\nG1 X100 F6000\n').estimate.seconds).toBeCloseTo(2, 6);
  });

  it('tools used', () => {
    expect(analyseText('T0\nG1 X1 F60\nT1\nG1 X2\n').toolsUsed).toEqual([0, 1]);
  });
});

describe('arcs', () => {
  it('G3 with I/J: a quarter circle of radius 10', () => {
    const a = analyseText('G1 X10 Y0 Z0.2 F600\nM83\nG3 X0 Y10 I-10 J0 E1\n');
    const box = a.extrusionBbox!;
    expect(box.max[0]).toBeCloseTo(10, 6);
    expect(box.max[1]).toBeCloseTo(10, 6);
    expect(box.min[0]).toBeCloseTo(0, 6);
    // The chords are ≤ 1 mm long, so their sum is within 0.1 % of the arc (5π mm at 10 mm/s).
    const travel = Math.hypot(10, 0.2) / 10;
    expect(a.estimate.seconds - travel).toBeCloseTo((Math.PI * 10) / 2 / 10, 2);
    expect(a.estimate.filamentMm).toBeCloseTo(1, 9);
  });

  it('G2 with I/J goes the other way round (three quarters)', () => {
    const a = analyseText('G1 X10 Y0 Z0.2 F600\nM83\nG2 X0 Y10 I-10 J0 E1\n');
    const box = a.extrusionBbox!;
    expect(box.min[0]).toBeCloseTo(-10, 2);
    expect(box.min[1]).toBeCloseTo(-10, 2);
  });

  it('R form: clockwise half circle from (0,0) to (20,0) bulges to +Y', () => {
    const a = analyseText('G1 Z0.2 F600\nM83\nG2 X20 Y0 R10 E1\n');
    expect(a.extrusionBbox!.max[1]).toBeCloseTo(10, 2);
    expect(a.extrusionBbox!.min[1]).toBeCloseTo(0, 6);
    const b = analyseText('G1 Z0.2 F600\nM83\nG3 X20 Y0 R10 E1\n');
    expect(b.extrusionBbox!.min[1]).toBeCloseTo(-10, 2);
  });

  it('a full circle when start and end coincide', () => {
    const a = analyseText('G1 X10 Y0 Z0.2 F600\nM83\nG2 X10 Y0 I-10 J0 E1\n');
    expect(a.extrusionBbox!.min[0]).toBeCloseTo(-10, 1);
    expect(a.extrusionBbox!.max[1]).toBeCloseTo(10, 1);
  });
});

describe('layers', () => {
  it('from Z when the file has no layer comments', () => {
    const a = analyseText('M83\nG1 Z0.2 F600\nG1 X10 E1\nG1 Z0.4\nG1 X0 E1\nG1 Z5\nG1 X20\n', { chunkBytes: 3 });
    expect(a.layers).toBe(2);
    expect(a.layerTable.map((l) => l.zMm)).toEqual([0.2, 0.4]);
    expect(a.layerTable[1].startSeconds).toBeGreaterThan(a.layerTable[0].startSeconds);
  });

  it('a layer whose first moves move nothing starts with the first move that does, or at the end if none does', () => {
    // A move takes length / feedrate here: 10.002 mm at 10 mm/s, then 10 mm at 20 mm/s.
    const a = analyseText('M83\nG1 X10 Z0.2 F600\n;LAYER_CHANGE\nG1 X10\nG1 F1200\nG1 X20 E1\n;LAYER_CHANGE\nG1 X20\n');
    expect(a.layers).toBe(2);
    expect(a.layerTable[0].startSeconds).toBeCloseTo(Math.hypot(10, 0.2) / 10, 9);
    expect(a.estimate.seconds).toBeCloseTo(Math.hypot(10, 0.2) / 10 + 0.5, 9);
    expect(a.layerTable[1].startSeconds).toBe(a.estimate.seconds);
    expect(a.extrusionBbox).toEqual({ min: [10, 0, 0.2], max: [20, 0, 0.2] });
  });

  it('a purge line in the start G-code is not a layer when the slicer names its layers', () => {
    // A purge line at Z 0.3 (10 mm at 10 mm/s), then the slicer's two layers; and the same in Cura's words.
    const purge = 'M83\nG1 X0 Y0 Z0.3 F600\nG1 Y10 E2\nG92 E0\n';
    const prusa = analyseText(`${purge};LAYER_CHANGE\n;Z:0.2\nG1 Z0.2 X10 E1\n;LAYER_CHANGE\n;Z:0.4\nG1 Z0.4 X0 E1\n`);
    expect(prusa.layers).toBe(2);
    expect(prusa.layerTable.map((l) => [l.layer, l.zMm, l.line])).toEqual([[0, 0.2, 5], [1, 0.4, 8]]);
    expect(prusa.layerTable[0].startSeconds).toBeCloseTo(Math.hypot(0, 0, 0.3) / 10 + 1, 9);
    const cura = analyseText(`${purge};LAYER:0\nG1 Z0.2 X10 E1\n;LAYER:1\nG1 Z0.4 X0 E1\n`);
    expect(cura.layers).toBe(2);
    // Without layer comments, layers come from Z: the purge line is one (and Z 0.2 is not above it).
    expect(analyseText(`${purge}G1 Z0.2 X10 E1\nG1 Z0.4 X0 E1\n`).layerTable.map((l) => l.zMm)).toEqual([0.3, 0.4]);
  });

  it('from Cura ;LAYER:n and S3D "; layer n, Z = z" comments', () => {
    expect(analyseText(';LAYER:0\nG1 Z0.2 X1 E1 F600\n;LAYER:1\nG1 Z0.4 X2 E1\n').layers).toBe(2);
    const s3d = analyseText('; layer 1, Z = 0.300\nG1 Z0.3 X1 E1 F600\n; layer 2, Z = 0.500\nG1 Z0.5 X2 E1\n');
    expect(s3d.layerTable.map((l) => l.zMm)).toEqual([0.3, 0.5]);
  });

  it('from Bambu Studio "; CHANGE_LAYER" and "; Z_HEIGHT:", its purge line at Z 0.8 not a layer', () => {
    const purge = 'G1 Z0.8 F600\nG1 X5 E2\n';
    const bambu = analyseText(`${purge}; CHANGE_LAYER\n; Z_HEIGHT: 0.2\n; LAYER_HEIGHT: 0.2\nG1 Z0.2 X10 E1\n`
      + '; CHANGE_LAYER\n; Z_HEIGHT: 0.4\nG1 Z0.4 X0 E1\n');
    expect(bambu.layerTable.map((l) => l.zMm)).toEqual([0.2, 0.4]);
  });

  it('counts each layer once in a file that writes two styles of layer comment', () => {
    const both = analyseText(';LAYER_CHANGE\n;Z:0.2\n; CHANGE_LAYER\n; Z_HEIGHT: 0.2\nG1 Z0.2 X10 E1 F600\n'
      + ';LAYER_CHANGE\n;Z:0.4\n; CHANGE_LAYER\n; Z_HEIGHT: 0.4\nG1 Z0.4 X0 E1\n');
    expect(both.layerTable.map((l) => l.zMm)).toEqual([0.2, 0.4]);
  });

  it('PrusaSlicer fixture: 240 layers, start times rising, byte offsets pointing at each ;LAYER_CHANGE', async () => {
    const file = '../shared/fixtures/gcode/3DBenchy-prusaslicer-2.5.gcode';
    const analyser = new GcodeAnalyser({
      limits: motionLimitsFromProfile(loadProfile('ender3').machine.motion), filamentDiameterMm: 1.75, densityGPerCm3: 1.24,
    });
    for await (const chunk of createReadStream(file)) analyser.push(chunk as Buffer);
    const a = analyser.finish();
    expect(a.layers).toBe(240);
    expect(a.layerTable[0].zMm).toBe(0.2);
    expect(a.layerTable[239].zMm).toBe(48);
    for (let i = 1; i < a.layers; i++) expect(a.layerTable[i].startSeconds).toBeGreaterThan(a.layerTable[i - 1].startSeconds);
    expect(a.layerTable[0].startSeconds).toBeGreaterThan(a.estimate.heatingSeconds);
    expect(a.layerTable[239].startSeconds).toBeLessThan(a.estimate.seconds);
    const fd = openSync(file, 'r');
    try {
      for (const layer of [a.layerTable[0], a.layerTable[120], a.layerTable[239]]) {
        const head = Buffer.alloc(13);
        readSync(fd, head, 0, 13, layer.byteOffset);
        expect(head.toString('latin1')).toBe(';LAYER_CHANGE');
      }
    } finally { closeSync(fd); }
    expect(a.lines).toBe(138552);
  });
});

describe('bad bytes never throw', () => {
  it('binary junk, NULs, a 100 kB line without newline and CRLF endings are all survived', () => {
    const junk = Buffer.alloc(5000);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) % 256;
    const text = `M83\nG1 X1 Y1 Z0.2 F600\r\nG1 X2 E1\r\n${junk.toString('latin1')}\n${'X'.repeat(100_000)}\nG1 X3 E1\n`;
    const a = analyseText(text, { chunkBytes: 4096 });
    expect(a.extrusionBbox!.max[0]).toBe(3);
    expect(a.estimate.filamentMm).toBeGreaterThanOrEqual(2);
  });
});
