/**
 * Whether the virtual firmware runs. `killed` is Marlin's kill(): silence until a reset. `halted` is a
 * soft stop (Klipper shutdown, Smoothie HALT) that still answers every command with an error.
 */
export type FirmwareState = 'running' | 'halted' | 'killed';
export type FirmwareEvent = 'emergency_stop' | 'fatal_error' | 'restart_command' | 'reset';

const TRANSITIONS: Record<FirmwareState, Partial<Record<FirmwareEvent, FirmwareState>>> = {
  running: { emergency_stop: 'killed', fatal_error: 'killed', reset: 'running' },
  halted: { fatal_error: 'killed', restart_command: 'running', reset: 'running' },
  killed: { reset: 'running' },
};

/** The next state, or the same state when the event means nothing there (M999 on a running printer). */
export function nextFirmwareState(state: FirmwareState, event: FirmwareEvent, softHalt: boolean): FirmwareState {
  if (state === 'running' && event === 'emergency_stop' && softHalt) return 'halted';
  return TRANSITIONS[state][event] ?? state;
}
