/** Issue 4 §4 through the HTTP API: only staff override a refusal, and the note stays in the job's events. */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { addUser, removeDir, smallGcode, startTestApp, tempDataDir } from './harness.js';

describe('print choices at intake', () => {
  it('refuses an unknown material or printer when the file comes in, and a job whose analysis throws is refused, not stuck', async () => {
    const dataDir = tempDataDir();
    const t = await startTestApp(dataDir);
    try {
      const patron = await addUser(t, 'patron');
      const file = Buffer.from(smallGcode(40));
      for (const [field, value, status, code] of [['material', 'UNOBTAINIUM', 400, 'material_unknown'], ['printerId', 'nope', 404, 'printer_not_found'],
        ['preset', 'Fine', 422, 'preset_unknown'], ['preset', '../presets/fine', 422, 'preset_unknown']] as const) {
        for (const path of ['/api/jobs', '/api/quotes']) {
          const res = await t.http.post(path).set('X-Api-Key', patron.apiKey).field(field, value).attach('file', file, 'x.gcode');
          expect([path, res.status, res.body.error.code]).toEqual([path, status, code]);
        }
      }
      // A job stored with a material the catalogue has since lost (an edited config): refused with the reason.
      const job = t.app.queue.jobService.submit({ userId: patron.user.id, role: 'patron' },
        await t.app.queue.uploads.store(Readable.from([file]), 'vanha.gcode'), { material: 'POISTETTU' });
      t.app.analysis.enqueue(job.id);
      await t.app.analysis.idle();
      expect(t.app.queue.jobs.require(job.id)).toMatchObject({ state: 'refused' });
      expect(t.app.queue.jobs.events(job.id).at(-1)).toMatchObject({ event: 'analysis_refused', reasonCode: 'material_unknown' });
      // The job says why, with the name its sentence needs.
      const seen = (await t.http.get(`/api/jobs/${job.id}`).set('X-Api-Key', patron.apiKey).expect(200)).body.job;
      expect(seen.refusal).toMatchObject({ code: 'material_unknown', params: { name: 'POISTETTU' } });
    } finally {
      await t.stop();
      removeDir(dataDir);
    }
  }, 60_000);
});

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
      // The patron and staff read why from the job itself.
      expect(refused.refusal).toEqual({ code: 'eeprom_command', params: { command: 'M500' } });
      const own = (await t.http.get('/api/jobs').set('X-Api-Key', patron.apiKey).expect(200)).body.jobs;
      expect(own.find((j: { id: number }) => j.id === job.id).refusal).toEqual(refused.refusal);
      for (const who of [patron, instructor]) {
        const res = await t.http.post(`/api/jobs/${job.id}/override`).set('X-Api-Key', who.apiKey).send({ note: 'ok' });
        expect([res.status, res.body.error.code]).toEqual([403, 'forbidden']);
      }
      for (const body of [{ note: ' ' }, {}]) {
        const empty = await t.http.post(`/api/jobs/${job.id}/override`).set('X-Api-Key', staff.apiKey).send(body);
        expect([empty.status, empty.body.error.code]).toEqual([422, 'override_note_required']);
      }
      const approved = await t.http.post(`/api/jobs/${job.id}/override`).set('X-Api-Key', staff.apiKey).send({ note: 'M500 tarkistettu: tyhjä asetustiedosto' }).expect(200);
      expect(approved.body.job.state).toBe('approved');
      expect(approved.body.job.refusal).toBeNull();
      const events = (await t.http.get(`/api/jobs/${job.id}/events`).set('X-Api-Key', patron.apiKey).expect(200)).body.events;
      expect(events.at(-1)).toMatchObject({ event: 'refusal_overridden', note: 'M500 tarkistettu: tyhjä asetustiedosto', actorId: staff.user.id });
    } finally {
      await t.stop();
      removeDir(dataDir);
    }
  }, 60_000);
});
