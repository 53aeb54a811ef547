/**
 * Injected faults for the virtual printer and its wire, all off by default and all drawn from one
 * seeded PRNG, so a failing run repeats exactly with the same seed and the same traffic.
 */
import { Prng } from './prng.js';
export const NO_FAULTS = {
    seed: 1,
    corruptByteRate: 0,
    corruptLineRate: 0,
    dropByteRate: 0,
    garbleOutputLineRate: 0,
    loseOkRate: 0,
    busyRate: 0,
    busyMs: 5000,
};
export class FaultInjector {
    options;
    counts = { corruptedBytes: 0, droppedBytes: 0, garbledLines: 0, lostOks: 0, busyPeriods: 0 };
    prng;
    constructor(options = {}) {
        this.options = { ...NO_FAULTS, ...options };
        this.prng = new Prng(this.options.seed);
    }
    /** Applies byte and line noise to one host write; returns it unchanged when those faults are off. */
    onHostWrite(data) {
        const o = this.options;
        let out = data;
        if (o.corruptLineRate > 0 && this.prng.chance(o.corruptLineRate)) {
            const body = out.replace(/[\r\n]+$/, '').length;
            if (body > 0) {
                this.counts.corruptedBytes++;
                out = this.flipAt(out, this.prng.below(body));
            }
        }
        if (o.corruptByteRate <= 0 && o.dropByteRate <= 0)
            return out;
        let result = '';
        for (let i = 0; i < out.length; i++) {
            if (this.prng.chance(o.dropByteRate)) {
                this.counts.droppedBytes++;
                continue;
            }
            if (this.prng.chance(o.corruptByteRate)) {
                this.counts.corruptedBytes++;
                result += this.flipChar(out.charCodeAt(i));
            }
            else {
                result += out[i];
            }
        }
        return result;
    }
    /** Garbles one firmware output line (without its newline). */
    onPrinterLine(line) {
        if (!this.prng.chance(this.options.garbleOutputLineRate) || line.length === 0)
            return line;
        this.counts.garbledLines++;
        return this.flipAt(line, this.prng.below(line.length));
    }
    loseOk() {
        if (!this.prng.chance(this.options.loseOkRate))
            return false;
        this.counts.lostOks++;
        return true;
    }
    /** Milliseconds the firmware stalls before this command, 0 almost always. */
    busyBeforeCommandMs() {
        if (!this.prng.chance(this.options.busyRate))
            return 0;
        this.counts.busyPeriods++;
        return this.options.busyMs;
    }
    flipAt(text, index) {
        return text.slice(0, index) + this.flipChar(text.charCodeAt(index)) + text.slice(index + 1);
    }
    flipChar(code) {
        return String.fromCharCode(code ^ (1 << this.prng.below(8)));
    }
}
//# sourceMappingURL=fault-injector.js.map