import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../../src/config/config.js';

describe('config', () => {
  it('fills defaults: 100 MB uploads, 4 Hz status, no printers (virtual)', () => {
    const c = parseConfig({});
    expect(c.maxUploadBytes).toBe(100 * 1024 * 1024);
    expect(c.statusMaxHz).toBe(4);
    expect(c.printers).toEqual([]);
  });
  it('caps upload intake at 32 MB/s by default, takes 0 as unlimited and refuses a negative rate', () => {
    expect(parseConfig({}).uploadRateLimitMBps).toBe(32);
    expect(parseConfig({ uploadRateLimitMBps: 0 }).uploadRateLimitMBps).toBe(0);
    expect(() => parseConfig({ uploadRateLimitMBps: -1 })).toThrow(expect.objectContaining({ code: 'config_invalid', message: expect.stringContaining('uploadRateLimitMBps') }));
  });
  it('refuses an unknown key with config_invalid naming it', () => {
    expect(() => parseConfig({ maxUploadByte: 5 })).toThrow(expect.objectContaining({ code: 'config_invalid', message: expect.stringContaining('maxUploadByte') }));
  });
  it('refuses an unknown key inside a printer', () => {
    expect(() => parseConfig({ printers: [{ id: 'a', baud: 1 }] })).toThrow(expect.objectContaining({ code: 'config_invalid' }));
  });
  it('lets command-line values override the file, and ignores undefined overrides', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ port: 9000, dataDir: '/x' }));
    const c = loadConfig(file, { port: 9100, dataDir: undefined });
    expect(c.port).toBe(9100);
    expect(c.dataDir).toBe('/x');
  });
  it('reports an unreadable or malformed file with its own code', () => {
    expect(() => loadConfig('/nonexistent/c.json')).toThrow(expect.objectContaining({ code: 'config_unreadable' }));
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    writeFileSync(join(dir, 'bad.json'), '{');
    expect(() => loadConfig(join(dir, 'bad.json'))).toThrow(expect.objectContaining({ code: 'config_invalid' }));
  });
});
