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
