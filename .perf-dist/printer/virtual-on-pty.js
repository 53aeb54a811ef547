import { createPtyPair } from './transport/pty-pair.js';
import { SerialTransport } from './transport/serial-transport.js';
import { createVirtualPrinterSetup } from './virtual/virtual-setup.js';
/**
 * Wall time sped up by `timeScale`, for the virtual printer behind a pty. Unlike RealClock it runs a
 * delay shorter than a millisecond of wall time on setImmediate: setTimeout rounds each up to 1 ms,
 * and a line passes several such timers (wire, main loop, turnaround), which would cap a fast-forwarded
 * printer at a few hundred lines per second. A timer that fires before its due wall time moves the
 * clock's floor to its due time, so the printer never sees time run backwards or short. `stop()`
 * cancels every timer (autoreport, heaters) so the process can end.
 */
class FastForwardClock {
    timeScale;
    startRealMs = performance.now();
    timers = new Map();
    floorMs = 0;
    nextId = 1;
    constructor(timeScale) {
        this.timeScale = timeScale;
        if (!(timeScale > 0))
            throw new RangeError(`timeScale must be > 0, got ${timeScale}`);
    }
    nowMs() {
        return Math.max(this.floorMs, (performance.now() - this.startRealMs) * this.timeScale);
    }
    setTimer(delayMs, fn) {
        const id = this.nextId++;
        const dueMs = this.nowMs() + Math.max(0, delayMs);
        const run = () => {
            this.timers.delete(id);
            this.floorMs = Math.max(this.floorMs, dueMs);
            fn();
        };
        const realMs = Math.max(0, delayMs) / this.timeScale;
        if (realMs < 1) {
            const h = setImmediate(run);
            this.timers.set(id, () => clearImmediate(h));
        }
        else {
            const h = setTimeout(run, realMs);
            this.timers.set(id, () => clearTimeout(h));
        }
        return { id };
    }
    clearTimer(handle) {
        if (!handle)
            return;
        this.timers.get(handle.id)?.();
        this.timers.delete(handle.id);
    }
    stop() {
        for (const cancel of this.timers.values())
            cancel();
        this.timers.clear();
    }
}
export async function startVirtualPrinterOnPty(opts) {
    const baudRate = opts.baudRate ?? opts.profile.baudRate;
    const pair = await createPtyPair();
    const device = new SerialTransport({ path: pair.paths[0], baudRate });
    const clock = new FastForwardClock(opts.timeScale ?? 1);
    const setup = createVirtualPrinterSetup({
        clock, profile: opts.profile, baudRate, faults: opts.faults, capabilities: opts.capabilities,
    });
    const stop = async () => {
        await setup.transport.close();
        clock.stop();
        await device.close();
        await pair.close();
    };
    try {
        await device.open();
    }
    catch (err) {
        await pair.close();
        throw err;
    }
    const gone = new Promise((resolve) => {
        device.on('disconnected', (why) => resolve(`the pseudo-terminal went away: ${why}`));
        pair.process.once('exit', () => resolve('socat exited'));
    });
    // What the far host writes goes onto the virtual wire; what the printer answers goes back out.
    device.on('line', (line) => { if (setup.transport.isOpen())
        setup.transport.write(`${line}\n`); });
    setup.transport.on('line', (line) => device.write(`${line}\n`));
    await setup.transport.open();
    return { hostPath: pair.paths[1], setup, gone, stop };
}
//# sourceMappingURL=virtual-on-pty.js.map