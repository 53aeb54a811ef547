/**
 * Workshop join codes: short, read aloud in a room, typed on a phone. Pure.
 */
import { AppError } from '../core/errors.js';
// No 0/O, 1/I/L, 2/Z, 5/S, 8/B: nothing a child can mistype for another character.
const ALPHABET = '34679ACDEFGHJKMNPQRTUVWXY';
export const JOIN_CODE_LENGTH = 6;
/** `randomIndex(n)` returns an integer in [0, n); the caller passes crypto.randomInt. */
export function generateJoinCode(randomIndex) {
    let code = '';
    for (let i = 0; i < JOIN_CODE_LENGTH; i++)
        code += ALPHABET[randomIndex(ALPHABET.length)];
    return code;
}
/** Case, spaces and dashes do not matter: `kx7-m3p` and `KX7M3P` are the same code. */
export function normaliseJoinCode(raw) {
    return raw.toUpperCase().replace(/[\s-]/g, '');
}
/** Submissions are accepted while the workshop runs. */
export function checkWorkshopOpen(workshop, nowMs) {
    if (nowMs < workshop.startsAtMs || nowMs >= workshop.endsAtMs) {
        throw new AppError('workshop_not_open', `workshop ${workshop.id} is not open now`, 409, { workshopId: workshop.id, startsAtMs: workshop.startsAtMs, endsAtMs: workshop.endsAtMs });
    }
}
//# sourceMappingURL=join-code.js.map