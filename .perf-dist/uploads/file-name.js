/**
 * The name a patron gave their file is data to show, never a path. Pure.
 *
 *   checkOriginalFilename(raw) → { ok: true, name } (NFC-normalised) | { ok: false, code: 'upload_bad_filename', … }
 */
const MAX_NAME_BYTES = 255;
// C0/C1 controls, and the bidi overrides that can make `gcode.exe` display as `exe.gcode`.
const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
export function checkOriginalFilename(raw) {
    const name = raw.normalize('NFC').trim();
    if (name.length === 0 || name === '.' || name === '..')
        return refuse('empty');
    if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES)
        return refuse('too_long');
    // A separator or a parent reference means the client sent a path: a traversal attempt or a confused client.
    if (/[/\\]/.test(name) || name.startsWith('..'))
        return refuse('path');
    if (FORBIDDEN_CHARS.test(name))
        return refuse('control_chars');
    return { ok: true, name };
}
function refuse(reason) {
    return { ok: false, code: 'upload_bad_filename', params: { reason } };
}
//# sourceMappingURL=file-name.js.map