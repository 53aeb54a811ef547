/**
 * E-mail templates are plain text files: a `Subject:` line, an empty line, then the body. `{{name}}`
 * is replaced by the value of `name`; an unknown placeholder stays visible, so a typo in a
 * staff-edited template shows in the mail instead of silently dropping words. Pure.
 */
import { AppError } from '../core/errors.js';
export function parseTemplate(source, name) {
    const normalised = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
    const m = /^Subject:[ \t]*(.*)\n\n([\s\S]*)$/.exec(normalised);
    if (!m || !m[1].trim()) {
        throw new AppError('template_invalid', `template ${name} must start with "Subject: …" and an empty line`, 500, { template: name });
    }
    return { subject: m[1].trim(), text: m[2] };
}
export function fillPlaceholders(text, values) {
    return text.replace(/\{\{\s*([a-zA-Z][a-zA-Z0-9_]*)\s*\}\}/g, (whole, key) => (key in values ? values[key] : whole));
}
export function renderTemplate(source, name, values) {
    const t = parseTemplate(source, name);
    // A value must not break the header onto a second line.
    // An empty optional value (a missing note) would otherwise leave a gap of blank lines.
    const text = fillPlaceholders(t.text, values).replace(/\n{3,}/g, '\n\n');
    return { subject: fillPlaceholders(t.subject, values).replace(/[\r\n]+/g, ' '), text };
}
//# sourceMappingURL=template-render.js.map