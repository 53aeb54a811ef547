/**
 * One tolerant tokenizer for every firmware's temperature report, then one canonical shape:
 * tools are `T0`…`Tn`, the bed `B`, the chamber `C`; any other sensor (Prusa `P:` probe, `A:` ambient,
 * Buddy `X:`, `B1:`…) is kept under the name the firmware used.
 */
// Marlin `T:210.0 /210.0 B:60.0 /60.0 @:0 B@:0 @0:0`, Smoothie's `@0` power (no colon, follows its heater).
const TOKEN = /(?:^|\s)([A-Za-z]*\d*)(@?)(\d*):\s*(-?\d+(?:\.\d*)?|-?\.\d+|\?)(?:\s*\/\s*(-?\d+(?:\.\d*)?))?|(?:^|\s)@(\d+(?:\.\d*)?)(?=\s|$)/g;
/** A report has at least one tool or bed reading: `T:`, `T1:`, `B:` followed by a number. */
export function looksLikeTemperatureReport(text) {
    return /(?:^|\s)(?:T\d*|B):\s*-?\d/.test(text);
}
/** Repetier prints targets on their own lines: `TargetExtr0:210`, `TargetBed:60`. */
export function looksLikeTargetReport(text) {
    return /^Target(?:Extr\d+|Bed):\s*-?\d/.test(text.trim());
}
/** `currentTool` resolves a lone `T:`; OctoPrint's rule, restated: T alone is the active tool. */
export function parseTemperatureReport(text, currentTool = 0) {
    const raw = new Map();
    const power = new Map();
    let waitRemainingS = null;
    let lastSensor = null;
    const sensor = (name) => {
        let s = raw.get(name);
        if (!s) {
            s = { actualC: null, targetC: null, powerRaw: null };
            raw.set(name, s);
        }
        return s;
    };
    for (const m of text.matchAll(TOKEN)) {
        if (m[6] !== undefined) {
            if (lastSensor)
                power.set(lastSensor, Number(m[6]));
            continue;
        }
        const name = m[1].toUpperCase();
        const isPower = m[2] === '@';
        const value = m[4];
        if (isPower) {
            // `@:` is the active tool, `@1:` tool 1, `B@:` the bed.
            const key = name !== '' ? name : m[3] !== '' ? `T${m[3]}` : '@';
            if (value !== '?')
                power.set(key, Number(value));
            continue;
        }
        if (name === 'W') {
            waitRemainingS = value === '?' ? null : Number(value);
            continue;
        }
        // Prusa's wait lines carry `E:<extruder index>`, not a temperature.
        if (name === 'E' || value === '?' || name === '')
            continue;
        const target = /^TARGETEXTR(\d+)$/.exec(name);
        if (target) {
            sensor(`T${target[1]}`).targetC = Number(value);
            continue;
        }
        if (name === 'TARGETBED') {
            sensor('B').targetC = Number(value);
            continue;
        }
        const s = sensor(name);
        s.actualC = Number(value);
        s.targetC = m[5] !== undefined ? Number(m[5]) : null;
        lastSensor = name;
    }
    for (const [key, value] of power) {
        if (key !== '@')
            sensor(key).powerRaw = value;
    }
    canonicaliseTools(raw, currentTool, power.get('@'));
    return { sensors: Object.fromEntries(raw), waitRemainingS };
}
/**
 * `T:` next to numbered tools duplicates the active one when `T0:` is present (Marlin multi-extruder),
 * and means T0 when only higher tools are numbered (`T:… T1:…`); alone it is the active tool.
 */
function canonicaliseTools(raw, currentTool, activePower) {
    const lone = raw.get('T');
    const numbered = [...raw.keys()].filter((k) => /^T\d+$/.test(k));
    let activeKey = `T${currentTool}`;
    if (lone) {
        raw.delete('T');
        if (numbered.length === 0)
            raw.set(activeKey, lone);
        else if (!raw.has('T0')) {
            raw.set('T0', lone);
            activeKey = 'T0';
        }
    }
    else if (numbered.length === 1) {
        activeKey = numbered[0];
    }
    if (activePower !== undefined) {
        const s = raw.get(activeKey);
        if (s && s.powerRaw === null)
            s.powerRaw = activePower;
    }
}
//# sourceMappingURL=temperatures.js.map