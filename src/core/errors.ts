/**
 * Every refusal carries a stable machine code that the UI translates; messages are for logs and staff.
 * `params` holds the values a translation needs (limits, line numbers…).
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
    readonly params: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}
