/**
 * What the rest of the daemon (queue dispatcher, HTTP API, live gateway) may know about a printer.
 * printer-controller.ts implements PrinterController; nothing outside src/printer/ touches the link.
 */
import type { PrintTimeline } from './print-timeline.js';

export type PrinterState =
  | 'disconnected' | 'connecting' | 'idle' | 'printing' | 'pausing' | 'paused' | 'cancelling' | 'error';

export interface HeaterReading { actualC: number; targetC: number | null; powerPct?: number }

export interface PrintProgress {
  /** The queue's job id (or a CLI label) the print belongs to. */
  jobRef: string;
  fileName: string;
  bytesTotal: number;
  /** File offset just past the last command the printer acknowledged. */
  bytesAcked: number;
  /** 1-based file line of the last acknowledged command. */
  lineAcked: number;
  /** 0..1 of our estimated print time when the analysis's per-layer times are known, else by acknowledged bytes. */
  fraction: number;
  /** 1-based; by the analysis's layer table when known, else by the file's layer comments. */
  layer: number | null;
  /** The file's layers, by the analysis; null without its table. */
  layers: number | null;
  /** Our estimate of the whole print (the analysis's motion model); null without its table. */
  estimateS: number | null;
  /** Since the printer acknowledged the first command, pauses included. */
  elapsedMs: number;
  remainingMs: number | null;
}

export interface LinkMetrics {
  linesPerS: number;
  bytesPerS: number;
  rttP50Ms: number | null;
  rttP99Ms: number | null;
  linesSent: number;
  resends: number;
  timeouts: number;
}

export interface PrinterStatus {
  printerId: string;
  state: PrinterState;
  profile: string;
  firmwareName: string | null;
  hotends: HeaterReading[];
  bed: HeaterReading | null;
  chamber: HeaterReading | null;
  /** Sensors the firmware reports that we do not model (P: probe, A: ambient…), by their letter. */
  otherSensors: Record<string, number>;
  position: { x: number; y: number; z: number; e: number } | null;
  print: PrintProgress | null;
  link: LinkMetrics;
  error: { code: string; message: string } | null;
}

export interface PrinterEvents {
  'printer:status': PrinterStatus;
  'printer:state_changed': { printerId: string; from: PrinterState; to: PrinterState };
  /** The printer acknowledged the first command of the file: only now is a job `printing`. */
  'printer:print_started': { printerId: string; jobRef: string };
  'printer:print_finished': { printerId: string; jobRef: string; progress: PrintProgress };
  'printer:print_failed': { printerId: string; jobRef: string; code: string; message: string; progress: PrintProgress };
  /** Link lost mid-print (cable pulled, reset): the job is interrupted and never resumed blindly. */
  'printer:print_interrupted': { printerId: string; jobRef: string; code: string; progress: PrintProgress };
  'printer:alarm': { printerId: string; code: string; message: string };
}

export interface StartPrintRequest {
  jobRef: string;
  filePath: string;
  fileName: string;
  /** The analysis's per-layer times for this file: progress and the remaining time follow them. */
  timeline?: PrintTimeline | null;
}

export interface PrinterController {
  readonly id: string;
  state(): PrinterState;
  status(): PrinterStatus;
  connect(): Promise<void>;
  /**
   * Connects, and keeps retrying with backoff until it succeeds: for the daemon's start, when a printer may
   * still be switched off. Failures go to the serial log and status, never to the caller.
   */
  connectWhenAvailable(): void;
  disconnect(): Promise<void>;
  /** Resolves once the firmware has acknowledged the start; rejects with an AppError if it cannot start. */
  startPrint(req: StartPrintRequest): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  cancel(): Promise<void>;
  /** Goes out at once, ahead of any queue; returns without waiting for the printer. */
  emergencyStop(): void;
  /** A staff G-code line (terminal); refused while printing unless it is a safe query. */
  sendLine(text: string): void;
  on<K extends keyof PrinterEvents>(event: K, fn: (payload: PrinterEvents[K]) => void): void;
  off<K extends keyof PrinterEvents>(event: K, fn: (payload: PrinterEvents[K]) => void): void;
  /** Asynchronous: the link may run in a process of its own. */
  serialLog(limit?: number): Promise<SerialLogEntry[]>;
}

export interface SerialLogEntry {
  atMs: number;
  direction: 'sent' | 'received' | 'note';
  text: string;
  /** resend, timeout, fault… for the staff view. */
  mark?: string;
}
