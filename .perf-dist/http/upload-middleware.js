import multer from 'multer';
import { AppError } from '../core/errors.js';
/** Multipart framing on top of the file itself; a request longer than the file limit plus this is refused unread. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
/**
 * Each request's store, settled to its refusal (or undefined): a reply waits for it so the temp file is
 * gone first, and the store's own reason (413, 415…) wins over the stream abort it causes in multer.
 */
const pendingStores = new WeakMap();
function storeEngine(store, maxBytes) {
    return {
        _handleFile(req, file, cb) {
            const storing = store.store(file.stream, file.originalname, { maxBytes });
            pendingStores.set(req, storing.then(() => undefined, (err) => err));
            storing.then((stored) => cb(null, { stored, size: stored.sizeBytes }), (err) => cb(err));
        },
        // An object already committed may be shared with another job (same sha256); the start-up sweep removes it if not.
        _removeFile(_req, _file, cb) { cb(null); },
    };
}
export function uploadMiddleware(store, maxBytes, fileField = 'file') {
    const parse = multer({
        storage: storeEngine(store, maxBytes),
        // Finnish names (`kääntö osa.gcode`) arrive as raw UTF-8; busboy's latin-1 default would mangle them.
        defParamCharset: 'utf8',
        // Keep what the client sent so a name with `../` is refused, not silently shortened.
        preservePath: true,
        limits: { files: 1, fields: 32, fieldSize: 64 * 1024, parts: 40 },
    }).single(fileField);
    return (req, res, next) => {
        const declared = Number(req.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes + MULTIPART_OVERHEAD_BYTES) {
            next(new AppError('upload_too_large', `upload exceeds ${maxBytes} bytes`, 413, { maxBytes }));
            return;
        }
        if (!req.is('multipart/form-data')) {
            next(new AppError('upload_not_multipart', 'expected multipart/form-data', 415, { field: fileField }));
            return;
        }
        parse(req, res, (err) => {
            const pending = pendingStores.get(req);
            if (pending)
                void pending.then((storeErr) => next(err && storeErr instanceof AppError ? storeErr : err));
            else
                next(err);
        });
    };
}
/** The stored file of a request that went through uploadMiddleware, or a 422 when no file part came. */
export function storedUpload(req, fileField = 'file') {
    const stored = req.file?.stored;
    if (!stored)
        throw new AppError('upload_missing_file', `no file in field "${fileField}"`, 422, { field: fileField });
    return stored;
}
//# sourceMappingURL=upload-middleware.js.map