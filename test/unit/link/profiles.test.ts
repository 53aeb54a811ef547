import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listProfiles, loadProfile, parseProfile, PROFILES_DIR } from '../../../src/printer/profiles.js';
import { AppError } from '../../../src/core/errors.js';

const shipped = ['ender3', 'klipper', 'marlin', 'prusa-mk3s', 'reprapfirmware', 'smoothieware'];

function broken(mutate: (p: any) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'profiles-'));
  const data = JSON.parse(readFileSync(join(PROFILES_DIR, 'ender3.json'), 'utf8'));
  mutate(data);
  writeFileSync(join(dir, 'ender3.json'), JSON.stringify(data));
  try {
    loadProfile('ender3', dir);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('profile_invalid');
    return (err as Error).message;
  }
  throw new Error('a broken profile loaded');
}

describe('firmware profiles', () => {
  it('lists every shipped profile', () => {
    expect(listProfiles()).toEqual(shipped);
  });

  it.each(shipped)('%s loads and is consistent with its firmware family', (name) => {
    const p = loadProfile(name);
    expect(p.name).toBe(name);
    // Firmware that does not check N must never be resent to, nor flush: a resend would run twice.
    if (p.firmware === 'klipper' || p.firmware === 'reprapfirmware') {
      expect(p.dialect.checksLineNumbers).toBe(false);
    } else {
      expect(p.dialect.checksLineNumbers).toBe(true);
    }
    expect(p.dialect.maxLineBytes).toBeLessThanOrEqual(p.dialect.rxBufferBytes);
    expect(p.machine.scripts.cancel.some((l) => /^M104 S0\b/.test(l))).toBe(true);
  });

  it('uses the Ender-3 machine data', () => {
    const p = loadProfile('ender3');
    expect(p.baudRate).toBe(115200);
    expect(p.machine.buildVolumeMm).toEqual({ x: 220, y: 220, z: 250 });
    expect(p.dialect).toMatchObject({ rxBufferBytes: 128, commandBufferLines: 4, maxLineBytes: 95 });
  });

  it('names the file and the key of a wrong type', () => {
    const msg = broken((p) => { p.dialect.rxBufferBytes = '128'; });
    expect(msg).toMatch(/ender3\.json: dialect\.rxBufferBytes: expected number/);
  });

  it('refuses a reach that does not hold the build volume', () => {
    const msg = broken((p) => { p.machine.reachMm = { min: { x: 0, y: 0, z: 0 }, max: { x: 200, y: 220, z: 250 } }; });
    expect(msg).toMatch(/ender3\.json: machine\.reachMm: reachMm must hold the build volume/);
  });

  it('refuses unknown keys, naming them', () => {
    const msg = broken((p) => { p.machine.motion.maxJerk = 10; });
    expect(msg).toMatch(/ender3\.json: machine\.motion\.maxJerk: unknown key/);
  });

  it('names a missing key', () => {
    const msg = broken((p) => { delete p.safety.heatingRiseMinC; });
    expect(msg).toMatch(/ender3\.json: safety\.heatingRiseMinC: expected number/);
  });

  it('refuses a profile whose name differs from its file', () => {
    expect(broken((p) => { p.name = 'marlin'; })).toMatch(/ender3\.json: name: expected "ender3"/);
  });

  it('reports invalid JSON and unknown names with stable codes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'profiles-'));
    writeFileSync(join(dir, 'bad.json'), '{ "name": ');
    expect(() => loadProfile('bad', dir)).toThrow(/bad\.json: not valid JSON/);
    expect(() => loadProfile('nope')).toThrow(expect.objectContaining({ code: 'profile_unknown' }));
    expect(() => loadProfile('../etc/passwd')).toThrow(expect.objectContaining({ code: 'profile_unknown' }));
  });

  it('validates an in-memory object with the given label', () => {
    expect(() => parseProfile({}, 'x.json')).toThrow(/^x\.json: name: expected string/);
  });
});
