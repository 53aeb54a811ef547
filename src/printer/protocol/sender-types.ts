/**
 * The contract of the pure sender (sender.ts): inputs and time in, actions out. No I/O, no timers:
 * the shell (printer-link.ts) feeds it and re-arms one timer at `nextDeadlineMs()`.
 */
import type { StreamMode } from '../profile-types.js';
import type { LineRefusal } from './gcode-line.js';
import type { Response } from './responses.js';

export type CommandSource = 'job' | 'operator' | 'poll' | 'system';

export interface Command {
  /** Raw G-code as written by a person or a file; the sender cleans and frames it. */
  text: string;
  source: CommandSource;
  /** For job lines: where the line starts in the file and its 1-based line number there. */
  fileOffset?: number;
  fileLine?: number;
  /** At most one queued command per key (temperature polls). */
  dedupeKey?: string;
}

export type SenderInput =
  | { kind: 'opened' }
  | { kind: 'closed' }
  | { kind: 'line'; text: string }
  | { kind: 'enqueue'; command: Command }
  /** M112 now, ahead of everything, raw then numbered, then heaters off. */
  | { kind: 'emergency_stop' }
  /** Drop everything queued (not in flight) from a source, e.g. cancel drops the job's lines. */
  | { kind: 'drop_queued'; source: CommandSource }
  | { kind: 'tick' };

export type FaultCode =
  | 'resend_loop'
  | 'resend_out_of_history'
  | 'no_response'
  | 'printer_reset'
  | 'firmware_halted'
  | 'line_refused'
  /** Firmware that does not check line numbers (Klipper, RRF) asked for a line again: never resent. */
  | 'line_lost'
  /** The firmware refused a command and went on without it (Klipper `!!`): a print cannot go on. */
  | 'command_failed';

export type SenderEvent =
  | { kind: 'connected'; firmwareName: string | null; capabilities: Record<string, boolean> }
  | { kind: 'acked'; command: Command; lineNumber: number | null; rttMs: number }
  | { kind: 'response'; response: Response }
  | { kind: 'resend'; lineNumber: number }
  | { kind: 'timeout'; what: 'ok' | 'no_data' }
  | { kind: 'advanced_ok_detected' }
  /** A command that cannot be sent as written (`line_too_long`…); nothing of it went out. */
  | { kind: 'refused'; command: Command; reason: LineRefusal; message: string }
  | { kind: 'log'; level: 'info' | 'warn' | 'error'; message: string };

export type SenderAction =
  | { kind: 'write'; text: string; lineNumber: number | null; resend: boolean }
  | { kind: 'event'; event: SenderEvent }
  /**
   * The job cannot go on (the Sender has already dropped its queued job lines). `fatal`: the firmware
   * halted, reset or stopped answering, so the shell also turns heaters off. `reason` is the error
   * table's code for firmware errors (`thermal_runaway`…) or the refusal code for `line_refused`.
   */
  | { kind: 'fault'; code: FaultCode; message: string; fatal: boolean; reason?: string };

export interface SenderOptions {
  mode: StreamMode;
  /** How long to wait for the `ok` after a resend request before acting as if it came (OctoPrint: 500 ms). */
  resendOkTimeoutMs?: number;
  /** Quiet time that ends a burst of duplicate resend requests before the replay starts. */
  resendSettleMs?: number;
  /** Consecutive ok/no-data timeouts after which the printer is declared not responding. */
  maxConsecutiveTimeouts?: number;
  /** Acknowledged lines kept for a resend the firmware insists on. */
  historyLines?: number;
  /** Bytes of the firmware's RX buffer never counted on (the byte-count window). */
  rxMarginBytes?: number;
}
