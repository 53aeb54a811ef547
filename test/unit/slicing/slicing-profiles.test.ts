import { mkdtempSync, cpSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.js';
import { toCuraOverrides } from '../../../src/slicing/cura-settings.js';
import { toPrusaSlicerIni } from '../../../src/slicing/prusaslicer-config.js';
import { listSlicerProfiles, loadSlicingProfile, SLICER_PROFILES_DIR } from '../../../src/slicing/slicer-profiles.js';
import { loadProfile } from '../../../src/printer/profiles.js';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  return 'no error';
}

describe('library slicing profiles', () => {
  it('every printer × material × preset shipped resolves', () => {
    for (const printer of listSlicerProfiles('printers')) {
      for (const material of listSlicerProfiles('materials')) {
        for (const preset of listSlicerProfiles('presets')) {
          const { settings, signature } = loadSlicingProfile({ printer, material, preset });
          expect(settings.bedMm).toEqual(loadProfile(printer).machine.buildVolumeMm);
          expect(signature).toMatch(new RegExp(`^${printer}/${material}/${preset} infill=\\d+ supports=off sha256:[0-9a-f]{64}$`));
          expect(settings.startGcode.join('\n')).not.toMatch(/[{}]/);
        }
      }
    }
  });

  it('takes the build volume, nozzle and density from the firmware profile and the materials file', () => {
    const { settings } = loadSlicingProfile({ printer: 'prusa-mk3s', material: 'petg' });
    expect(settings.bedMm).toEqual({ x: 250, y: 210, z: 210 });
    expect(settings.densityGPerCm3).toBe(1.27);
    expect(settings.preset).toBe('normal');
  });

  it('signs the settings: patron choices change the hash, repeating a request does not', () => {
    const base = loadSlicingProfile({ printer: 'ender3' }).signature;
    expect(loadSlicingProfile({ printer: 'ender3' }).signature).toBe(base);
    expect(loadSlicingProfile({ printer: 'ender3', infillPercent: 30 }).signature).not.toBe(base);
    expect(loadSlicingProfile({ printer: 'ender3', supports: true }).signature).toMatch(/supports=on/);
  });

  it('changes the hash when a profile file changes, and not when only its key order does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slicer-profiles-'));
    cpSync(SLICER_PROFILES_DIR, dir, { recursive: true });
    const file = join(dir, 'presets', 'normal.json');
    const preset = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const base = loadSlicingProfile({ printer: 'ender3' }).signature;
    writeFileSync(file, JSON.stringify(Object.fromEntries(Object.entries(preset).reverse())));
    expect(loadSlicingProfile({ printer: 'ender3' }, { slicerProfilesDir: dir }).signature).toBe(base);
    writeFileSync(file, JSON.stringify({ ...preset, perimeters: 3 }));
    expect(loadSlicingProfile({ printer: 'ender3' }, { slicerProfilesDir: dir }).signature).not.toBe(base);
  });

  it('refuses choices patrons are not offered and names it', () => {
    expect(codeOf(() => loadSlicingProfile({ printer: 'ender3', infillPercent: 37 }))).toBe('slice_choice_invalid');
    expect(codeOf(() => loadSlicingProfile({ printer: 'ender3', preset: 'ludicrous' }))).toBe('preset_unknown');
    expect(codeOf(() => loadSlicingProfile({ printer: 'ender3', material: 'unobtainium' }))).toBe('material_unknown');
    // Named among the printers that can be sliced for, not among every firmware profile.
    expect(codeOf(() => loadSlicingProfile({ printer: 'no-such-printer' }))).toBe('printer_unknown');
  });

  it('refuses a material profile hotter than the material or printer allows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slicer-profiles-'));
    cpSync(SLICER_PROFILES_DIR, dir, { recursive: true });
    const file = join(dir, 'materials', 'pla.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), firstLayerNozzleTempC: 245 }));
    expect(codeOf(() => loadSlicingProfile({ printer: 'ender3' }, { slicerProfilesDir: dir }))).toBe('profile_invalid');
  });

  it('refuses unknown keys in a profile file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slicer-profiles-'));
    cpSync(SLICER_PROFILES_DIR, dir, { recursive: true });
    const file = join(dir, 'presets', 'normal.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), layerHeigth: 0.1 }));
    expect(codeOf(() => loadSlicingProfile({ printer: 'ender3' }, { slicerProfilesDir: dir }))).toBe('profile_invalid');
  });
});

describe('engine configurations', () => {
  const { settings, signature } = loadSlicingProfile({ printer: 'prusa-mk3s', preset: 'fine', infillPercent: 20, supports: true });

  it('writes a flat PrusaSlicer ini with the signature first in the start script', () => {
    const ini = Object.fromEntries(toPrusaSlicerIni(settings, signature).trim().split('\n').map((l) => [l.slice(0, l.indexOf(' = ')), l.slice(l.indexOf(' = ') + 3)]));
    expect(ini.bed_shape).toBe('0x0,250x0,250x210,0x210');
    expect(ini.max_print_height).toBe('210');
    expect(ini.layer_height).toBe('0.12');
    expect(ini.fill_density).toBe('20%');
    expect(ini.support_material).toBe('1');
    expect(ini.filament_type).toBe('PLA');
    const petg = loadSlicingProfile({ printer: 'prusa-mk3s', material: 'petg' });
    expect(toPrusaSlicerIni(petg.settings, petg.signature)).toMatch(/^filament_type = PETG$/m);
    expect(ini.start_gcode.split('\\n')[0]).toBe(`; tulostamo_profile = ${signature}`);
    expect(ini.start_gcode).not.toContain('\n');
  });

  it('gives CuraEngine every derived setting and the extruder-scoped ones on e0', () => {
    const overrides = toCuraOverrides(settings, signature);
    const value = (key: string) => overrides.find((o) => o.key === key);
    expect(value('machine_width')?.value).toBe('250');
    expect(value('infill_sparse_thickness')?.value).toBe('0.12');
    expect(value('infill_line_distance')?.value).toBe('4');
    expect(value('support_enable')?.value).toBe('true');
    expect(value('material_diameter')).toEqual({ scope: 'e0', key: 'material_diameter', value: '1.75' });
    expect(value('machine_start_gcode')?.value.split('\n')[0]).toBe(`; tulostamo_profile = ${signature}`);
    expect(value('mesh_rotation_matrix')).toBeUndefined();
    expect(toCuraOverrides(settings, signature, true).find((o) => o.key === 'mesh_rotation_matrix')?.value).toBe('[[0,-1,0],[1,0,0],[0,0,1]]');
  });
});
