export const TIMEOUT_REASON = 'timeout';
/** The failure an aborted signal stands for. */
export function abortFailure(signal, slicerLog) {
    return signal.reason === TIMEOUT_REASON
        ? { code: 'slice_timeout', message: 'slicing took longer than allowed', slicerLog }
        : { code: 'slice_cancelled', message: 'slicing was cancelled', slicerLog };
}
export function failed(code, message, slicerLog = '') {
    return { ok: false, failure: { code, message, slicerLog } };
}
//# sourceMappingURL=slicer.js.map