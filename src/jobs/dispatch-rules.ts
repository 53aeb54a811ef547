/**
 * Which job may go to which printer, and whether a printer may take one now. Pure: the dispatcher
 * feeds in the queue, the printer's state and its bed state.
 */
import type { PrinterState } from '../printer/printer-types.js';
import { bookingBlocksStart, closingAfter } from '../reservations/booking-rules.js';
import type { Booking } from '../reservations/booking-types.js';
import type { BedState } from './bed-repository.js';
import type { Job } from './job-types.js';
import type { LibraryHours } from './policy-rules.js';

export interface PrinterFacts {
  printerId: string;
  /** What is loaded now (e.g. "PLA"), or null when nobody said. */
  loadedMaterial: string | null;
}

/** The printers a workshop may use; empty means any. */
export type WorkshopPrinters = (workshopId: number) => readonly string[];

export type StartBlocker = 'printer_not_idle' | 'bed_not_cleared' | 'printer_busy';

/**
 * Why `printerId` cannot start a job now, or null. `unknown` counts as occupied: after a restart
 * nobody has looked at the bed.
 */
export function startBlocker(printerState: PrinterState, bedState: BedState, alreadyStarting: boolean): StartBlocker | null {
  if (alreadyStarting) return 'printer_busy';
  if (printerState !== 'idle') return 'printer_not_idle';
  if (bedState !== 'cleared') return 'bed_not_cleared';
  return null;
}

function sameMaterial(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** An approved job with G-code to stream, asking for this printer or any, within its workshop's printers. */
export function isCompatible(job: Job, printerId: string, workshopPrinters: WorkshopPrinters): boolean {
  if (job.state !== 'approved' || job.gcodeSha256 === null) return false;
  if (job.printerId !== null && job.printerId !== printerId) return false;
  if (job.workshopId !== null) {
    const allowed = workshopPrinters(job.workshopId);
    if (allowed.length > 0 && !allowed.includes(printerId)) return false;
  }
  return true;
}

/**
 * The next job for `printer` from `queue` (already in priority, then submission order). With
 * `preferLoadedMaterial`, a job in the loaded material goes first among those of the same priority
 * as the head of the line — never ahead of a higher priority.
 */
export function pickNextJob(queue: readonly Job[], printer: PrinterFacts, workshopPrinters: WorkshopPrinters,
  preferLoadedMaterial: boolean): Job | null {
  const candidates = queue.filter((j) => isCompatible(j, printer.printerId, workshopPrinters));
  const head = candidates[0];
  if (!head || !preferLoadedMaterial || printer.loadedMaterial === null) return head ?? null;
  return candidates.find((j) => j.priority === head.priority && sameMaterial(j.material, printer.loadedMaterial)) ?? head;
}

export type SlotRefusal =
  | { code: 'printer_booked'; params: { printerId: string; bookingId: number; bookedFromMs: number; bookedUntilMs: number } }
  | { code: 'past_closing_time'; params: { printerId: string; closesAtMs: number; estimatedEndMs: number } };

/** Whether `printerId` may be busy from `startMs` to `endMs`; app.ts builds it from the bookings and the library's hours. */
export type SlotCheck = (printerId: string, startMs: number, endMs: number) => SlotRefusal | null;

/**
 * Why a print from `startMs` to `endMs` may not run on `printerId`: it would run into a booking, or
 * past the close of the opening interval it starts in. Outside opening hours there is no close to
 * run past; whether a print may start then at all is the library policies' call.
 */
export function slotRefusal(bookings: readonly Booking[], hours: LibraryHours, printerId: string, startMs: number,
  endMs: number): SlotRefusal | null {
  const booking = bookingBlocksStart(bookings, printerId, startMs, endMs);
  if (booking) {
    return { code: 'printer_booked', params: { printerId, bookingId: booking.id, bookedFromMs: booking.startsAtMs, bookedUntilMs: booking.endsAtMs } };
  }
  const closesAtMs = closingAfter(hours, startMs);
  if (closesAtMs !== null && endMs > closesAtMs) return { code: 'past_closing_time', params: { printerId, closesAtMs, estimatedEndMs: endMs } };
  return null;
}

/** The bookings side as a slot check needs it; the booking repository fits without the dispatcher importing it. */
export interface BookingLister {
  list(filter: { resourceId: string; fromMs: number; toMs: number }): readonly Booking[];
}

export function slotCheckFrom(bookings: BookingLister, hours: LibraryHours): SlotCheck {
  return (printerId, startMs, endMs) =>
    slotRefusal(bookings.list({ resourceId: printerId, fromMs: startMs, toMs: endMs }), hours, printerId, startMs, endMs);
}
