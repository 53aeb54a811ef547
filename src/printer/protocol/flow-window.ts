/**
 * When may one more line go out while others still wait for their `ok`? Pure policy over the sender's
 * in-flight list.
 *
 * Why Marlin 2 gets a special rule: genuine Marlin 2 empties its RX buffer after any line error and
 * accepts an unnumbered line without a checksum. A line still arriving during that flush loses its head
 * and its tail arrives as a new line; if the cut falls before a command letter (`G1 X…` inside
 * `N12 G1 X…`) the tail *runs*, and runs again when the whole line is resent — a move executed twice.
 * No framing prevents it, because every suffix that starts at a command letter is a valid command. The
 * only safe rule is to never have two lines exposed at once: a second line may follow only when every
 * line already sent is known to sit in the firmware's command queue (a flush does not touch the queue).
 * With ADVANCED_OK an `ok N<x> … B<b>` proves the queue holds BUFSIZE−b commands starting at x, so lines
 * up to x+(BUFSIZE−b)−1 are safe; without ADVANCED_OK nothing proves it, so one line in flight.
 * Firmware that rejects a `*` without `N` (Prusa, Marlin 1.x) turns such a tail into one more checksum
 * error, and firmware that does not flush never cuts a line: there the full window is safe.
 */
import type { DialectProfile, StreamMode } from '../profile-types.js';

export interface InFlightLine { lineNumber: number; bytes: number }

export interface WindowView {
  mode: StreamMode;
  dialect: DialectProfile;
  advancedOk: boolean;
  /** Oldest first. */
  inFlight: readonly InFlightLine[];
  /** Highest line number proven to be inside the firmware's command queue (ADVANCED_OK), -1 if none. */
  knownQueuedThrough: number;
  rxMarginBytes: number;
  /** Bytes of superseded sends that may still sit in RX after a line error (see Sender). */
  staleBytes: number;
}

/** Marlin 2: flushes RX on a line error and would run an unnumbered tail. */
export function hasTailHazard(dialect: DialectProfile): boolean {
  return dialect.flushesRxOnLineError && !dialect.rejectsChecksumWithoutLineNumber && dialect.checksLineNumbers;
}

/**
 * Why the window holds the next line back, or null when it may go. Defined once here so the benchmark's
 * account of idle wire time names the same rules the sender applies.
 */
export type WindowBlock =
  /** One line in flight by choice. */
  | 'pingpong'
  /** Resends without an ok after them: oks could not be matched to lines. */
  | 'no_ok_after_resend'
  /** Marlin 2: the last line sent is not yet proven to sit in the command queue. */
  | 'tail_rule'
  /** Without ADVANCED_OK: BUFSIZE lines are unacknowledged. */
  | 'command_queue'
  /** The bytes that may still be in the RX buffer, plus the next line, would not fit. */
  | 'rx_bytes';

export function windowBlock(view: WindowView, nextBytes: number): WindowBlock | null {
  const { inFlight, dialect } = view;
  if (inFlight.length === 0) return null;
  if (view.mode === 'pingpong') return 'pingpong';
  // Where resends happen but no ok follows the request, oks could no longer be matched to lines once
  // several are out. (Firmware that never asks for a resend — Klipper — is unaffected.)
  if (dialect.checksLineNumbers && !dialect.okAfterResend) return 'no_ok_after_resend';
  if (hasTailHazard(dialect)) {
    if (!view.advancedOk) return 'tail_rule';
    return inFlight[inFlight.length - 1]!.lineNumber <= view.knownQueuedThrough ? null : 'tail_rule';
  }
  // With ADVANCED_OK the RX count below already leaves out what the queue holds, so a cap on lines
  // would only idle the wire while lines wait in RX for a queue slot (up to BUFSIZE + RX/line lines
  // fit). Without it, nothing tells which unacknowledged lines left RX, and the cap stays.
  if (!view.advancedOk && inFlight.length >= dialect.commandBufferLines) return 'command_queue';
  let exposedBytes = nextBytes + view.staleBytes;
  for (let i = inFlight.length - 1; i >= 0; i--) {
    const line = inFlight[i]!;
    // Oldest first and the queue takes lines in order, so the first proven line ends the RX part.
    if (view.advancedOk && line.lineNumber <= view.knownQueuedThrough) break;
    exposedBytes += line.bytes;
  }
  return exposedBytes <= dialect.rxBufferBytes - view.rxMarginBytes ? null : 'rx_bytes';
}

export function mayTransmit(view: WindowView, nextBytes: number): boolean {
  return windowBlock(view, nextBytes) === null;
}
