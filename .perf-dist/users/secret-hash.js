/**
 * Passwords and PINs are stored as scrypt hashes (memory-hard, in node:crypto, no native add-on).
 * The encoded form carries its own parameters, so they can be raised later without breaking old rows:
 *   scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
/** 2^15 × 8 × 128 B = 32 MiB per hash: costly for a GPU farm, about 0.1 s on the maker-space box. */
export const DEFAULT_SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;
function derive(secret, salt, params) {
    const options = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
    return new Promise((resolve, reject) => {
        scrypt(secret.normalize('NFC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key)));
    });
}
export async function hashSecret(secret, params = DEFAULT_SCRYPT_PARAMS) {
    const salt = randomBytes(SALT_BYTES);
    const key = await derive(secret, salt, params);
    return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}
/** False for a wrong secret and for a malformed stored hash alike; never throws on bad input. */
export async function verifySecret(secret, encoded) {
    const parts = encoded.split('$');
    if (parts.length !== 6 || parts[0] !== 'scrypt')
        return false;
    const [N, r, p] = parts.slice(1, 4).map(Number);
    if (![N, r, p].every((x) => Number.isInteger(x) && x > 0))
        return false;
    const salt = Buffer.from(parts[4], 'base64');
    const expected = Buffer.from(parts[5], 'base64');
    if (expected.length !== KEY_BYTES)
        return false;
    const key = await derive(secret, salt, { N, r, p });
    return timingSafeEqual(key, expected);
}
//# sourceMappingURL=secret-hash.js.map