export const LINK_TRANSITIONS = {
    closed: ['syncing'],
    syncing: ['syncing', 'identifying', 'ready', 'halted', 'closed'],
    identifying: ['syncing', 'ready', 'halted', 'closed'],
    ready: ['syncing', 'halted', 'closed'],
    halted: ['syncing', 'halted', 'closed'],
};
export function canTransition(from, to) {
    return LINK_TRANSITIONS[from].includes(to);
}
//# sourceMappingURL=link-state.js.map