/**
 * Every refusal carries a stable machine code that the UI translates; messages are for logs and staff.
 * `params` holds the values a translation needs (limits, line numbers…).
 */
export class AppError extends Error {
    code;
    httpStatus;
    params;
    constructor(code, message, httpStatus = 400, params = {}) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
        this.params = params;
        this.name = 'AppError';
    }
}
//# sourceMappingURL=errors.js.map