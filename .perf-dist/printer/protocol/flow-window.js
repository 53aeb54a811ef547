/** Marlin 2: flushes RX on a line error and would run an unnumbered tail. */
export function hasTailHazard(dialect) {
    return dialect.flushesRxOnLineError && !dialect.rejectsChecksumWithoutLineNumber && dialect.checksLineNumbers;
}
export function mayTransmit(view, nextBytes) {
    const { inFlight, dialect } = view;
    if (inFlight.length === 0)
        return true;
    if (view.mode === 'pingpong')
        return false;
    // Where resends happen but no ok follows the request, oks could no longer be matched to lines once
    // several are out. (Firmware that never asks for a resend — Klipper — is unaffected.)
    if (dialect.checksLineNumbers && !dialect.okAfterResend)
        return false;
    if (hasTailHazard(dialect)) {
        if (!view.advancedOk)
            return false;
        return inFlight[inFlight.length - 1].lineNumber <= view.knownQueuedThrough;
    }
    if (inFlight.length >= dialect.commandBufferLines)
        return false;
    let exposedBytes = nextBytes;
    for (const line of inFlight) {
        if (!view.advancedOk || line.lineNumber > view.knownQueuedThrough)
            exposedBytes += line.bytes;
    }
    return exposedBytes <= dialect.rxBufferBytes - view.rxMarginBytes;
}
//# sourceMappingURL=flow-window.js.map