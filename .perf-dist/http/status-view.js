export function seesPrintDetails(actor) {
    return actor.role !== 'patron';
}
export function redactStatus(status) {
    return status.print ? { ...status, print: { ...status.print, fileName: '', jobRef: '' } } : status;
}
export function statusFor(actor, status) {
    return seesPrintDetails(actor) ? status : redactStatus(status);
}
//# sourceMappingURL=status-view.js.map