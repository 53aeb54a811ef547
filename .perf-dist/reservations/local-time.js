/**
 * Wall-clock time in the library's zone, for opening hours, report months and date-only ranges.
 * Pure: the zone rules come from the runtime's ICU data, time always from the caller.
 */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const formatters = new Map();
function formatter(timeZone) {
    let f = formatters.get(timeZone);
    if (!f) {
        f = new Intl.DateTimeFormat('en-CA', {
            timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
        });
        formatters.set(timeZone, f);
    }
    return f;
}
function fields(atMs, timeZone) {
    const out = {};
    for (const p of formatter(timeZone).formatToParts(atMs))
        if (p.type !== 'literal')
            out[p.type] = Number(p.value);
    return out;
}
// ICU costs ~30 µs a call, too slow for a year of prints. A zone's offset changes at most once on
// any day, and on a quarter-hour boundary: a day whose start and end share an offset has it all day,
// and only the few transition days need a lookup per quarter hour.
const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 15 * 60_000;
const MAX_CACHED = 100_000;
const offsets = new Map();
function cached(key, compute) {
    let value = offsets.get(key);
    if (value === undefined) {
        value = compute();
        if (offsets.size >= MAX_CACHED)
            offsets.clear();
        offsets.set(key, value);
    }
    return value;
}
function icuOffsetMs(atMs, timeZone) {
    const f = fields(atMs, timeZone);
    return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - atMs;
}
/** How far the zone's clock is ahead of UTC at `atMs`. */
function offsetMs(atMs, timeZone) {
    const dayStartMs = Math.floor(atMs / DAY_MS) * DAY_MS;
    const wholeDay = cached(`${timeZone}|d${dayStartMs}`, () => {
        const atStart = icuOffsetMs(dayStartMs, timeZone);
        return atStart === icuOffsetMs(dayStartMs + DAY_MS, timeZone) ? atStart : null;
    });
    if (wholeDay !== null)
        return wholeDay;
    const quarterStartMs = Math.floor(atMs / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
    return cached(`${timeZone}|q${quarterStartMs}`, () => icuOffsetMs(quarterStartMs, timeZone));
}
export function localParts(atMs, timeZone) {
    const wall = new Date(atMs + offsetMs(atMs, timeZone));
    const pad = (n) => String(n).padStart(2, '0');
    const month = `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}`;
    return {
        date: `${month}-${pad(wall.getUTCDate())}`, month,
        weekday: WEEKDAYS[wall.getUTCDay()],
        minuteOfDay: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
    };
}
/**
 * The instant the zone's clock shows `date` at `minuteOfDay` (1440 = the next midnight). Across a DST
 * jump the offset of the result itself is used, so 03:30 on the spring-forward night maps to 04:30.
 */
export function zonedMs(date, minuteOfDay, timeZone) {
    const [y, m, d] = date.split('-').map(Number);
    const naive = Date.UTC(y, m - 1, d) + minuteOfDay * 60_000;
    const guess = naive - offsetMs(naive, timeZone);
    return naive - offsetMs(guess, timeZone);
}
/** The next calendar date after `date` (YYYY-MM-DD), zone-free. */
export function nextDate(date) {
    const [y, m, d] = date.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
/** "HH:MM" → minutes since midnight. */
export function clockMinutes(hhmm) {
    return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
//# sourceMappingURL=local-time.js.map