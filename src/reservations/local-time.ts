/**
 * Wall-clock time in the library's zone, for opening hours, report months and date-only ranges.
 * Pure: the zone rules come from the runtime's ICU data, time always from the caller.
 */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface LocalParts {
  /** YYYY-MM-DD */
  date: string;
  /** YYYY-MM */
  month: string;
  weekday: Weekday;
  minuteOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function fields(atMs: number, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(atMs)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** How far the zone's clock is ahead of UTC at `atMs`. */
function offsetMs(atMs: number, timeZone: string): number {
  const f = fields(atMs, timeZone);
  const wholeSecondMs = atMs - (((atMs % 1000) + 1000) % 1000);
  return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - wholeSecondMs;
}

export function localParts(atMs: number, timeZone: string): LocalParts {
  const f = fields(atMs, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  const month = `${f.year}-${pad(f.month)}`;
  return {
    date: `${month}-${pad(f.day)}`, month,
    weekday: WEEKDAYS[new Date(Date.UTC(f.year, f.month - 1, f.day)).getUTCDay()],
    minuteOfDay: f.hour * 60 + f.minute,
  };
}

/**
 * The instant the zone's clock shows `date` at `minuteOfDay` (1440 = the next midnight). Across a DST
 * jump the offset of the result itself is used, so 03:30 on the spring-forward night maps to 04:30.
 */
export function zonedMs(date: string, minuteOfDay: number, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const naive = Date.UTC(y, m - 1, d) + minuteOfDay * 60_000;
  const guess = naive - offsetMs(naive, timeZone);
  return naive - offsetMs(guess, timeZone);
}

/** The next calendar date after `date` (YYYY-MM-DD), zone-free. */
export function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** "HH:MM" → minutes since midnight. */
export function clockMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
