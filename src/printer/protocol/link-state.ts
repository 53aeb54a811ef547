/**
 * The session states of the Sender, defined once beside their transitions.
 * - closed: no port;
 * - syncing: `M110` sent, waiting for its ok (again after a reset or a resend fault);
 * - identifying: `M115` sent, collecting FIRMWARE_NAME and Cap: lines;
 * - ready: streaming;
 * - halted: emergency stop, firmware halt or no response: nothing is declared dead twice and no watchdog
 *   runs, but commands (heaters off) still go out; a new `opened` or a `start` begins again.
 */
export type LinkState = 'closed' | 'syncing' | 'identifying' | 'ready' | 'halted';

export const LINK_TRANSITIONS: Readonly<Record<LinkState, readonly LinkState[]>> = {
  closed: ['syncing'],
  syncing: ['syncing', 'identifying', 'ready', 'halted', 'closed'],
  identifying: ['syncing', 'ready', 'halted', 'closed'],
  ready: ['syncing', 'halted', 'closed'],
  halted: ['syncing', 'halted', 'closed'],
};

export function canTransition(from: LinkState, to: LinkState): boolean {
  return LINK_TRANSITIONS[from].includes(to);
}
