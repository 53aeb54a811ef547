/**
 * The one module that touches `serialport`. Framing is the shared LineFramer rather than
 * @serialport/parser-readline: that parser splits on a single delimiter, and firmware ends lines with
 * `\n`, `\r\n` or a bare `\r`, so one pure framer serves this and the virtual transport alike.
 *
 * Every way a port can die (EIO on a pulled cable, a pty whose other end closed, a write error) ends as
 * one `disconnected` event; nothing here throws after open() has resolved.
 */
import { read as fsRead } from 'node:fs';
import { promisify } from 'node:util';
import { SerialPort } from 'serialport';
import { SerialPortStream } from '@serialport/stream';
import bindingsCpp from '@serialport/bindings-cpp';
import { unixRead } from '@serialport/bindings-cpp/dist/unix-read.js';
import { LineFramer } from './line-framer.js';
const readAsync = promisify(fsRead);
/**
 * A tty that has hung up (USB adapter unplugged, pty whose other end closed) reads 0 bytes forever;
 * bindings-cpp retries such reads in a busy loop and never reports the loss. Treating a 0-byte read as
 * an error turns it into the stream's ordinary disconnect path.
 */
const readOrHangup = (async (...args) => {
    const result = await readAsync(...args);
    if (result.bytesRead === 0)
        throw Object.assign(new Error('the device hung up'), { code: 'EHANGUP' });
    return result;
});
function hangupAware(base) {
    return {
        list: () => base.list(),
        open: async (options) => {
            const port = await base.open(options);
            if (port instanceof bindingsCpp.LinuxPortBinding || port instanceof bindingsCpp.DarwinPortBinding) {
                port.read = (buffer, offset, length) => unixRead({ binding: port, buffer, offset, length, fsReadAsync: readOrHangup });
            }
            return port;
        },
    };
}
/** The OS's own port listing (udev on Linux); rejects where udevadm is missing — ports.ts falls back. */
export function listSystemPorts() {
    return SerialPort.list();
}
export class SerialTransport {
    opts;
    description;
    port = null;
    framer = new LineFramer();
    closingOnPurpose = false;
    listeners = { line: new Set(), disconnected: new Set() };
    constructor(opts) {
        this.opts = opts;
        this.description = `${opts.path} @ ${opts.baudRate}`;
    }
    open() {
        if (this.port)
            return Promise.reject(new Error(`${this.opts.path} is already open`));
        this.framer = new LineFramer();
        this.closingOnPurpose = false;
        const options = {
            binding: this.opts.binding ?? hangupAware(SerialPort.binding),
            path: this.opts.path,
            baudRate: this.opts.baudRate,
            autoOpen: false,
            // Exclusive: a second host writing to the same printer would interleave lines mid-print.
            lock: true,
            // Keep DTR up on close where the driver honours it, so closing does not reset the board.
            hupcl: false,
        };
        const port = new SerialPortStream(options);
        return new Promise((resolve, reject) => {
            port.open((err) => {
                if (err) {
                    reject(err);
                    return;
                }
                this.port = port;
                port.on('data', (chunk) => this.onData(chunk));
                port.on('error', (e) => this.lost(port, e.message));
                port.on('close', (e) => this.lost(port, e?.message ?? 'port closed'));
                resolve();
            });
        });
    }
    write(data) {
        const port = this.port;
        if (!port)
            return;
        port.write(Buffer.from(data, 'latin1'), (err) => {
            if (err)
                this.lost(port, `write failed: ${err.message}`);
        });
    }
    close() {
        const port = this.port;
        if (!port)
            return Promise.resolve();
        this.closingOnPurpose = true;
        this.port = null;
        return new Promise((resolve) => {
            if (!port.isOpen) {
                resolve();
                return;
            }
            // A port that is already failing may report an error on close; it is closed either way.
            port.close(() => resolve());
        });
    }
    isOpen() { return this.port !== null; }
    /** Changes the baud rate of an open port (used by baud detection). */
    setBaudRate(baudRate) {
        const port = this.port;
        if (!port)
            return Promise.reject(new Error(`${this.opts.path} is not open`));
        return new Promise((resolve, reject) => port.update({ baudRate }, (err) => (err ? reject(err) : resolve())));
    }
    on(event, fn) {
        this.listeners[event].add(fn);
    }
    off(event, fn) {
        this.listeners[event].delete(fn);
    }
    onData(chunk) {
        for (const line of this.framer.push(chunk)) {
            for (const fn of this.listeners.line)
                fn(line);
        }
    }
    lost(port, reason) {
        if (this.port !== port || this.closingOnPurpose)
            return;
        this.port = null;
        if (port.isOpen)
            port.close(() => undefined);
        for (const fn of this.listeners.disconnected)
            fn(reason);
    }
}
//# sourceMappingURL=serial-transport.js.map