/**
 * The Transport over the virtual wire: the same contract as the serial transport, so the printer link,
 * the benchmark and `npm start` cannot tell the virtual printer from a USB one. Opening the port resets
 * the board by default, as DTR does on boards with a USB-serial bridge.
 */
import { AppError } from '../../core/errors.js';
import { LineFramer } from './line-framer.js';
export class VirtualTransport {
    wire;
    board;
    options;
    description;
    opened = false;
    framer;
    listeners = { line: new Set(), disconnected: new Set() };
    constructor(wire, board, options = {}) {
        this.wire = wire;
        this.board = board;
        this.options = options;
        this.description = options.description ?? 'virtual printer';
        this.framer = new LineFramer(options.maxLineChars);
        wire.setConnected(false);
        wire.onHostBytes((data) => {
            for (const line of this.framer.push(data))
                for (const fn of this.listeners.line)
                    fn(line);
        });
        board.onDisconnect((reason) => {
            if (!this.opened)
                return;
            this.shut();
            for (const fn of this.listeners.disconnected)
                fn(reason);
        });
    }
    async open() {
        if (this.opened)
            return;
        this.framer = new LineFramer(this.options.maxLineChars);
        this.wire.setConnected(true);
        this.opened = true;
        if (this.options.resetOnOpen ?? true)
            this.board.reset();
    }
    write(data) {
        if (!this.opened)
            throw new AppError('transport_not_open', `${this.description}: write while the port is closed`, 409);
        this.wire.hostWrite(data);
    }
    async close() {
        if (this.opened)
            this.shut();
    }
    isOpen() {
        return this.opened;
    }
    on(event, fn) {
        this.listeners[event].add(fn);
    }
    off(event, fn) {
        this.listeners[event].delete(fn);
    }
    shut() {
        this.opened = false;
        this.wire.setConnected(false);
    }
}
//# sourceMappingURL=virtual-transport.js.map