/**
 * Builds the PrinterStatus snapshot the UI sees from what the firmware reported and where the print
 * is. Pure: every value comes in as an argument (time included), one immutable snapshot comes out.
 */
import type { FileMark } from './file-streamer.js';
import type { HeaterReading, LinkMetrics, PrintProgress, PrinterState, PrinterStatus } from './printer-types.js';
import type { TemperatureReport } from './protocol/temperatures.js';
import { timedProgress, type PaceStart, type PrintTimeline } from './print-timeline.js';

export interface Position { x: number; y: number; z: number; e: number }

export interface HeaterReadings {
  hotends: HeaterReading[];
  bed: HeaterReading | null;
  chamber: HeaterReading | null;
  otherSensors: Record<string, number>;
}

export function noHeaterReadings(): HeaterReadings {
  return { hotends: [], bed: null, chamber: null, otherSensors: {} };
}

const TOOL_RE = /^T(\d+)$/;

/**
 * Merges a temperature report into the last readings. A report that omits a sensor keeps its old
 * value (Repetier sends targets on their own lines); a report with only a target keeps the old actual.
 */
export function withTemperatureReport(prev: HeaterReadings, report: TemperatureReport): HeaterReadings {
  const hotends = [...prev.hotends];
  let { bed, chamber } = prev;
  const otherSensors = { ...prev.otherSensors };
  const merge = (old: HeaterReading | null | undefined, actualC: number | null, targetC: number | null): HeaterReading | null => {
    const a = actualC ?? old?.actualC;
    return a === undefined ? null : { actualC: a, targetC: targetC ?? old?.targetC ?? null };
  };
  for (const [name, s] of Object.entries(report.sensors)) {
    const tool = TOOL_RE.exec(name);
    if (tool) {
      const i = Number(tool[1]);
      const r = merge(hotends[i], s.actualC, s.targetC);
      if (r) {
        while (hotends.length < i) hotends.push({ actualC: 0, targetC: null });
        hotends[i] = r;
      }
    } else if (name === 'B') bed = merge(bed, s.actualC, s.targetC);
    else if (name === 'C') chamber = merge(chamber, s.actualC, s.targetC);
    else if (s.actualC !== null) otherSensors[name] = s.actualC;
  }
  return { hotends, bed, chamber, otherSensors };
}

/** Below this share of the file the remaining-time guess by bytes swings too wildly to show. */
const MIN_FRACTION_FOR_ETA = 0.01;

export interface ProgressInput {
  jobRef: string;
  fileName: string;
  bytesTotal: number;
  mark: FileMark;
  /** Where the printer is working: see FileStreamer.workingOffset. */
  workingOffset: number;
  startedAtMs: number;
  nowMs: number;
  /** Time spent printing since the start, pauses left out. */
  printingMs: number;
  /** `printingMs` when the printer acknowledged up to `mark`. */
  ackedPrintingMs: number;
  /** Where the pace is measured from (see paceStartAt); null before the first layer or without a timeline. */
  paceStart: PaceStart | null;
  /** The analysis's per-layer times for this very file, or null (an unanalysed file, a lost table). */
  timeline: PrintTimeline | null;
  finished: boolean;
}

/** By our per-layer time estimate when the file has one; otherwise by acknowledged bytes and the pace so far. */
export function printProgress(p: ProgressInput): PrintProgress {
  const byBytes = p.bytesTotal > 0 ? Math.min(1, p.mark.byteOffset / p.bytesTotal) : 0;
  const timed = p.timeline ? timedProgress(p.timeline, { byteOffset: p.workingOffset, ackedPrintingMs: p.ackedPrintingMs, printingMs: p.printingMs, paceStart: p.paceStart }) : null;
  const fraction = p.finished ? 1 : timed ? timed.fraction : byBytes;
  const remainingMs = p.finished ? 0
    : timed ? timed.remainingMs
      : byBytes >= MIN_FRACTION_FOR_ETA ? Math.round(p.printingMs * (1 - byBytes) / byBytes) : null;
  return {
    jobRef: p.jobRef, fileName: p.fileName, bytesTotal: p.bytesTotal, bytesAcked: p.mark.byteOffset, lineAcked: p.mark.line, fraction,
    layer: timed ? timed.layer : p.mark.layer, layers: p.timeline ? p.timeline.layerOffsets.length : null,
    estimateS: p.timeline ? Math.round(p.timeline.totalSeconds) : null, elapsedMs: Math.max(0, p.nowMs - p.startedAtMs), remainingMs,
  };
}

export interface StatusInput {
  printerId: string;
  state: PrinterState;
  profile: string;
  firmwareName: string | null;
  heaters: HeaterReadings;
  position: Position | null;
  print: PrintProgress | null;
  link: LinkMetrics;
  error: { code: string; message: string } | null;
}

export function buildStatus(s: StatusInput): PrinterStatus {
  return {
    printerId: s.printerId, state: s.state, profile: s.profile, firmwareName: s.firmwareName,
    hotends: s.heaters.hotends, bed: s.heaters.bed, chamber: s.heaters.chamber, otherSensors: s.heaters.otherSensors,
    position: s.position, print: s.print, link: s.link, error: s.error,
  };
}
