/**
 * Splits an accepted command into its code (`G1`, `M104`, `T0`) and its letter parameters, as the
 * firmware's parser does. A command whose first word is not G, M or T plus a number has no code:
 * the firmware reports it as unknown (a flushed line tail such as `Y0.25 F6000` lands here).
 */
export interface GcodeCommand {
  /** `G1`, `M104`…, or null when the line does not start with a command word. */
  code: string | null;
  /** Uppercase letter → value; a letter without a number maps to NaN (`G28 X`). */
  params: Map<string, number>;
  /** Everything after the code word, for commands that take text (M117, M118). */
  argText: string;
}

const CODE = /^([GMTgmt])(\d+)(?:\.\d+)?/;
const PARAM = /([A-Za-z])\s*([-+]?(?:\d+\.?\d*|\.\d+))?/g;

export function parseGcode(text: string): GcodeCommand {
  const m = CODE.exec(text);
  const params = new Map<string, number>();
  if (!m) return { code: null, params, argText: text };
  const code = m[1].toUpperCase() + String(Number(m[2]));
  const argText = text.slice(m[0].length).trim();
  if (code === 'M117' || code === 'M118') return { code, params, argText };
  for (const p of argText.matchAll(PARAM)) {
    params.set(p[1].toUpperCase(), p[2] === undefined ? Number.NaN : Number(p[2]));
  }
  return { code, params, argText };
}

/** A parameter's value when given, else `fallback`. */
export function param(cmd: GcodeCommand, letter: string, fallback: number): number {
  const v = cmd.params.get(letter);
  return v === undefined || Number.isNaN(v) ? fallback : v;
}
