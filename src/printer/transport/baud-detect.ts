/**
 * Finds the baud rate a printer talks at: open at each candidate, say M110/M115, and keep the first
 * rate at which something firmware-like comes back. At a wrong rate the bytes arrive as noise, which
 * `looksLikeFirmware` refuses. Boards that reset on open need a moment to boot, hence the listen window;
 * their `start` banner alone is proof enough of the right rate. Once it is found, the rest of the answer
 * is heard out before the port closes: a board that does not reset on open would otherwise hand its
 * report and oks to the session that opens the port next, which would count them as its own.
 */
import type { Clock } from '../../core/clock.js';
import { SerialTransport } from './serial-transport.js';

/** Marlin's default first, then the common USB-UART rates. */
export const BAUD_CANDIDATES = [250000, 115200, 57600, 230400, 500000, 38400, 19200] as const;

const FIRMWARE_LINE_RE = /^(ok\b|start$|FIRMWARE_NAME:|Cap:[A-Z_]+:[01]|echo:|wait$|Error:|Resend:|rs |!!|\/\/|T:\d|T0:\d)/;
const PRINTABLE_RE = /^[\x20-\x7e\t]*$/;
/** Once the firmware has spoken, the answer is over when it stays quiet this long. */
export const ANSWER_QUIET_MS = 300;

/** Pure: do these lines read as a firmware speaking, rather than noise from a wrong baud rate? */
export function looksLikeFirmware(lines: readonly string[]): boolean {
  return lines.some((l) => PRINTABLE_RE.test(l) && FIRMWARE_LINE_RE.test(l.trim()));
}

export interface BaudDetectOptions {
  path: string;
  clock: Clock;
  candidates?: readonly number[];
  /** How long to listen at each rate; long enough for a board that resets on open to boot. */
  listenMs?: number;
}

export async function detectBaud(opts: BaudDetectOptions): Promise<number | null> {
  for (const baudRate of opts.candidates ?? BAUD_CANDIDATES) {
    if (await answersAt(baudRate, opts)) return baudRate;
  }
  return null;
}

async function answersAt(baudRate: number, opts: BaudDetectOptions): Promise<boolean> {
  const transport = new SerialTransport({ path: opts.path, baudRate });
  const lines: string[] = [];
  await transport.open();
  try {
    const listenMs = opts.listenMs ?? 2500;
    return await new Promise<boolean>((resolve) => {
      let foundAtMs: number | null = null;
      let timer = opts.clock.setTimer(listenMs, () => finish(false));
      const finish = (ok: boolean) => {
        opts.clock.clearTimer(timer);
        transport.off('line', onLine);
        transport.off('disconnected', onGone);
        resolve(ok);
      };
      const onLine = (line: string) => {
        lines.push(line);
        if (foundAtMs === null && looksLikeFirmware(lines)) foundAtMs = opts.clock.nowMs();
        if (foundAtMs === null) return;
        // A board that never pauses (fast autoreports) is heard for one window at most.
        if (opts.clock.nowMs() - foundAtMs >= listenMs) { finish(true); return; }
        opts.clock.clearTimer(timer);
        timer = opts.clock.setTimer(ANSWER_QUIET_MS, () => finish(true));
      };
      const onGone = () => finish(false);
      transport.on('line', onLine);
      transport.on('disconnected', onGone);
      transport.write('\nM110 N0\nM115\n');
    });
  } finally {
    await transport.close();
  }
}
