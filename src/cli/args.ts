import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError } from '../core/errors.js';

/** node:util parseArgs with one error shape, so every command reports bad options the same way. */
export function parseCliArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new AppError('bad_arguments', (err as Error).message, 2);
  }
}

/** Environment fallback shared by commands: `--data DIR` or TULOSTAMO_DATA, default ./data. */
export function dataDirFrom(value: string | undefined): string {
  return value ?? process.env.TULOSTAMO_DATA ?? 'data';
}

/** A numeric option that `check` accepts; undefined when absent, `bad_arguments` otherwise. */
export function numberOption(name: string, value: string | undefined, check: (n: number) => boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || !check(n)) throw new AppError('bad_arguments', `invalid --${name}: ${value}`, 2, { [name]: value });
  return n;
}
