import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChildLine, patchCuraHeader } from '../../../src/slicing/cura-output.js';
import { classifyPrusaFailure, parsePrusaProgress, prusaMessages } from '../../../src/slicing/prusaslicer-output.js';
import { parseProfileSignature, parseSlicerEstimate, SlicedGcodeScanner } from '../../../src/slicing/sliced-gcode-scan.js';

const BENCHY_GCODE = readFileSync('../shared/fixtures/gcode/3DBenchy-prusaslicer-2.5.gcode');
const SIGNATURE = `ender3/pla/normal infill=15 supports=off sha256:${'ab'.repeat(32)}`;

function scan(bytes: Buffer, chunkBytes: number) {
  const scanner = new SlicedGcodeScanner();
  for (let i = 0; i < bytes.length; i += chunkBytes) scanner.push(bytes.subarray(i, i + chunkBytes));
  return scanner.finish();
}

describe('PrusaSlicer output', () => {
  it('reads progress lines and nothing else', () => {
    expect(parsePrusaProgress('70 => Infilling layers')).toEqual({ percent: 70, stage: 'Infilling layers' });
    expect(parsePrusaProgress('Slicing result exported to /tmp/x.gcode')).toBeNull();
  });

  it('maps failures to reason codes', () => {
    expect(classifyPrusaFailure("terminate called after throwing an instance of 'Slic3r::RuntimeError'\n  what():  Objects could not fit on the bed").code).toBe('model_too_large');
    expect(classifyPrusaFailure('[error] stl_open_count_facets: The file x.stl has the wrong size.\nx.stl: Loading of a model file failed.').code).toBe('model_unreadable');
    expect(classifyPrusaFailure('No layers were detected. You might want to repair your STL file(s)').code).toBe('not_manifold');
    expect(classifyPrusaFailure('There is an object with no extrusions in the first layer.\nObject name: box.stl').code).toBe('model_unprintable');
    expect(classifyPrusaFailure('Segmentation fault').code).toBe('slicer_failed');
  });

  it('keeps errors for staff and drops trace noise', () => {
    const log = '[2026-11-28 15:01:16.9] [0x00007ff6e2a76d80] [trace]   Initializing StaticPrintConfigs\n10 => Processing\n'
      + '[2026-11-28 15:01:16.9] [0x00007ff6e2a76d80] [error]   stl_open_count_facets: The file x.stl has the wrong size.\n';
    expect(prusaMessages(log)).toBe('error: stl_open_count_facets: The file x.stl has the wrong size.');
  });
});

describe('sliced G-code scan', () => {
  it("reads PrusaSlicer's own estimate and layers from real G-code, in any chunking", () => {
    const whole = scan(BENCHY_GCODE, 1 << 20);
    expect(whole.estimate).toEqual({ seconds: 1 * 3600 + 36 * 60 + 21, filamentMm: expect.any(Number), filamentGrams: 12.14 });
    expect(whole.layers).toBe(BENCHY_GCODE.toString('latin1').split('\n;LAYER_CHANGE').length - 1);
    expect(whole.topZMm).toBe(48);
    expect(whole.signature).toBeNull();
    fc.assert(fc.property(fc.integer({ min: 1000, max: 300_000 }), (chunkBytes) => {
      expect(scan(BENCHY_GCODE, chunkBytes)).toEqual(whole);
    }), { numRuns: 8 });
  });

  it('counts markers split across chunk borders once', () => {
    const text = Buffer.from(`; tulostamo_profile = ${SIGNATURE}\n${';LAYER:0\nG1 X1\n'.repeat(50)}`);
    for (const chunkBytes of [1, 2, 5, 13, 64]) expect(scan(text, chunkBytes).layers).toBe(50);
  });

  it('finds our signature line, and not a look-alike', () => {
    expect(parseProfileSignature(`;FLAVOR:Marlin\n; tulostamo_profile = ${SIGNATURE}\nG28\n`)).toEqual({
      signature: SIGNATURE, printer: 'ender3', material: 'pla', preset: 'normal', sha256: 'ab'.repeat(32),
    });
    expect(parseProfileSignature('; tulostamo_profile = ender3/pla/normal sha256:1234\n')).toBeNull();
    expect(parseProfileSignature(`G1 X1 ; tulostamo_profile = ${SIGNATURE}\n`)).toBeNull();
  });

  it("reads CuraEngine's header estimate", () => {
    expect(parseSlicerEstimate(';FLAVOR:Marlin\n;TIME:912\n;Filament used: 1.28634m\n', '')).toEqual({ seconds: 912, filamentMm: 1286.34, filamentGrams: null });
  });
});

describe('cura-wasm output', () => {
  it('replaces the header placeholders with the reported values', () => {
    const head = ';FLAVOR:Marlin\n;TIME:6666\n;Filament used: 0m\n;Layer height: 0.2\n;MINX:2.14748e+06\n;MAXZ:-2.14748e+06\n\n;Generated with Cura_SteamEngine master\nM140 S60\n';
    const patched = patchCuraHeader(head, { printTime: 1317.4, filamentUsage: 2722 }, 1.75);
    expect(patched).toBe(';FLAVOR:Marlin\n;TIME:1317\n;Filament used: 1.13168m\n;Layer height: 0.2\n\n;Generated with Cura_SteamEngine master\nM140 S60\n');
  });

  it('reads progress lines from the child', () => {
    expect(parseChildLine('progress 42')).toEqual({ progress: 42 });
    expect(parseChildLine('cura-wasm: boom')).toBeNull();
  });
});
