import { MulterError } from 'multer';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
export function errorBody(code, message, params = {}) {
    return { error: { code, message, params } };
}
// The size limit is the upload store's (it knows the file's bytes, multer only the part's), so no LIMIT_FILE_SIZE here.
const multerCodes = {
    LIMIT_FILE_COUNT: { code: 'upload_too_many_files', status: 400 },
    LIMIT_UNEXPECTED_FILE: { code: 'upload_unexpected_field', status: 400 },
    LIMIT_FIELD_COUNT: { code: 'upload_too_many_fields', status: 400 },
    LIMIT_FIELD_VALUE: { code: 'upload_field_too_long', status: 400 },
    LIMIT_PART_COUNT: { code: 'upload_too_many_parts', status: 400 },
    MISSING_FIELD_NAME: { code: 'upload_malformed', status: 422 },
};
/** Maps anything thrown to status + body. */
function toErrorResponse(err) {
    if (err instanceof AppError) {
        return { status: err.httpStatus, body: errorBody(err.code, err.message, err.params) };
    }
    if (err instanceof z.ZodError) {
        const issues = err.issues.map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message }));
        return { status: 400, body: errorBody('invalid_request', 'The request did not match the schema.', { issues }) };
    }
    if (err instanceof MulterError) {
        const mapped = multerCodes[err.code] ?? { code: 'upload_malformed', status: 422 };
        return { status: mapped.status, body: errorBody(mapped.code, err.message, { field: err.field ?? null }) };
    }
    const e = err;
    // body-parser and busboy signal client mistakes with a status, not a class.
    if (e && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
        if (e.type === 'entity.too.large')
            return { status: 413, body: errorBody('body_too_large', e.message ?? 'Body too large') };
        if (e.type === 'entity.parse.failed')
            return { status: 400, body: errorBody('invalid_json', e.message ?? 'Invalid JSON') };
        return { status: e.status, body: errorBody('bad_request', e.message ?? 'Bad request') };
    }
    if (e?.message && /Unexpected end of form|Malformed part header|Multipart: Boundary not found/i.test(e.message)) {
        return { status: 422, body: errorBody('upload_truncated', e.message) };
    }
    return { status: 500, body: errorBody('internal_error', 'Internal error') };
}
export function errorHandler(log) {
    return (err, _req, res, _next) => {
        const { status, body } = toErrorResponse(err);
        if (status >= 500)
            log(err);
        if (res.headersSent) {
            res.end();
            return;
        }
        res.status(status).json(body);
    };
}
export const notFoundHandler = (req, res) => {
    res.status(404).json(errorBody('route_not_found', `No route for ${req.method} ${req.path}`, { method: req.method, path: req.path }));
};
//# sourceMappingURL=error-handler.js.map