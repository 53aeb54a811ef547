import { describe, expect, it } from 'vitest';

// i18n.ts reads the page's address, storage and document when it loads: a bare stand-in for each.
Object.assign(globalThis, {
  location: { search: '' },
  localStorage: { getItem: () => null, setItem: () => undefined },
  document: { documentElement: {} },
});
const { fmtMoney } = await import('../../../web/src/i18n.js');

describe('fmtMoney', () => {
  it('writes a price in the currency the catalogue names, in the reader\'s language', () => {
    expect(fmtMoney(2.5, 'EUR', 'fi')).toMatch(/^2,50\s€$/);
    expect(fmtMoney(2.5, 'SEK', 'sv')).toMatch(/^2,50\skr$/);
    expect(fmtMoney(2.5, 'NOK', 'en')).toMatch(/NOK\s?2\.50/);
  });
});
