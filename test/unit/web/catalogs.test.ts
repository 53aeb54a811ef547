import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const LANGS = ['fi', 'sv', 'en'] as const;
const catalogs = Object.fromEntries(
  LANGS.map((l) => [l, JSON.parse(readFileSync(`web/locales/${l}.json`, 'utf8')) as Record<string, string>]),
);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(p) ? [p] : [];
  });
}

describe('UI catalogues', () => {
  it('have the same keys in Finnish, Swedish and English', () => {
    const en = Object.keys(catalogs.en).sort();
    for (const l of LANGS) expect(Object.keys(catalogs[l]).sort(), l).toEqual(en);
  });

  it('have no empty strings and keep every {placeholder} of the English text', () => {
    for (const [key, text] of Object.entries(catalogs.en)) {
      const placeholders = (text.match(/\{\w+\}/g) ?? []).sort();
      for (const l of LANGS) {
        expect(catalogs[l][key].trim(), `${l} ${key}`).not.toBe('');
        expect((catalogs[l][key].match(/\{\w+\}/g) ?? []).sort(), `${l} ${key}`).toEqual(placeholders);
      }
    }
  });

  it('contain every literal key the UI code asks for', () => {
    const used = new Set<string>();
    for (const file of sources('web/src')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\('([a-z_]+\.[a-z_.]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((k) => !(k in catalogs.en));
    expect(missing).toEqual([]);
  });
});

/**
 * Every reason code the server can put in front of a person must read as a sentence in all three
 * languages. The codes are collected from the source, so a new refusal without a translation fails here.
 */
describe('server reason codes', () => {
  // Codes only the command line or start-up prints; no page ever shows them.
  const INTERNAL = new Set([
    'bad_arguments', 'baud_not_detected', 'config_invalid', 'config_unreadable', 'connect_failed', 'connect_timeout',
    'database_too_new', 'file_not_found', 'file_unreadable', 'gcode_file_closed', 'gcode_file_empty', 'gcode_file_unreadable',
    'link_busy', 'link_closed', 'link_disconnected', 'materials_invalid', 'port_open_failed', 'profile_invalid', 'profile_unknown',
    'pty_unavailable', 'template_invalid', 'transport_not_open', 'api_key_not_found', 'training_not_for_role',
    'training_record_not_found', 'anonymise_not_patron', 'invalid_date', 'invalid_date_range',
    'line_refused', 'line_lost', 'resend_out_of_history', 'upload_missing_file_field',
    // A detail of upload_bad_filename (its params.reason), not a code of its own.
    'too_long',
  ]);
  const DIRS = ['src/http', 'src/jobs', 'src/quotes', 'src/users', 'src/uploads', 'src/reservations', 'src/analysis', 'src/slicing', 'src/printer'];
  const PATTERN = /(?:new AppError\(\s*|\bcode: |reasonCode: |refuse\(|\badd\(|\bbad\(|\bfailed\()'([a-z][a-z0-9]*_[a-z0-9_]+)'/g;
  /** The unions of refusal and failure codes: every member can reach a job, whatever builds it. */
  const CODE_UNIONS = ['src/analysis/mesh/mesh-types.ts', 'src/slicing/slicer.ts', 'src/analysis/policy/forbidden-commands.ts'];

  it('are all translated', () => {
    const codes = new Set<string>();
    for (const dir of DIRS) {
      for (const file of sources(dir)) for (const m of readFileSync(file, 'utf8').matchAll(PATTERN)) codes.add(m[1]);
    }
    for (const file of CODE_UNIONS) for (const m of readFileSync(file, 'utf8').matchAll(/^\s*\|\s*'([a-z][a-z0-9_]+)'/gm)) codes.add(m[1]);
    expect(codes.size).toBeGreaterThan(60);
    const missing = [...codes].filter((c) => !INTERNAL.has(c) && !(`reason.${c}` in catalogs.en)).sort();
    expect(missing).toEqual([]);
  });
});
