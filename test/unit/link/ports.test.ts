import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listPorts, preferredPath, scanPorts } from '../../../src/printer/transport/ports.js';

/** A device tree on disk: two USB serial devices, one with a by-id link, plus ttys that are not printers. */
function fakeDev() {
  const devDir = mkdtempSync(join(tmpdir(), 'dev-'));
  for (const n of ['ttyACM0', 'ttyUSB3', 'ttyS0', 'tty1', 'null']) writeFileSync(join(devDir, n), '');
  const byIdDir = join(devDir, 'serial', 'by-id');
  mkdirSync(byIdDir, { recursive: true });
  symlinkSync('../../ttyACM0', join(byIdDir, 'usb-Prusa_Research__prusa3d.com__Original_Prusa_i3_MK3_CZPX1234-if00'));
  symlinkSync('../../ttyACM9', join(byIdDir, 'usb-gone-if00'));
  return { devDir, byIdDir };
}

describe('port listing', () => {
  it('scans /dev for ttyACM/ttyUSB and pairs them with their by-id links', () => {
    const dirs = fakeDev();
    const ports = scanPorts(dirs);
    expect(ports.map((p) => p.path)).toEqual([join(dirs.devDir, 'ttyACM0'), join(dirs.devDir, 'ttyUSB3')]);
    expect(ports[0].byId).toBe(join(dirs.byIdDir, 'usb-Prusa_Research__prusa3d.com__Original_Prusa_i3_MK3_CZPX1234-if00'));
    expect(ports[1].byId).toBeNull();
    expect(preferredPath(ports[0])).toBe(ports[0].byId);
    expect(preferredPath(ports[1])).toBe(ports[1].path);
  });

  it('does not fail where udevadm is missing: the real listing falls back to scanning', async () => {
    const dirs = fakeDev();
    const savedPath = process.env.PATH;
    process.env.PATH = mkdtempSync(join(tmpdir(), 'empty-path-'));
    try {
      const listing = await listPorts({ dirs });
      expect(listing.source).toBe('scan');
      expect(listing.note).toBe('udevadm is not installed');
      expect(listing.ports.map((p) => p.path)).toEqual([join(dirs.devDir, 'ttyACM0'), join(dirs.devDir, 'ttyUSB3')]);
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('uses the system listing when it works, putting by-id ports first', async () => {
    const dirs = fakeDev();
    const acm0 = join(dirs.devDir, 'ttyACM0');
    const listing = await listPorts({
      dirs,
      listSystem: async () => [
        { path: '/dev/ttyS0', manufacturer: undefined, serialNumber: undefined, pnpId: undefined, locationId: undefined, vendorId: undefined, productId: undefined },
        { path: acm0, manufacturer: 'Prusa Research (prusa3d.com)', serialNumber: 'CZPX1234', pnpId: undefined, locationId: undefined, vendorId: '2c99', productId: '0002' },
      ],
    });
    expect(listing.source).toBe('udev');
    expect(listing.ports.map((p) => p.path)).toEqual([acm0, '/dev/ttyS0']);
    expect(listing.ports[0]).toMatchObject({ manufacturer: 'Prusa Research (prusa3d.com)', vendorId: '2c99', productId: '0002' });
    expect(listing.ports[0].byId).toMatch(/usb-Prusa_Research/);
  });

  it('lists an empty machine as empty', () => {
    const devDir = mkdtempSync(join(tmpdir(), 'dev-'));
    expect(scanPorts({ devDir, byIdDir: join(devDir, 'serial', 'by-id') })).toEqual([]);
  });
});
