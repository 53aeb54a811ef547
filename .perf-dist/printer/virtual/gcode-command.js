const CODE = /^([GMTgmt])(\d+)(?:\.\d+)?/;
const PARAM = /([A-Za-z])\s*([-+]?(?:\d+\.?\d*|\.\d+))?/g;
export function parseGcode(text) {
    const m = CODE.exec(text);
    const params = new Map();
    if (!m)
        return { code: null, params, argText: text };
    const code = m[1].toUpperCase() + String(Number(m[2]));
    const argText = text.slice(m[0].length).trim();
    if (code === 'M117' || code === 'M118')
        return { code, params, argText };
    for (const p of argText.matchAll(PARAM)) {
        params.set(p[1].toUpperCase(), p[2] === undefined ? Number.NaN : Number(p[2]));
    }
    return { code, params, argText };
}
/** A parameter's value when given, else `fallback`. */
export function param(cmd, letter, fallback) {
    const v = cmd.params.get(letter);
    return v === undefined || Number.isNaN(v) ? fallback : v;
}
//# sourceMappingURL=gcode-command.js.map