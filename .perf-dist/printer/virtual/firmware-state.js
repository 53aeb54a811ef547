const TRANSITIONS = {
    running: { emergency_stop: 'killed', fatal_error: 'killed', reset: 'running' },
    halted: { fatal_error: 'killed', restart_command: 'running', reset: 'running' },
    killed: { reset: 'running' },
};
/** The next state, or the same state when the event means nothing there (M999 on a running printer). */
export function nextFirmwareState(state, event, softHalt) {
    if (state === 'running' && event === 'emergency_stop' && softHalt)
        return 'halted';
    return TRANSITIONS[state][event] ?? state;
}
//# sourceMappingURL=firmware-state.js.map