/**
 * What PrinterController needs of a printer link, and nothing more. PrinterLink (in process, any Clock)
 * and RemoteLink (the same PrinterLink in a process of its own, on wall time) both fit it, so the controller
 * does not know which thread streams its file.
 */
import type { LinkConnected, PrinterLinkEvents } from './printer-link.js';
import type { LinkMetrics, SerialLogEntry } from './printer-types.js';
import type { FirmwareProfile } from './profile-types.js';
import type { Command, CommandSource } from './protocol/sender-types.js';

export interface PrinterLinkApi {
  readonly profile: FirmwareProfile;
  connect(opts?: { timeoutMs?: number }): Promise<LinkConnected>;
  /** Closes the port on purpose; no `disconnected` event follows. */
  close(): Promise<void>;
  /** `acked` and `refused` events hand back this very object. */
  send(command: Command): void;
  /** M112 ahead of everything queued, performed as soon as the link's thread receives it. */
  emergencyStop(): void;
  dropQueued(source: CommandSource): void;
  queuedCount(source?: CommandSource): number;
  metrics(): LinkMetrics;
  /** Asynchronous when the log lives in another thread. */
  serialLog(limit?: number): SerialLogEntry[] | Promise<SerialLogEntry[]>;
  firmware(): LinkConnected | null;
  on<K extends keyof PrinterLinkEvents>(event: K, fn: (payload: PrinterLinkEvents[K]) => void): void;
}
