/**
 * File analysis runs in a child process (dist/analysis/analysis-child.js; `npm test` builds first) with
 * a memory cap and a time limit: a file past either is refused with a reason code, the daemon keeps
 * serving and analysing, and an ordinary file's analysis is the same as in-process. A model's preview
 * is drawn there too, when asked for.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile, type AnalyzeFileOptions } from '../../../src/analysis/analyze-file.js';
import { IsolatedAnalyzer } from '../../../src/analysis/isolated-analyzer.js';
import { findMaterial, loadMaterials } from '../../../src/analysis/materials.js';
import { renderModelPreviewPng } from '../../../src/analysis/mesh/index.js';
import type { Job } from '../../../src/jobs/job-types.js';
import { loadProfile } from '../../../src/printer/profiles.js';
import { addUser, removeDir, startTestApp, waitFor, type TestApp, type TestUser } from './harness.js';

const BENCHY_GCODE = '../shared/fixtures/gcode/3DBenchy-prusaslicer-2.5.gcode';
const WHEEL_STL = '../shared/fixtures/models/benchy-wheel.stl';
const WHEEL_GCODE = '../shared/fixtures/gcode/benchy-wheel-prusaslicer-2.5.gcode';
/** The lowest cap the config accepts; a Node child alone needs about 45 MB. */
const CAP_MB = 64;

/**
 * A triangle soup: no two triangles share a vertex, so the mesh check's vertex welding has to hold
 * every one of them (about 140 MB for 300,000 triangles, measured), though the file is only 15 MB.
 */
function triangleSoupStl(triangles: number): Buffer {
  const out = Buffer.alloc(84 + 50 * triangles);
  out.writeUInt32LE(triangles, 80);
  for (let i = 0; i < triangles; i++) {
    const x = (i % 1000) * 0.2;
    const y = Math.floor(i / 1000) * 0.2;
    const corners = [[x, y, 0], [x + 0.1, y, 0.05], [x, y + 0.1, 0.1]];
    corners.forEach((c, k) => c.forEach((v, axis) => out.writeFloatLE(v, 84 + 50 * i + 12 + 12 * k + 4 * axis)));
  }
  return out;
}

const materials = loadMaterials();
const options: AnalyzeFileOptions = { profile: loadProfile('marlin'), material: findMaterial(materials, 'PLA'), pricing: materials, workshop: false };

describe('IsolatedAnalyzer', () => {
  let dir: string;
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tulostamo-isolated-')); });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('gives the same analysis as analyzeFile in-process, for G-code and for a model', async () => {
    const analyzer = new IsolatedAnalyzer({ memoryCapMb: 512, timeoutMs: 60_000 });
    for (const path of [BENCHY_GCODE, WHEEL_STL]) {
      const isolated = await analyzer.analyze(path, options);
      expect(isolated.ok, path).toBe(true);
      expect(isolated).toEqual(await analyzeFile(path, options));
    }
    expect(analyzer.stats.runs).toBe(2);
    expect(analyzer.stats.peakRssMb).toBeGreaterThan(20);
  });

  it('draws a model\'s preview in the child when asked, the same PNG the daemon would draw; none for G-code', async () => {
    const analyzer = new IsolatedAnalyzer({ memoryCapMb: 512, timeoutMs: 60_000 });
    const model = await analyzer.analyze(WHEEL_STL, options, undefined, { previewPng: true });
    if (!model.ok || model.analysis.kind !== 'mesh') throw new Error('the wheel should analyse');
    const drawnHere = await renderModelPreviewPng(WHEEL_STL, model.analysis.bbox);
    expect(drawnHere.ok && Buffer.from(model.previewPng!).equals(drawnHere.value)).toBe(true);
    expect('previewPng' in await analyzer.analyze(WHEEL_STL, options)).toBe(false);
    expect('previewPng' in await analyzer.analyze(WHEEL_GCODE, options, undefined, { previewPng: true })).toBe(false);
  });

  it('kills an analysis past its memory cap: analysis_memory_exceeded', async () => {
    const path = join(dir, 'soup.stl');
    await writeFile(path, triangleSoupStl(300_000));
    const outcome = await new IsolatedAnalyzer({ memoryCapMb: CAP_MB, timeoutMs: 60_000 }).analyze(path, options);
    expect(outcome).toMatchObject({ ok: false, code: 'analysis_memory_exceeded', params: { memoryCapMb: CAP_MB } });
  });

  it('kills an analysis past its time limit: analysis_timeout', async () => {
    // Benchy takes about 400 ms here, process start included.
    const outcome = await new IsolatedAnalyzer({ memoryCapMb: 512, timeoutMs: 50 }).analyze(BENCHY_GCODE, options);
    expect(outcome).toMatchObject({ ok: false, code: 'analysis_timeout', params: { timeoutMs: 50 } });
  });

  it('stops at once when cancelled: analysis_cancelled', async () => {
    const cancel = new AbortController();
    const running = new IsolatedAnalyzer({ memoryCapMb: 512, timeoutMs: 60_000 }).analyze(BENCHY_GCODE, options, cancel.signal);
    cancel.abort();
    expect(await running).toMatchObject({ ok: false, code: 'analysis_cancelled' });
  });
});

describe('the daemon with a low analysis memory cap', () => {
  let t: TestApp;
  let patron: TestUser;
  beforeAll(async () => {
    t = await startTestApp(undefined, { analysisMemoryCapMb: CAP_MB });
    patron = await addUser(t, 'patron');
  });
  afterAll(async () => { await t.stop(); removeDir(t.dataDir); });

  async function uploadAndSettle(bytes: Buffer, name: string): Promise<Job> {
    const job = (await t.http.post('/api/jobs').set('x-api-key', patron.apiKey).attach('file', bytes, name).expect(201)).body.job as Job;
    return waitFor(async () => (await t.http.get(`/api/jobs/${job.id}`).set('x-api-key', patron.apiKey)).body.job as Job,
      (j) => j.state !== 'uploaded' && j.state !== 'analysing', 30_000);
  }

  it('refuses the hostile model with the reason code and goes on to analyse the next file', async () => {
    const hostile = await uploadAndSettle(triangleSoupStl(300_000), 'keitto.stl');
    expect(hostile.state).toBe('refused');
    const events = (await t.http.get(`/api/jobs/${hostile.id}/events`).set('x-api-key', patron.apiKey)).body.events as Array<{ reasonCode: string | null }>;
    expect(events.at(-1)!.reasonCode).toBe('analysis_memory_exceeded');

    const ordinary = await uploadAndSettle(readFileSync(WHEEL_GCODE), 'pyora.gcode');
    expect(ordinary.state).toBe('awaiting_approval');
    expect(ordinary.analysis).toMatchObject({ kind: 'gcode', fitsBed: true });
  });
});
