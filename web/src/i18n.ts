import { signal } from './signal.js';
import fi from '../locales/fi.json';
import sv from '../locales/sv.json';
import en from '../locales/en.json';

export type Lang = 'fi' | 'sv' | 'en';
export const LANGS: Lang[] = ['fi', 'sv', 'en'];
const catalogs: Record<Lang, Record<string, string>> = { fi, sv, en };
const STORAGE_KEY = 'tulostamo.lang';

function initialLang(): Lang {
  const forced = new URLSearchParams(location.search).get('lang');
  if (forced && (LANGS as string[]).includes(forced)) {
    localStorage.setItem(STORAGE_KEY, forced);
    return forced as Lang;
  }
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved && (LANGS as string[]).includes(saved)) return saved as Lang;
  return 'fi'; // Finnish first: the library's own language, whatever the browser says.
}

export const lang = signal<Lang>(initialLang());
document.documentElement.lang = lang.value;

export function setLang(next: Lang, remember = true): void {
  if (remember) localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
  lang.value = next;
}

/** `{name}` placeholders are filled from params; numbers are formatted for the current language. */
export function t(key: string, params: Record<string, unknown> = {}, forLang: Lang = lang.value): string {
  const template = catalogs[forLang][key] ?? catalogs.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (typeof v === 'number') return fmtNumber(v, forLang);
    return v === undefined || v === null ? '' : String(v);
  });
}

/** A server reason code → the sentence for people; unknown codes fall back to a generic line. */
export function reason(code: string, params: Record<string, unknown> = {}): string {
  const key = `reason.${code}`;
  if (!(catalogs[lang.value][key] || catalogs.en[key])) return t('reason.unknown', { code });
  // The server sends limits in base units; people read megabytes and hours.
  const shown = { ...params };
  if (typeof params.maxBytes === 'number') shown.maxMb = Math.round(params.maxBytes / 1e6);
  if (typeof params.maxS === 'number') shown.maxHours = params.maxS / 3600;
  return t(key, shown);
}

const locales: Record<Lang, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

export function fmtNumber(n: number, forLang: Lang = lang.value, digits = 1): string {
  return new Intl.NumberFormat(locales[forLang], { maximumFractionDigits: digits }).format(n);
}

/** `currency`: the catalogue's ISO 4217 code, which an analysis carries beside its price. */
export function fmtMoney(amount: number, currency: string, forLang: Lang = lang.value): string {
  return new Intl.NumberFormat(locales[forLang], { style: 'currency', currency }).format(amount);
}

export function fmtDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  const total = Math.max(0, Math.round(seconds / 60));
  const h = Math.floor(total / 60);
  const m = total % 60;
  return h > 0 ? t('duration.hm', { h, m }) : t('duration.m', { m });
}

export function fmtTime(iso: string | number): string {
  return new Intl.DateTimeFormat(locales[lang.value], { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export function fmtDateTime(iso: string | number): string {
  return new Intl.DateTimeFormat(locales[lang.value], { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}
