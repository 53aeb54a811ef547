const lost = { link_lost: 'disconnected', close_requested: 'disconnected', halted: 'error', firmware_reset: 'connecting' };
const TRANSITIONS = {
    disconnected: { connect_requested: 'connecting', close_requested: 'disconnected' },
    connecting: { link_ready: 'idle', connect_failed: 'disconnected', link_lost: 'disconnected', close_requested: 'disconnected', halted: 'error', firmware_reset: 'connecting' },
    idle: { print_started: 'printing', ...lost },
    printing: { print_ended: 'idle', pause_requested: 'pausing', cancel_requested: 'cancelling', ...lost },
    pausing: { pause_done: 'paused', cancel_requested: 'cancelling', ...lost },
    paused: { resume_requested: 'printing', cancel_requested: 'cancelling', ...lost },
    cancelling: { cancel_done: 'idle', ...lost },
    error: { connect_requested: 'connecting', link_ready: 'idle', link_lost: 'disconnected', close_requested: 'disconnected', halted: 'error', firmware_reset: 'connecting' },
};
/** The state after `event`, or null when the event is not allowed in `state`. */
export function nextPrinterState(state, event) {
    return TRANSITIONS[state][event] ?? null;
}
//# sourceMappingURL=controller-states.js.map