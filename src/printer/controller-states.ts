/**
 * The printer controller's lifecycle as one table: every state change in printer-controller.ts goes
 * through `nextPrinterState`, so an event that makes no sense in a state (resume while printing, a
 * second start) is refused in one place instead of being half-handled. PrinterState itself is part of
 * the published contract in printer-types.ts.
 */
import type { PrinterState } from './printer-types.js';

export type ControllerEvent =
  | 'connect_requested'
  | 'link_ready'
  | 'connect_failed'
  | 'link_lost'
  | 'close_requested'
  | 'print_started'
  | 'print_ended'
  | 'pause_requested'
  | 'pause_done'
  | 'resume_requested'
  | 'cancel_requested'
  | 'cancel_done'
  /** A firmware fatal error, a safety alarm or an emergency stop: staff must look before the next print. */
  | 'halted'
  /** The board restarted (`start`): the link re-synchronises on its own. */
  | 'firmware_reset';

const lost = { link_lost: 'disconnected', close_requested: 'disconnected', halted: 'error', firmware_reset: 'connecting' } as const;

const TRANSITIONS: Record<PrinterState, Partial<Record<ControllerEvent, PrinterState>>> = {
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
export function nextPrinterState(state: PrinterState, event: ControllerEvent): PrinterState | null {
  return TRANSITIONS[state][event] ?? null;
}
