/**
 * How our printer state reads to a slicer's OctoPrint plugin. Cura polls /api/printer and calls a
 * printer "offline" unless `state.flags` say operational; pure so the mapping is tested as a table.
 */
import type { PrinterState, PrinterStatus } from '../printer/printer-types.js';

export interface OctoPrintFlags {
  operational: boolean; printing: boolean; paused: boolean; pausing: boolean; cancelling: boolean;
  error: boolean; ready: boolean; closedOrError: boolean; sdReady: boolean; finishing: boolean; resuming: boolean;
}

const TEXT: Record<PrinterState, string> = {
  disconnected: 'Offline', connecting: 'Connecting', idle: 'Operational', printing: 'Printing',
  pausing: 'Pausing', paused: 'Paused', cancelling: 'Cancelling', error: 'Error',
};

export function octoPrintFlags(state: PrinterState): OctoPrintFlags {
  const connected = state !== 'disconnected' && state !== 'connecting' && state !== 'error';
  return {
    operational: connected,
    printing: state === 'printing',
    paused: state === 'paused',
    pausing: state === 'pausing',
    cancelling: state === 'cancelling',
    error: state === 'error',
    ready: state === 'idle',
    closedOrError: !connected,
    sdReady: false,
    finishing: false,
    resuming: false,
  };
}

/** The `/api/printer` reply: state plus temperatures in OctoPrint's shape. */
export function octoPrintPrinterReply(status: PrinterStatus | null): Record<string, unknown> {
  const state: PrinterState = status?.state ?? 'disconnected';
  const temperature: Record<string, { actual: number; target: number | null; offset: number }> = {};
  status?.hotends.forEach((h, i) => { temperature[`tool${i}`] = { actual: h.actualC, target: h.targetC, offset: 0 }; });
  if (status?.bed) temperature.bed = { actual: status.bed.actualC, target: status.bed.targetC, offset: 0 };
  return { state: { text: TEXT[state], flags: octoPrintFlags(state) }, temperature, sd: { ready: false } };
}

/** The `/api/job` reply: Cura reads `job.file.name` and `progress.*`. */
export function octoPrintJobReply(status: PrinterStatus | null): Record<string, unknown> {
  const print = status?.print ?? null;
  return {
    job: { file: { name: print?.fileName ?? null, size: print?.bytesTotal ?? null }, estimatedPrintTime: print?.estimateS ?? null },
    progress: {
      completion: print ? print.fraction * 100 : null,
      filepos: print?.bytesAcked ?? null,
      printTime: print ? Math.round(print.elapsedMs / 1000) : null,
      printTimeLeft: print?.remainingMs == null ? null : Math.round(print.remainingMs / 1000),
    },
    state: TEXT[status?.state ?? 'disconnected'],
  };
}
