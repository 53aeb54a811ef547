import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { BOOTSTRAP } from '../../../src/users/user-service.js';
import { actorOf, type Actor } from '../../../src/users/user-types.js';
import { addUser, removeDir, startTestApp, tempDataDir, waitFor, type TestApp, type TestUser } from '../http/harness.js';
import { startInbox } from './mail-inbox.js';

/** Staff edit the e-mail texts over the API; the real app then mails the edited text to a real SMTP server. */
let inbox: Awaited<ReturnType<typeof startInbox>>;
let dataDir: string;
let t: TestApp;
let staff: TestUser;
let staffActor: Actor;
let patron: TestUser;

beforeAll(async () => {
  inbox = await startInbox();
  dataDir = tempDataDir();
  t = await startTestApp(dataDir, { smtp: { host: '127.0.0.1', port: inbox.port, from: 'tulostamo@kirjasto.example', secure: false } });
  [staff, patron] = await Promise.all([addUser(t, 'staff'), addUser(t, 'patron')]);
  staffActor = actorOf(staff.user);
});
afterAll(async () => { await t?.stop(); await inbox?.close(); removeDir(dataDir); });

const templates = (u: TestUser) => t.http.get('/api/notifications/templates').set('x-api-key', u.apiKey);
const put = (u: TestUser, path: string, text: string) => t.http.put(`/api/notifications/templates/${path}`).set('x-api-key', u.apiKey).send({ text });

async function approvedFor(email: string, name: string, language: 'fi' | 'sv' | 'en') {
  const users = t.app.queue.userService;
  const owner = await users.createUser(BOOTSTRAP, { role: 'patron', username: `card-${name}`, displayName: name, secret: '1234', email });
  await t.http.put('/api/notifications/language').set('x-api-key', staff.apiKey).send({ language, userId: owner.id }).expect(200);
  const q = t.app.queue;
  const job = q.jobService.submit(actorOf(owner), await q.uploads.store(Readable.from([Buffer.from('G28\n')]), `${name}.gcode`));
  q.jobService.beginAnalysis(job.id);
  q.jobService.completeAnalysis(job.id, { outcome: 'passed', analysis: { estimateS: 60 } });
  q.jobService.approve(staffActor, job.id);
  return { job, mail: (await waitFor(() => inbox.mails.filter((m) => m.to.includes(email)), (m) => m.length > 0, 5000))[0] };
}

describe('e-mail templates edited by staff', () => {
  it('lists every kind in every language with its built-in text and the placeholders it may use', async () => {
    const res = await templates(staff).expect(200);
    expect(res.body.templates).toHaveLength(7 * 3);
    expect(res.body.placeholders).toEqual(['displayName', 'jobNumber', 'fileName', 'printerId', 'reason', 'note']);
    const svRejected = res.body.templates.find((x: { kind: string; language: string }) => x.kind === 'rejected' && x.language === 'sv');
    expect(svRejected).toMatchObject({ overridden: false });
    expect(svRejected.text).toMatch(/^Subject: Ditt utskriftsjobb #\{\{jobNumber\}\} kan inte skrivas ut\n/);
  });

  it('mails the edited text, and the built-in one again after the edit is deleted', async () => {
    const text = 'Subject: Valmis tulostettavaksi: #{{jobNumber}}\n\nMoi {{displayName}}! {{fileName}} pääsi jonoon.\n';
    const saved = await put(staff, 'fi/approved', text).expect(200);
    expect(saved.body.template).toEqual({ kind: 'approved', language: 'fi', text, overridden: true });
    expect(existsSync(join(dataDir, 'notification-templates', 'fi', 'approved.txt'))).toBe(true);
    expect((await templates(staff).expect(200)).body.templates).toContainEqual({ kind: 'approved', language: 'fi', text, overridden: true });

    const edited = await approvedFor('ville@patron.example', 'Ville', 'fi');
    expect(edited.mail.subject).toBe(`Valmis tulostettavaksi: #${edited.job.id}`);
    expect(edited.mail.text).toContain('Moi Ville! Ville.gcode pääsi jonoon.');
    // The other languages keep their own text.
    const english = await approvedFor('jane@patron.example', 'Jane', 'en');
    expect(english.mail.subject).toBe(`Your print job #${english.job.id} was approved`);

    const restored = await t.http.delete('/api/notifications/templates/fi/approved').set('x-api-key', staff.apiKey).expect(200);
    expect(restored.body.template).toMatchObject({ overridden: false });
    expect(restored.body.template.text).toMatch(/^Subject: Tulostustyösi #\{\{jobNumber\}\} on hyväksytty/);
    const again = await approvedFor('ilona@patron.example', 'Ilona', 'fi');
    expect(again.mail.subject).toBe(`Tulostustyösi #${again.job.id} on hyväksytty`);
  });

  it('refuses an unknown placeholder or a missing subject with reason codes, and keeps the text in use', async () => {
    const typo = await put(staff, 'sv/reminder', 'Subject: Hämta #{{jobNumber}}\n\nHej {{namn}}, {{fileName}} väntar. {{shelf}}\n').expect(422);
    expect(typo.body.error).toMatchObject({ code: 'template_unknown_placeholder', params: { template: 'sv/reminder', placeholders: 'namn, shelf' } });
    const noSubject = await put(staff, 'sv/reminder', 'Hej {{displayName}}\n').expect(422);
    expect(noSubject.body.error.code).toBe('template_invalid');
    const now = (await templates(staff).expect(200)).body.templates.find((x: { kind: string; language: string }) => x.kind === 'reminder' && x.language === 'sv');
    expect(now.overridden).toBe(false);
    expect(existsSync(join(dataDir, 'notification-templates', 'sv', 'reminder.txt'))).toBe(false);
    expect((await put(staff, 'de/reminder', 'Subject: x\n\ny').expect(400)).body.error.code).toBe('invalid_request');
    await put(staff, 'sv/birthday', 'Subject: x\n\ny').expect(400);
  });

  it('is for staff only', async () => {
    expect((await templates(patron).expect(403)).body.error.code).toBe('forbidden');
    await put(patron, 'fi/approved', 'Subject: x\n\ny').expect(403);
    await t.http.delete('/api/notifications/templates/fi/approved').set('x-api-key', patron.apiKey).expect(403);
    await t.http.get('/api/notifications/templates').expect(401);
  });
});
