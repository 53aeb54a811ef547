import { SerialTransport } from './serial-transport.js';
/** Marlin's default first, then the common USB-UART rates. */
export const BAUD_CANDIDATES = [250000, 115200, 57600, 230400, 500000, 38400, 19200];
const FIRMWARE_LINE_RE = /^(ok\b|start$|FIRMWARE_NAME:|Cap:[A-Z_]+:[01]|echo:|wait$|Error:|Resend:|rs |!!|\/\/|T:\d|T0:\d)/;
const PRINTABLE_RE = /^[\x20-\x7e\t]*$/;
/** Pure: do these lines read as a firmware speaking, rather than noise from a wrong baud rate? */
export function looksLikeFirmware(lines) {
    return lines.some((l) => PRINTABLE_RE.test(l) && FIRMWARE_LINE_RE.test(l.trim()));
}
export async function detectBaud(opts) {
    for (const baudRate of opts.candidates ?? BAUD_CANDIDATES) {
        if (await answersAt(baudRate, opts))
            return baudRate;
    }
    return null;
}
async function answersAt(baudRate, opts) {
    const transport = new SerialTransport({ path: opts.path, baudRate });
    const lines = [];
    await transport.open();
    try {
        return await new Promise((resolve) => {
            const timer = opts.clock.setTimer(opts.listenMs ?? 2500, () => finish(false));
            const finish = (ok) => {
                opts.clock.clearTimer(timer);
                transport.off('line', onLine);
                transport.off('disconnected', onGone);
                resolve(ok);
            };
            const onLine = (line) => {
                lines.push(line);
                if (looksLikeFirmware(lines))
                    finish(true);
            };
            const onGone = () => finish(false);
            transport.on('line', onLine);
            transport.on('disconnected', onGone);
            transport.write('\nM110 N0\nM115\n');
        });
    }
    finally {
        await transport.close();
    }
}
//# sourceMappingURL=baud-detect.js.map