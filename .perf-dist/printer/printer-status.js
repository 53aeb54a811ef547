export function noHeaterReadings() {
    return { hotends: [], bed: null, chamber: null, otherSensors: {} };
}
const TOOL_RE = /^T(\d+)$/;
/**
 * Merges a temperature report into the last readings. A report that omits a sensor keeps its old
 * value (Repetier sends targets on their own lines); a report with only a target keeps the old actual.
 */
export function withTemperatureReport(prev, report) {
    const hotends = [...prev.hotends];
    let { bed, chamber } = prev;
    const otherSensors = { ...prev.otherSensors };
    const merge = (old, actualC, targetC) => {
        const a = actualC ?? old?.actualC;
        return a === undefined ? null : { actualC: a, targetC: targetC ?? old?.targetC ?? null };
    };
    for (const [name, s] of Object.entries(report.sensors)) {
        const tool = TOOL_RE.exec(name);
        if (tool) {
            const i = Number(tool[1]);
            const r = merge(hotends[i], s.actualC, s.targetC);
            if (r) {
                while (hotends.length < i)
                    hotends.push({ actualC: 0, targetC: null });
                hotends[i] = r;
            }
        }
        else if (name === 'B')
            bed = merge(bed, s.actualC, s.targetC);
        else if (name === 'C')
            chamber = merge(chamber, s.actualC, s.targetC);
        else if (s.actualC !== null)
            otherSensors[name] = s.actualC;
    }
    return { hotends, bed, chamber, otherSensors };
}
/** Below this share of the file the remaining-time guess swings too wildly to show. */
const MIN_FRACTION_FOR_ETA = 0.01;
export function printProgress(p) {
    const fraction = p.finished ? 1 : p.bytesTotal > 0 ? Math.min(1, p.mark.byteOffset / p.bytesTotal) : 0;
    const elapsedMs = Math.max(0, p.nowMs - p.startedAtMs);
    const remainingMs = p.finished ? 0
        : fraction >= MIN_FRACTION_FOR_ETA ? Math.round(elapsedMs * (1 - fraction) / fraction) : null;
    return {
        jobRef: p.jobRef, fileName: p.fileName, bytesTotal: p.bytesTotal,
        bytesAcked: p.mark.byteOffset, lineAcked: p.mark.line, fraction, layer: p.mark.layer, elapsedMs, remainingMs,
    };
}
export function buildStatus(s) {
    return {
        printerId: s.printerId, state: s.state, profile: s.profile, firmwareName: s.firmwareName,
        hotends: s.heaters.hotends, bed: s.heaters.bed, chamber: s.heaters.chamber, otherSensors: s.heaters.otherSensors,
        position: s.position, print: s.print, link: s.link, error: s.error,
    };
}
//# sourceMappingURL=printer-status.js.map