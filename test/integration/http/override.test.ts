/** Issue 4 §4 through the HTTP API: only staff override a refusal, and the note stays in the job's events. */
import { describe, expect, it } from 'vitest';
import { addUser, removeDir, smallGcode, startTestApp, tempDataDir } from './harness.js';

describe('overriding a refusal', () => {
  it('lets staff approve a refused file with a note; patrons and instructors get 403, an empty note 422', async () => {
    const dataDir = tempDataDir();
    const t = await startTestApp(dataDir);
    try {
      const [patron, instructor, staff] = [await addUser(t, 'patron'), await addUser(t, 'instructor'), await addUser(t, 'staff')];
      const text = smallGcode(40).replace('G90\n', 'G90\nM500\n');
      const job = (await t.http.post('/api/jobs').set('X-Api-Key', patron.apiKey).attach('file', Buffer.from(text), 'asetukset.gcode').expect(201)).body.job;
      await t.app.analysis.idle();
      const refused = (await t.http.get(`/api/jobs/${job.id}`).set('X-Api-Key', staff.apiKey).expect(200)).body.job;
      expect(refused.state).toBe('refused');
      expect(refused.analysis.findings).toContainEqual(expect.objectContaining({ code: 'eeprom_command' }));
      for (const who of [patron, instructor]) {
        const res = await t.http.post(`/api/jobs/${job.id}/override`).set('X-Api-Key', who.apiKey).send({ note: 'ok' });
        expect([res.status, res.body.error.code]).toEqual([403, 'forbidden']);
      }
      const empty = await t.http.post(`/api/jobs/${job.id}/override`).set('X-Api-Key', staff.apiKey).send({ note: ' ' });
      expect([empty.status, empty.body.error.code]).toEqual([422, 'override_note_required']);
      const approved = await t.http.post(`/api/jobs/${job.id}/override`).set('X-Api-Key', staff.apiKey).send({ note: 'M500 tarkistettu: tyhjä asetustiedosto' }).expect(200);
      expect(approved.body.job.state).toBe('approved');
      const events = (await t.http.get(`/api/jobs/${job.id}/events`).set('X-Api-Key', patron.apiKey).expect(200)).body.events;
      expect(events.at(-1)).toMatchObject({ event: 'refusal_overridden', note: 'M500 tarkistettu: tyhjä asetustiedosto', actorId: staff.user.id });
    } finally {
      await t.stop();
      removeDir(dataDir);
    }
  }, 60_000);
});
