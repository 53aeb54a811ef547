import { parseArgs } from 'node:util';
import { AppError } from '../core/errors.js';
/** node:util parseArgs with one error shape, so every command reports bad options the same way. */
export function parseCliArgs(args, options, allowPositionals = true) {
    try {
        return parseArgs({ args, options, allowPositionals, strict: true });
    }
    catch (err) {
        throw new AppError('bad_arguments', err.message, 2);
    }
}
/** Environment fallback shared by commands: `--data DIR` or TULOSTAMO_DATA, default ./data. */
export function dataDirFrom(value) {
    return value ?? process.env.TULOSTAMO_DATA ?? 'data';
}
//# sourceMappingURL=args.js.map