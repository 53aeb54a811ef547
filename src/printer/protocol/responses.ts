/**
 * One firmware line → one Response. A small parser per reply shape, tried in order; each quotes the
 * real firmware line it handles. Never throws: a line nothing recognises is `unknown`.
 */
import { classifyError, type ErrorClass } from './errors.js';
import { parseCapabilityLine, parseFirmwareInfo, type FirmwareInfo } from './capabilities.js';
import {
  looksLikeTargetReport, looksLikeTemperatureReport, parseTemperatureReport, type TemperatureReport,
} from './temperatures.js';

export type Response =
  | {
    kind: 'ok'; raw: string;
    /** ADVANCED_OK `N` (Marlin) or Repetier's `ok <n>`: the line this ok belongs to. */
    lineNumber: number | null;
    /** ADVANCED_OK `P`: planner blocks free. */
    plannerFree: number | null;
    /** ADVANCED_OK `B`: command-queue slots free. */
    bufferFree: number | null;
    /** What followed the ok on the same line (`ok T:…`, `ok FIRMWARE_NAME:Klipper…`), parsed. */
    payload: Response | null;
  }
  | { kind: 'resend'; raw: string; lineNumber: number }
  | { kind: 'skip'; raw: string; lineNumber: number }
  | { kind: 'busy'; raw: string; reason: string }
  | { kind: 'wait'; raw: string }
  | { kind: 'start'; raw: string }
  | { kind: 'temperature'; raw: string; report: TemperatureReport }
  | { kind: 'position'; raw: string; x: number; y: number; z: number; e: number }
  | { kind: 'sd_status'; raw: string; state: 'printing' | 'not_printing' | 'done'; bytePos: number | null; byteSize: number | null }
  | { kind: 'firmware_info'; raw: string; info: FirmwareInfo }
  | { kind: 'capability'; raw: string; name: string; enabled: boolean }
  | { kind: 'action'; raw: string; name: string; params: string }
  | { kind: 'echo'; raw: string; text: string }
  | { kind: 'error'; raw: string; text: string; errorClass: ErrorClass; reason: string }
  | { kind: 'unknown'; raw: string };

export type ResponseKind = Response['kind'];

type Parser = (line: string) => Response | null;

/** `ok`, `ok 1234` (Repetier), `ok N12 P15 B3` (Marlin ADVANCED_OK), `ok T:21.0 /0.0` (M105), `ok - Invalid G53` (Smoothie). */
const parseOk: Parser = (line) => {
  const m = /^ok\b\s*(.*)$/i.exec(line);
  if (!m) return null;
  let rest = m[1]!;
  let lineNumber: number | null = null;
  let plannerFree: number | null = null;
  let bufferFree: number | null = null;
  const adv = /^(?:N(\d+)\s*)?P(\d+)\s+B(\d+)\s*/.exec(rest);
  if (adv) {
    lineNumber = adv[1] !== undefined ? Number(adv[1]) : null;
    plannerFree = Number(adv[2]);
    bufferFree = Number(adv[3]);
    rest = rest.slice(adv[0].length);
  } else {
    const repetier = /^N?(\d+)\s*$/.exec(rest);
    if (repetier) { lineNumber = Number(repetier[1]); rest = ''; }
  }
  const payload = rest.trim() === '' ? null : parseResponse(rest.trim());
  return { kind: 'ok', raw: line, lineNumber, plannerFree, bufferFree, payload };
};

/**
 * Marlin/Prusa `Resend: 12`, Repetier `Resend:12`, Smoothie `rs N12`, old RRF `rs 12`, `Resend: N:12`,
 * Teacup `rs N2 Expected checksum 67`.
 */
const parseResend: Parser = (line) => {
  const m = /^(?:resend|rs)\b\s*:?\s*N?:?\s*(\d+)/i.exec(line);
  return m ? { kind: 'resend', raw: line, lineNumber: Number(m[1]) } : null;
};

/** Repetier, after a resend request, for each stray line: `skip 13`. */
const parseSkip: Parser = (line) => {
  const m = /^skip\s*:?\s*(\d+)/i.exec(line);
  return m ? { kind: 'skip', raw: line, lineNumber: Number(m[1]) } : null;
};

/** Marlin/Prusa `echo:busy: processing`, `echo:busy: paused for user`; Repetier `busy:heating`. */
const parseBusy: Parser = (line) => {
  const m = /^(?:echo:\s*)?busy:\s*(.*)$/i.exec(line);
  return m ? { kind: 'busy', raw: line, reason: m[1]!.trim() } : null;
};

/** Marlin (NO_TIMEOUTS) and Repetier idle keepalive: `wait`. */
const parseWait: Parser = (line) => (line === 'wait' ? { kind: 'wait', raw: line } : null);

/** Marlin's first line after reset: `start`, often behind boot garbage such as `\x00start` or `ÿstart`. */
const parseStart: Parser = (line) => (/^[^A-Za-z0-9]*start$/.test(line) ? { kind: 'start', raw: line } : null);

/**
 * Marlin `Error:Thermal Runaway, system stopped! Heater_ID: 0`, Klipper `!! Printer is shutdown`,
 * `// Klipper state: Shutdown`, Repetier `fatal:Heater decoupled`, RRF `Error: G1: insufficient axes homed`,
 * Marlin `echo:Unknown command: "G999"`, Klipper `// Unknown command:"FOO"`, `Printer halted. kill() called!`.
 */
const parseError: Parser = (line) => {
  const m = /^(?:error\s*:\s*|!!\s*|fatal\s*:\s*)(.*)$/i.exec(line)
    ?? /^(?:echo:\s*|\/\/\s*)(unknown command.*)$/i.exec(line)
    ?? /^\/\/\s*(klipper state:\s*(?:shutdown|disconnect|not ready|startup).*)$/i.exec(line)
    ?? /^(printer halted.*|.*kill\(\) called.*)$/i.exec(line);
  if (!m) return null;
  const { errorClass, reason } = classifyError(line);
  return { kind: 'error', raw: line, text: m[1]!.trim(), errorClass, reason };
};

/**
 * Marlin `//action:pause`, prompts `//action:prompt_begin Filament runout`, `//action:prompt_button Continue`,
 * `//action:notification Heating...`.
 */
const parseAction: Parser = (line) => {
  const m = /^\/\/\s*action:\s*(\S+)\s*(.*)$/i.exec(line);
  return m ? { kind: 'action', raw: line, name: m[1]!.toLowerCase(), params: m[2]!.trim() } : null;
};

/** Marlin M114 `X:10.00 Y:20.00 Z:0.30 E:0.00 Count X:800 Y:1600 Z:120`; RRF `... E:0.000 E0:-0.0 Count 0 0 0 Machine …`. */
const parsePosition: Parser = (line) => {
  const head = line.split(/\s+Count\b/i)[0]!;
  const m = /^X:\s*(-?[\d.]+)\s+Y:\s*(-?[\d.]+)\s+Z:\s*(-?[\d.]+)(?:\s+E:\s*(-?[\d.]+))?/.exec(head);
  if (!m) return null;
  return { kind: 'position', raw: line, x: Number(m[1]), y: Number(m[2]), z: Number(m[3]), e: m[4] !== undefined ? Number(m[4]) : 0 };
};

/** Marlin `SD printing byte 1234/56789`, `Not SD printing`, Klipper/RRF with a trailing `.`, `Done printing file`. */
const parseSdStatus: Parser = (line) => {
  const printing = /^SD printing byte (\d+)\s*\/\s*(\d+)\.?$/i.exec(line);
  if (printing) return { kind: 'sd_status', raw: line, state: 'printing', bytePos: Number(printing[1]), byteSize: Number(printing[2]) };
  if (/^Not SD printing\.?$/i.test(line)) return { kind: 'sd_status', raw: line, state: 'not_printing', bytePos: null, byteSize: null };
  if (/^Done printing file\.?$/i.test(line)) return { kind: 'sd_status', raw: line, state: 'done', bytePos: null, byteSize: null };
  return null;
};

/** M115 first line (see capabilities.ts for the variants), including Malyan's `NAME. Malyan VER: …`. */
const parseFirmwareLine: Parser = (line) =>
  (/^(?:FIRMWARE_NAME:|NAME\.\s)/.test(line) ? { kind: 'firmware_info', raw: line, info: parseFirmwareInfo(line) } : null);

/** Marlin M115 `Cap:AUTOREPORT_TEMP:1`. */
const parseCapability: Parser = (line) => {
  const cap = parseCapabilityLine(line);
  return cap ? { kind: 'capability', raw: line, ...cap } : null;
};

/** Marlin ` T:210.0 /210.0 B:60.0 /60.0 @:0 B@:0`, Prusa `T:200.3 E:0 W:?`, Repetier `TargetExtr0:210`. */
const parseTemperature: Parser = (line) =>
  (looksLikeTemperatureReport(line) || looksLikeTargetReport(line)
    ? { kind: 'temperature', raw: line, report: parseTemperatureReport(line) } : null);

/** Marlin `echo:SD card ok`, Klipper `// probe at 10,10 is z=0.1`. */
const parseEcho: Parser = (line) => {
  const m = /^(?:echo\s*:|\/\/)\s*(.*)$/i.exec(line);
  return m ? { kind: 'echo', raw: line, text: m[1]!.trim() } : null;
};

/** Order matters: `ok T:` before temperatures, actions and errors before plain echo/`//` lines. */
const PARSERS: readonly Parser[] = [
  parseOk, parseResend, parseSkip, parseBusy, parseWait, parseStart, parseAction, parseError,
  parseCapability, parseFirmwareLine, parseSdStatus, parsePosition, parseTemperature, parseEcho,
];

export function parseResponse(line: string): Response {
  const text = (line.includes('\0') ? line.replace(/\0/g, '') : line).trim();
  for (const parse of PARSERS) {
    const r = parse(text);
    if (r) return r;
  }
  return { kind: 'unknown', raw: text };
}
