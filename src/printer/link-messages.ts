/**
 * The messages between RemoteLink (main thread) and link-worker.ts. Commands cross as copies, so each
 * carries a number that the worker reports back with its `acked` or `refused`: the main side then hands
 * its listeners the very object that was sent (the controller keys its script callbacks on identity).
 */
import type { LinkConnected, LinkFault } from './printer-link.js';
import type { LinkMetrics, SerialLogEntry } from './printer-types.js';
import type { FirmwareProfile } from './profile-types.js';
import type { LineRefusal } from './protocol/gcode-line.js';
import type { Response } from './protocol/responses.js';
import type { Command, CommandSource } from './protocol/sender-types.js';

/** Where the worker's transport goes: a serial device, or the built-in virtual printer on the worker's own clock. */
export type LinkPort =
  | { kind: 'serial'; path: string; baudRate: number }
  | { kind: 'virtual'; baudRate: number; timeScale: number };

export interface LinkWorkerData { profile: FirmwareProfile; port: LinkPort }

/** Main → worker, performed in order. */
export type LinkOp =
  | { op: 'send'; id: number; command: Command }
  | { op: 'drop_queued'; source: CommandSource }
  | { op: 'emergency_stop' }
  | { op: 'connect'; timeoutMs?: number }
  | { op: 'close' }
  | { op: 'serial_log'; requestId: number; limit?: number };

export interface LinkOpBatch { ops: LinkOp[] }

export interface AppErrorShape { code: string; message: string; httpStatus: number; params: Record<string, unknown> }

/** A command the main thread sent is named by its number; one the worker's link made itself (polls, heaters off) travels whole. */
export type CommandRef = number | Command;

/** Worker → main, in the order the link emitted them. */
export type LinkReport =
  | { kind: 'connected'; info: LinkConnected }
  | { kind: 'connect_failed'; error: AppErrorShape }
  | { kind: 'acked'; command: CommandRef; lineNumber: number | null; rttMs: number }
  | { kind: 'refused'; command: CommandRef; reason: LineRefusal; message: string }
  | { kind: 'response'; response: Response }
  | { kind: 'fault'; fault: LinkFault }
  | { kind: 'disconnected'; reason: string }
  | { kind: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { kind: 'serial_log'; requestId: number; entries: SerialLogEntry[] }
  /** The link is closed; its serial log goes with it, for the staff view of what happened before. */
  | { kind: 'closed'; entries: SerialLogEntry[] };

/**
 * The Sender's queue as of the last command the worker received. The main side adds the commands it
 * posted since, so a top-up never counts lines twice or misses a drop the Sender made by itself.
 */
export interface LinkCounts {
  received: Record<CommandSource, number>;
  queued: Record<CommandSource, number>;
  /** Queued plus in flight: 0 means every command received so far is settled (acked, refused or dropped). */
  outstanding: number;
  lastId: number;
}

export interface LinkReportBatch { reports: LinkReport[]; counts: LinkCounts; metrics?: LinkMetrics }

export function zeroBySource(): Record<CommandSource, number> {
  return { job: 0, operator: 0, poll: 0, system: 0 };
}
