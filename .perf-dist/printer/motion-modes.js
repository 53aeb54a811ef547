/**
 * What a resume must put back besides position and heat. The pause script switches to relative moves
 * and relative E, and its park move leaves its own feedrate behind; the file's next `G1 X… E…` without
 * an F would otherwise run at travel speed or extrude as if E were relative. Pure: fed with the text of
 * every acknowledged job line.
 */
import { commandCode, commandParam } from './protocol/gcode-line.js';
export function initialMotionModes() {
    return { relativeXyz: false, relativeE: false, feedrateMmMin: null };
}
/** Updates `modes` from one G-code line as the firmware saw it. */
export function trackMotionModes(modes, text) {
    // Most lines of a file are `G1 X… Y… E…` without F: nothing to learn, and no regex to pay for.
    if (text.startsWith('G1 ') && text.indexOf('F') < 0 && text.indexOf('f') < 0)
        return;
    switch (commandCode(text)) {
        case 'G90':
            modes.relativeXyz = false;
            break;
        case 'G91':
            modes.relativeXyz = true;
            break;
        case 'M82':
            modes.relativeE = false;
            break;
        case 'M83':
            modes.relativeE = true;
            break;
        case 'G0':
        case 'G1':
        case 'G2':
        case 'G3': {
            if (!/f/i.test(text))
                break;
            const semi = text.indexOf(';');
            const feed = commandParam(semi < 0 ? text : text.slice(0, semi), 'F');
            if (feed !== null)
                modes.feedrateMmMin = feed;
            break;
        }
    }
}
/** Commands that put the file's modes back after pause/resume scripts changed them. */
export function restoreModeCommands(modes) {
    const out = [modes.relativeXyz ? 'G91' : 'G90', modes.relativeE ? 'M83' : 'M82'];
    if (modes.feedrateMmMin !== null)
        out.push(`G1 F${modes.feedrateMmMin}`);
    return out;
}
//# sourceMappingURL=motion-modes.js.map