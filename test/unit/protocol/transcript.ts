/**
 * Runs a sender transcript (test/fixtures/transcripts/*.txt) on fake time. One step per line:
 *
 *   profile marlin [key=value …]   load firmware-profiles/<name>.json, override dialect keys
 *                                  (`firmware=repetier` sets the firmware family instead)
 *   mode buffered|pingpong          stream mode (default: the profile's)
 *   option historyLines=2           a numeric SenderOptions value
 *   open | close | estop | tick     sender inputs
 *   connected [CAP …]               the whole session start (M110, M115 reply with these Cap:…:1)
 *   job|op|sys|poll <gcode>         enqueue a command from that source
 *   drop <source>                   drop_queued
 *   < <firmware line>               feed one received line (`\0` and `\xNN` escapes allowed)
 *   @+<n>ms                         let n ms pass, ticking at every deadline on the way (as the shell does)
 *   > <text>                        the next write is exactly <text> (without the newline); a numbered
 *                                   line written without `*cs` is compared with its framed form
 *   >r <text>                       the same, and the write must be marked as a resend
 *   ? fault <code> [fatal|nonfatal] a fault with this code happened since the last input
 *   ? event <kind> [<value>]        an event of this kind; `acked <n>`, `resend <n>`, `timeout ok|no_data`,
 *                                   `refused <reason>`, `connected <firmware name>`, `response <kind>`
 *   ? quiet                         nothing was written
 *   ? state <state> | ? inflight <n> | ? queued <n>
 *   # comment
 *
 * Writes are strict: one not matched by a `>` before the next input fails the transcript. So are faults.
 */
import { readFileSync } from 'node:fs';
import { loadProfile } from '../../../src/printer/profiles.js';
import type { FirmwareProfile, StreamMode } from '../../../src/printer/profile-types.js';
import { frame } from '../../../src/printer/protocol/gcode-line.js';
import { Sender } from '../../../src/printer/protocol/sender.js';
import type { CommandSource, SenderAction, SenderInput, SenderOptions } from '../../../src/printer/protocol/sender-types.js';

/** First line of each firmware's M115 answer (Klipper answers on its ok line). */
const M115_REPLIES: Record<FirmwareProfile['firmware'], string> = {
  marlin: 'FIRMWARE_NAME:Marlin 2.1.2.1 (Github) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:3D Printer EXTRUDER_COUNT:1',
  prusa: 'FIRMWARE_NAME:Prusa-Firmware 3.13.3 based on Marlin FIRMWARE_URL:https://github.com/prusa3d/Prusa-Firmware PROTOCOL_VERSION:1.0 MACHINE_TYPE:Prusa i3 MK3S EXTRUDER_COUNT:1',
  klipper: 'ok FIRMWARE_NAME:Klipper FIRMWARE_VERSION:v0.12.0-85-gd785b396',
  reprapfirmware: 'FIRMWARE_NAME: RepRapFirmware for Duet 2 WiFi/Ethernet FIRMWARE_VERSION: 3.4.5 ELECTRONICS: Duet WiFi 1.02 or later',
  smoothieware: 'FIRMWARE_NAME:Smoothieware, FIRMWARE_URL:http%3A//smoothieware.org, FIRMWARE_VERSION:edge-3ba1d7b',
  repetier: 'FIRMWARE_NAME:Repetier_1.0.3 FIRMWARE_URL:https://github.com/repetier/Repetier-Firmware/ PROTOCOL_VERSION:1.0 MACHINE_TYPE:Mendel EXTRUDER_COUNT:1 REPETIER_PROTOCOL:3',
};

export const TRANSCRIPT_DIR = new URL('../../fixtures/transcripts/', import.meta.url);

export interface TranscriptResult { actions: SenderAction[]; sender: Sender; nowMs: number }

class TranscriptError extends Error {}

export function loadTranscript(name: string): string {
  return readFileSync(new URL(name, TRANSCRIPT_DIR), 'utf8');
}

export function profileWith(name: string, overrides: string[]): FirmwareProfile {
  const base = loadProfile(name);
  const dialect: Record<string, unknown> = { ...base.dialect };
  let firmware = base.firmware;
  for (const o of overrides) {
    if (o.startsWith('firmware=')) { firmware = o.slice('firmware='.length) as FirmwareProfile['firmware']; continue; }
    const [key, value] = o.split('=');
    if (!key || value === undefined || !(key in dialect)) throw new TranscriptError(`bad profile override ${o}`);
    dialect[key] = value === 'true' ? true : value === 'false' ? false : /^\d+$/.test(value) ? Number(value) : value;
  }
  return { ...base, firmware, dialect: dialect as unknown as FirmwareProfile['dialect'] };
}

function unescape(text: string): string {
  return text.replace(/\\0/g, '\0').replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function expectedWire(text: string): string {
  const numbered = /^N(\d+) (.*)$/.exec(text);
  if (numbered && !/\*\d+$/.test(text)) return frame(Number(numbered[1]), numbered[2]!);
  return text;
}

function describe(a: SenderAction): string {
  switch (a.kind) {
    case 'write': return `write ${JSON.stringify(a.text)}${a.resend ? ' (resend)' : ''}`;
    case 'fault': return `fault ${a.code}: ${a.message}`;
    case 'event': return `event ${JSON.stringify(a.event)}`;
  }
}

export function runTranscript(script: string): TranscriptResult {
  let profile: FirmwareProfile | null = null;
  let mode: StreamMode | null = null;
  const options: Partial<SenderOptions> = {};
  let sender: Sender | null = null;
  let nowMs = 0;
  let pending: SenderAction[] = [];
  const all: SenderAction[] = [];
  const lines = script.split('\n');

  const need = (): Sender => {
    if (!sender) {
      if (!profile) throw new TranscriptError('no `profile` before the first input');
      sender = new Sender(profile, { ...options, mode: mode ?? profile.dialect.defaultMode });
    }
    return sender;
  };
  const assertDrained = (where: string): void => {
    const left = pending.filter((a) => a.kind === 'write' || a.kind === 'fault');
    if (left.length) throw new TranscriptError(`${where}: unexpected ${left.map(describe).join('; ')}`);
  };
  const feed = (input: SenderInput, where: string): void => {
    assertDrained(where);
    pending = need().handle(input, nowMs);
    all.push(...pending);
  };
  const take = (pred: (a: SenderAction) => boolean, what: string, where: string): SenderAction => {
    const i = pending.findIndex(pred);
    if (i < 0) throw new TranscriptError(`${where}: expected ${what}; pending: ${pending.map(describe).join('; ') || 'nothing'}`);
    return pending.splice(i, 1)[0]!;
  };

  lines.forEach((raw, idx) => {
    const where = `line ${idx + 1} \`${raw.trim()}\``;
    const line = raw.replace(/\s+$/, '');
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const [word, ...restWords] = line.trim().split(/\s+/);
    const rest = line.trim().slice(word!.length + 1);
    try {
      switch (word) {
        case 'profile': profile = profileWith(restWords[0]!, restWords.slice(1)); return;
        case 'mode': mode = restWords[0] as StreamMode; return;
        case 'option': {
          const [key, value] = restWords[0]!.split('=');
          options[key as keyof SenderOptions] = Number(value) as never;
          return;
        }
        case 'open': feed({ kind: 'opened' }, where); return;
        case 'connected': { handshake(restWords, where); return; }
        case 'close': feed({ kind: 'closed' }, where); return;
        case 'estop': feed({ kind: 'emergency_stop' }, where); return;
        case 'tick': feed({ kind: 'tick' }, where); return;
        case 'drop': feed({ kind: 'drop_queued', source: restWords[0] as CommandSource }, where); return;
        case 'job': case 'op': case 'sys': case 'poll': {
          const source: CommandSource = word === 'op' ? 'operator' : word === 'sys' ? 'system' : word;
          feed({ kind: 'enqueue', command: { text: rest, source } }, where);
          return;
        }
        case '<': feed({ kind: 'line', text: unescape(rest) }, where); return;
        case '>': case '>r': {
          const want = expectedWire(rest);
          const got = take((a) => a.kind === 'write', `write ${JSON.stringify(want)}`, where);
          if (got.kind !== 'write' || got.text !== `${want}\n`) throw new TranscriptError(`${where}: expected write ${JSON.stringify(`${want}\n`)}, got ${describe(got)}`);
          if ((word === '>r') !== got.resend) throw new TranscriptError(`${where}: resend mark is ${got.resend}`);
          return;
        }
        case '?': { check(restWords, where); return; }
        default: {
          const at = /^@\+(\d+)ms$/.exec(word!);
          if (!at) throw new TranscriptError(`${where}: unknown step`);
          const until = nowMs + Number(at[1]);
          for (;;) {
            const due = need().nextDeadlineMs();
            if (due === null || due > until) break;
            nowMs = Math.max(nowMs, due);
            feed({ kind: 'tick' }, where);
          }
          nowMs = until;
          return;
        }
      }
    } catch (err) {
      if (err instanceof TranscriptError) throw err;
      throw new TranscriptError(`${where}: ${(err as Error).stack}`);
    }
  });

  /** `connected CAP…`: the whole session start, with these capabilities reported as 1. */
  function handshake(caps: string[], where: string): void {
    const p = profile;
    if (!p) throw new TranscriptError(`${where}: no profile`);
    feed({ kind: 'opened' }, where);
    if (!p.dialect.okOnBlankLines) expectWrite('', where);
    expectWrite('N0 M110 N0*125', where);
    feed({ kind: 'line', text: 'ok' }, where);
    expectWrite('N1 M115*39', where);
    const reply = M115_REPLIES[p.firmware];
    if (reply.startsWith('ok ')) {
      feed({ kind: 'line', text: reply }, where);
    } else {
      feed({ kind: 'line', text: reply }, where);
      for (const cap of caps) feed({ kind: 'line', text: `Cap:${cap}:1` }, where);
      feed({ kind: 'line', text: 'ok' }, where);
    }
    take((a) => a.kind === 'event' && a.event.kind === 'connected', 'connected', where);
  }

  function expectWrite(text: string, where: string): void {
    const got = take((a) => a.kind === 'write', `write ${JSON.stringify(text)}`, where);
    if (got.kind !== 'write' || got.text !== `${text}\n`) throw new TranscriptError(`${where}: expected write ${JSON.stringify(text)}, got ${describe(got)}`);
  }

  function check(words: string[], where: string): void {
    const [what, arg, arg2] = words;
    const s = need();
    switch (what) {
      case 'fault': {
        const f = take((a) => a.kind === 'fault' && a.code === arg, `fault ${arg}`, where);
        if (f.kind === 'fault' && arg2 !== undefined && f.fatal !== (arg2 === 'fatal')) {
          throw new TranscriptError(`${where}: fault ${arg} has fatal=${f.fatal}`);
        }
        return;
      }
      case 'event': {
        const rest = words.slice(2).join(' ');
        take((a) => a.kind === 'event' && a.event.kind === arg && (rest === '' || eventValue(a) === rest), `event ${arg} ${rest}`, where);
        return;
      }
      case 'quiet':
        if (pending.some((a) => a.kind === 'write')) throw new TranscriptError(`${where}: expected no writes, pending ${pending.map(describe).join('; ')}`);
        return;
      case 'state':
        if (s.linkState() !== arg) throw new TranscriptError(`${where}: state is ${s.linkState()}`);
        return;
      case 'inflight':
        if (s.inFlightCount() !== Number(arg)) throw new TranscriptError(`${where}: in flight ${s.inFlightCount()}`);
        return;
      case 'queued':
        if (s.queuedCount() !== Number(arg)) throw new TranscriptError(`${where}: queued ${s.queuedCount()}`);
        return;
      default: throw new TranscriptError(`${where}: unknown check`);
    }
  }

  assertDrained('end of transcript');
  return { actions: all, sender: need(), nowMs };
}

function eventValue(a: SenderAction): string {
  if (a.kind !== 'event') return '';
  const e = a.event;
  switch (e.kind) {
    case 'acked': return String(e.lineNumber);
    case 'resend': return String(e.lineNumber);
    case 'timeout': return e.what;
    case 'refused': return e.reason;
    case 'connected': return e.firmwareName ?? 'null';
    case 'response': return e.response.kind;
    case 'log': return e.level;
    default: return '';
  }
}
