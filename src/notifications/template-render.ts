/**
 * E-mail templates are plain text files: a `Subject:` line, an empty line, then the body. `{{name}}`
 * is replaced by the value of `name`; an unknown placeholder stays visible, so a typo in a
 * staff-edited template shows in the mail instead of silently dropping words. Pure.
 */
import { AppError } from '../core/errors.js';

export interface RenderedMail { subject: string; text: string }

const PLACEHOLDER = /\{\{\s*([a-zA-Z][a-zA-Z0-9_]*)\s*\}\}/g;

function splitTemplate(source: string): RenderedMail | null {
  const normalised = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const m = /^Subject:[ \t]*(.*)\n\n([\s\S]*)$/.exec(normalised);
  return m && m[1].trim() ? { subject: m[1].trim(), text: m[2] } : null;
}

/** A broken template at send time is the daemon's fault (500); see `checkTemplate` for staff edits. */
export function parseTemplate(source: string, name: string): RenderedMail {
  const t = splitTemplate(source);
  if (!t) throw new AppError('template_invalid', `template ${name} must start with "Subject: …" and an empty line`, 500, { template: name });
  return t;
}

/**
 * Refuses a staff edit (422) that would not render as they meant it: no subject line, or a
 * placeholder the mail never fills, which would reach the patron as literal `{{…}}`.
 */
export function checkTemplate(source: string, name: string, known: readonly string[]): RenderedMail {
  const t = splitTemplate(source);
  if (!t) throw new AppError('template_invalid', `template ${name} must start with "Subject: …" and an empty line`, 422, { template: name });
  const unknown = [...new Set([...`${t.subject}\n${t.text}`.matchAll(PLACEHOLDER)].map((m) => m[1]))]
    .filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw new AppError('template_unknown_placeholder', `template ${name} uses unknown placeholders: ${unknown.join(', ')}`, 422,
      { template: name, placeholders: unknown.join(', '), known: known.join(', ') });
  }
  return t;
}

export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (whole, key: string) => (key in values ? values[key] : whole));
}

export function renderTemplate(source: string, name: string, values: Readonly<Record<string, string>>): RenderedMail {
  const t = parseTemplate(source, name);
  // A value must not break the header onto a second line.
  // An empty optional value (a missing note) would otherwise leave a gap of blank lines.
  const text = fillPlaceholders(t.text, values).replace(/\n{3,}/g, '\n\n');
  return { subject: fillPlaceholders(t.subject, values).replace(/[\r\n]+/g, ' '), text };
}
