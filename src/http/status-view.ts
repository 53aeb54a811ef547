/**
 * What a caller may see of a printer's status. A patron at the lobby sees temperatures and progress
 * but not whose file is printing; staff and instructors see everything. Pure.
 */
import type { PrinterStatus } from '../printer/printer-types.js';
import type { Actor } from '../users/user-types.js';

export function seesPrintDetails(actor: Actor): boolean {
  return actor.role !== 'patron';
}

export function redactStatus(status: PrinterStatus): PrinterStatus {
  return status.print ? { ...status, print: { ...status.print, fileName: '', jobRef: '' } } : status;
}

export function statusFor(actor: Actor, status: PrinterStatus): PrinterStatus {
  return seesPrintDetails(actor) ? status : redactStatus(status);
}
