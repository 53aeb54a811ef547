/**
 * Which serial ports could be a printer. /dev/ttyACM0 can become /dev/ttyACM1 after a replug, so a
 * /dev/serial/by-id name (stable, names the board) is what staff should put in the configuration.
 * udev is the best source, but containers and minimal images lack `udevadm`; then the device
 * directories themselves are scanned, so the listing never fails for that reason.
 */
import { readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { listSystemPorts } from './serial-transport.js';
const DEFAULT_DIRS = { devDir: '/dev', byIdDir: '/dev/serial/by-id' };
const SCANNED_DEVICE_RE = /^tty(ACM|USB)\d+$/;
/** by-id link → real device path; an absent directory (no USB serial device plugged in) is simply empty. */
function byIdLinks(byIdDir) {
    const links = new Map();
    let names;
    try {
        names = readdirSync(byIdDir);
    }
    catch {
        return links;
    }
    for (const name of names.sort()) {
        const link = join(byIdDir, name);
        try {
            links.set(realpathSync(link), link);
        }
        catch { /* a dangling link: the device just went away */ }
    }
    return links;
}
/** The fallback: /dev/serial/by-id plus /dev/ttyACM* and /dev/ttyUSB*, needing nothing but the file system. */
export function scanPorts(dirs = DEFAULT_DIRS) {
    const links = byIdLinks(dirs.byIdDir);
    const paths = new Set(links.keys());
    let names = [];
    try {
        names = readdirSync(dirs.devDir);
    }
    catch { /* no device directory at all: nothing to list */ }
    for (const name of names)
        if (SCANNED_DEVICE_RE.test(name))
            paths.add(join(dirs.devDir, name));
    return [...paths].sort().map((path) => ({
        path, byId: links.get(path) ?? null, manufacturer: null, serialNumber: null, vendorId: null, productId: null,
    }));
}
function fromSystem(p, links) {
    return {
        path: p.path,
        byId: links.get(p.path) ?? (p.pnpId ? join(DEFAULT_DIRS.byIdDir, p.pnpId) : null),
        manufacturer: p.manufacturer ?? null,
        serialNumber: p.serialNumber ?? null,
        vendorId: p.vendorId ?? null,
        productId: p.productId ?? null,
    };
}
/** Ports that carry a by-id name first: those are the USB printers. */
function preferById(ports) {
    return [...ports].sort((a, b) => Number(b.byId !== null) - Number(a.byId !== null) || a.path.localeCompare(b.path));
}
export async function listPorts(deps = {}) {
    const dirs = deps.dirs ?? DEFAULT_DIRS;
    try {
        const system = await (deps.listSystem ?? listSystemPorts)();
        const links = byIdLinks(dirs.byIdDir);
        return { ports: preferById(system.map((p) => fromSystem(p, links))), source: 'udev' };
    }
    catch (err) {
        const e = err;
        const why = e.code === 'ENOENT' ? 'udevadm is not installed' : `udev listing failed: ${e.message}`;
        return { ports: preferById(scanPorts(dirs)), source: 'scan', note: why };
    }
}
/** What a person should type as --port: the by-id link when there is one. */
export function preferredPath(entry) {
    return entry.byId ?? entry.path;
}
//# sourceMappingURL=ports.js.map