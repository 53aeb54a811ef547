/**
 * Why `printerId` cannot start a job now, or null. `unknown` counts as occupied: after a restart
 * nobody has looked at the bed.
 */
export function startBlocker(printerState, bedState, alreadyStarting) {
    if (alreadyStarting)
        return 'printer_busy';
    if (printerState !== 'idle')
        return 'printer_not_idle';
    if (bedState !== 'cleared')
        return 'bed_not_cleared';
    return null;
}
function sameMaterial(a, b) {
    return a !== null && b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
}
/** An approved job with G-code to stream, asking for this printer or any, within its workshop's printers. */
export function isCompatible(job, printerId, workshopPrinters) {
    if (job.state !== 'approved' || job.gcodeSha256 === null)
        return false;
    if (job.printerId !== null && job.printerId !== printerId)
        return false;
    if (job.workshopId !== null) {
        const allowed = workshopPrinters(job.workshopId);
        if (allowed.length > 0 && !allowed.includes(printerId))
            return false;
    }
    return true;
}
/**
 * The next job for `printer` from `queue` (already in priority, then submission order). With
 * `preferLoadedMaterial`, a job in the loaded material goes first among those of the same priority
 * as the head of the line — never ahead of a higher priority.
 */
export function pickNextJob(queue, printer, workshopPrinters, preferLoadedMaterial) {
    const candidates = queue.filter((j) => isCompatible(j, printer.printerId, workshopPrinters));
    const head = candidates[0];
    if (!head || !preferLoadedMaterial || printer.loadedMaterial === null)
        return head ?? null;
    return candidates.find((j) => j.priority === head.priority && sameMaterial(j.material, printer.loadedMaterial)) ?? head;
}
//# sourceMappingURL=dispatch-rules.js.map