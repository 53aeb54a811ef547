const RATE_WINDOW_MS = 10_000;
export class LinkRates {
    acks = [];
    acksHead = 0;
    writes = [];
    writesHead = 0;
    wrote(atMs, bytes) {
        this.writes.push({ atMs, bytes });
        this.writesHead = trim(this.writes, this.writesHead, atMs);
    }
    acked(atMs) {
        this.acks.push({ atMs, bytes: 0 });
        this.acksHead = trim(this.acks, this.acksHead, atMs);
    }
    snapshot(nowMs, sender) {
        this.acksHead = trim(this.acks, this.acksHead, nowMs);
        this.writesHead = trim(this.writes, this.writesHead, nowMs);
        let bytes = 0;
        for (let i = this.writesHead; i < this.writes.length; i++)
            bytes += this.writes[i].bytes;
        const windowS = this.windowS(nowMs);
        const sorted = [...sender.rttSamplesMs].sort((a, b) => a - b);
        return {
            linesPerS: windowS > 0 ? (this.acks.length - this.acksHead) / windowS : 0,
            bytesPerS: windowS > 0 ? bytes / windowS : 0,
            rttP50Ms: sorted.length > 0 ? percentile(sorted, 0.5) : null,
            rttP99Ms: sorted.length > 0 ? percentile(sorted, 0.99) : null,
            linesSent: sender.linesSent,
            resends: sender.resends,
            timeouts: sender.timeouts,
        };
    }
    /** Just after the link came up the window is shorter than RATE_WINDOW_MS; dividing by the full window would understate. */
    windowS(nowMs) {
        const firstMs = Math.min(this.acks[this.acksHead]?.atMs ?? Infinity, this.writes[this.writesHead]?.atMs ?? Infinity);
        if (firstMs === Infinity)
            return 0;
        return Math.min(RATE_WINDOW_MS, Math.max(nowMs - firstMs, 1)) / 1000;
    }
}
/** Drops samples older than the window; compacts now and then so a weeks-long session stays small. */
function trim(list, head, nowMs) {
    while (head < list.length && list[head].atMs < nowMs - RATE_WINDOW_MS)
        head++;
    if (head > 4096 && head * 2 > list.length) {
        list.splice(0, head);
        return 0;
    }
    return head;
}
function percentile(sorted, q) {
    return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}
//# sourceMappingURL=link-metrics.js.map