/** The HMAC a webhook receiver checks: `X-Tulostamo-Signature: sha256=<hex of HMAC-SHA256(secret, raw body)>`. */
import { createHmac, timingSafeEqual } from 'node:crypto';
export const SIGNATURE_HEADER = 'X-Tulostamo-Signature';
export function signBody(secret, body) {
    return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
/** For receivers (and tests): constant-time comparison of a received header with the expected one. */
export function verifySignature(secret, body, header) {
    if (!header)
        return false;
    const expected = Buffer.from(signBody(secret, body));
    const got = Buffer.from(header);
    return expected.length === got.length && timingSafeEqual(expected, got);
}
//# sourceMappingURL=webhook-signature.js.map