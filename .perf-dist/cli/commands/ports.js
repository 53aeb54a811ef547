/**
 * `tulostamo ports`: what could be a printer on this machine. Prints the by-id name first because that
 * is the one to put in the configuration (it survives a replug); works where udev is missing.
 */
import { parseCliArgs } from '../args.js';
import { listPorts, preferredPath } from '../../printer/transport/ports.js';
export const command = {
    summary: 'List serial ports that could be printers (by-id names first).',
    usage: 'tulostamo ports [--json]',
    async run(args) {
        const { values } = parseCliArgs(args, { json: { type: 'boolean' } }, false);
        const listing = await listPorts();
        if (values.json) {
            console.log(JSON.stringify(listing));
            return 0;
        }
        if (listing.note)
            console.error(`tulostamo ports: ${listing.note}; scanned /dev instead`);
        if (listing.ports.length === 0) {
            console.log('No serial ports found.');
            return 0;
        }
        for (const p of listing.ports) {
            const details = [p.byId ? `device ${p.path}` : null, p.manufacturer, p.serialNumber && `serial ${p.serialNumber}`,
                p.vendorId && p.productId ? `usb ${p.vendorId}:${p.productId}` : null].filter(Boolean);
            console.log(`${preferredPath(p)}${details.length ? `  (${details.join(', ')})` : ''}`);
        }
        return 0;
    },
};
//# sourceMappingURL=ports.js.map