/** `30 => Preparing infill`: PrusaSlicer's progress lines on stdout (not in order: 70 comes before 30). */
export function parsePrusaProgress(line) {
    const m = /^(\d{1,3}) => (.+)$/.exec(line.trim());
    return m ? { percent: Math.min(100, Number(m[1])), stage: m[2] } : null;
}
/** The lines worth showing staff: errors and the uncaught-exception text, without the trace noise. */
export function prusaMessages(log) {
    return log.split('\n')
        .filter((l) => l.trim() !== '' && !/\[(trace|debug|info)\]/.test(l) && !/^\d{1,3} => /.test(l.trim()))
        .map((l) => l.replace(/^\[[^\]]*\] \[0x[0-9a-f]+\] \[(\w+)\]\s*/, '$1: '))
        .join('\n');
}
/** Maps what PrusaSlicer said on a failed run to our reason code. */
export function classifyPrusaFailure(log) {
    if (/could not fit on the bed|outside (of )?the print (area|volume)/i.test(log)) {
        return { code: 'model_too_large', message: 'the model does not fit on the printer' };
    }
    if (/manifold|repair your STL|No layers were detected/i.test(log)) {
        return { code: 'not_manifold', message: 'the model is not a closed solid the slicer can print' };
    }
    if (/no extrusions in the first layer|Nothing to print|Empty layers/i.test(log)) {
        return { code: 'model_unprintable', message: 'the slicer found nothing it can print on the first layer' };
    }
    if (/Loading of a model file failed|empty file|wrong size/i.test(log)) {
        return { code: 'model_unreadable', message: 'the slicer could not read the model file' };
    }
    return { code: 'slicer_failed', message: 'the slicer failed' };
}
//# sourceMappingURL=prusaslicer-output.js.map