import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LANGUAGES, MAIL_PLACEHOLDERS, NOTIFICATION_KINDS, notificationFor } from '../../../src/notifications/notification-kinds.js';
import { nextAttemptAtMs, retryDelayMs } from '../../../src/notifications/retry-schedule.js';
import { checkTemplate, fillPlaceholders, parseTemplate, renderTemplate } from '../../../src/notifications/template-render.js';
import { OVERRIDE_DIR_NAME, TemplateStore } from '../../../src/notifications/template-store.js';
import { signBody, verifySignature } from '../../../src/notifications/webhook-signature.js';
import { REVIEW_REASON_CODES } from '../../../src/jobs/job-service.js';

const policy = { baseDelayMs: 1000, maxAttempts: 5, maxDelayMs: 5000 };

describe('webhook retry schedule', () => {
  it('doubles the wait after each failure up to the ceiling', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, policy))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('gives up once the attempts are used up', () => {
    expect(nextAttemptAtMs(1, 10_000, policy)).toBe(11_000);
    expect(nextAttemptAtMs(4, 10_000, policy)).toBe(15_000);
    expect(nextAttemptAtMs(5, 10_000, policy)).toBeNull();
  });
});

describe('webhook signature', () => {
  it('is HMAC-SHA256 of the raw body as sha256=<hex>, checked in constant time', () => {
    const body = '{"event":"job:changed","atMs":1}';
    const expected = `sha256=${createHmac('sha256', 'k'.repeat(16)).update(body).digest('hex')}`;
    expect(signBody('k'.repeat(16), body)).toBe(expected);
    expect(verifySignature('k'.repeat(16), body, expected)).toBe(true);
    expect(verifySignature('k'.repeat(16), body + ' ', expected)).toBe(false);
    expect(verifySignature('x'.repeat(16), body, expected)).toBe(false);
    expect(verifySignature('k'.repeat(16), body, undefined)).toBe(false);
  });
});

describe('which changes send an e-mail', () => {
  it('maps queue events to notification kinds and ignores the rest', () => {
    const kind = (event: string) => notificationFor({ event: event as never, to: 'approved' });
    expect(['approved', 'rejected', 'sent_back', 'print_started', 'print_finished', 'print_failed', 'interrupted', 'submitted', 'collected'].map(kind))
      .toEqual(['approved', 'rejected', 'sent_back', 'printing', 'ready_for_pickup', 'failed', 'failed', null, null]);
  });
});

describe('templates', () => {
  it('fills known placeholders, keeps unknown ones visible, and keeps the subject on one line', () => {
    expect(fillPlaceholders('Hei {{ name }}, {{missing}}', { name: 'Aino' })).toBe('Hei Aino, {{missing}}');
    const mail = renderTemplate('Subject: Työ {{n}}\r\n\r\nRivi\n\n\n\n{{note}}\n', 't', { n: '7\nBcc: x', note: '' });
    expect(mail).toEqual({ subject: 'Työ 7 Bcc: x', text: 'Rivi\n\n' });
  });

  it('refuses a template without a subject line with template_invalid', () => {
    expect(() => parseTemplate('Hei\n\nteksti', 'fi/approved')).toThrowError(expect.objectContaining({ code: 'template_invalid' }));
  });

  it('checks a staff edit: unknown placeholders (each named once) and a missing subject are refused with 422', () => {
    const known = ['displayName', 'jobNumber'];
    expect(checkTemplate('Subject: #{{ jobNumber }}\r\n\r\nHei {{displayName}}', 'fi/x', known)).toEqual({ subject: '#{{ jobNumber }}', text: 'Hei {{displayName}}' });
    expect(() => checkTemplate('Subject: {{shelf}}\n\n{{namn}} {{shelf}} {not} {{displayName}}', 'sv/x', known)).toThrowError(expect.objectContaining({
      code: 'template_unknown_placeholder', httpStatus: 422, params: { template: 'sv/x', placeholders: 'shelf, namn', known: 'displayName, jobNumber' },
    }));
    expect(() => checkTemplate('Subject:  \n\nbody', 'en/x', known)).toThrowError(expect.objectContaining({ code: 'template_invalid', httpStatus: 422 }));
  });

  it('ships every kind and every review reason in fi, sv and en, using only known placeholders', () => {
    const store = new TemplateStore(join(tmpdir(), 'tulostamo-no-template-overrides'));
    for (const lang of LANGUAGES) {
      expect(Object.keys(store.reasons(lang)).sort()).toEqual([...REVIEW_REASON_CODES].sort());
      for (const kind of NOTIFICATION_KINDS) {
        const t = checkTemplate(store.template(lang, kind), `${lang}/${kind}`, MAIL_PLACEHOLDERS);
        expect(t.subject).toContain('{{jobNumber}}');
      }
    }
  });

  it('prefers a staff-edited copy in the data dir', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tulostamo-tpl-'));
    try {
      mkdirSync(join(dataDir, OVERRIDE_DIR_NAME, 'sv'), { recursive: true });
      writeFileSync(join(dataDir, OVERRIDE_DIR_NAME, 'sv', 'approved.txt'), 'Subject: Egen text {{jobNumber}}\n\nHej\n');
      const store = new TemplateStore(dataDir);
      expect(store.template('sv', 'approved')).toBe('Subject: Egen text {{jobNumber}}\n\nHej\n');
      expect(store.template('fi', 'approved')).toMatch(/^Subject: Tulostustyösi/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
