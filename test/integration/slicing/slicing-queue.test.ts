import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RealClock } from '../../../src/core/clock.js';
import { EventBus } from '../../../src/core/event-bus.js';
import { PrusaSlicerCli } from '../../../src/slicing/prusaslicer-cli.js';
import { sliceModel } from '../../../src/slicing/slice-model.js';
import { SlicingQueue, type SliceTask, type SlicingEvents } from '../../../src/slicing/slicing-queue.js';
import { binaryStl, cube, triangles } from '../../unit/mesh/mesh-builders.js';

const dir = mkdtempSync(join(tmpdir(), 'slice-queue-'));
const cubePath = join(dir, 'cube.stl');
writeFileSync(cubePath, binaryStl(triangles(cube(20))));

/** A real PrusaSlicer slice of the cube; `model` may be swapped for a slower real model. */
const task = (name: string, modelPath = cubePath): SliceTask => (signal, onProgress) =>
  sliceModel({ modelPath, outputPath: join(dir, `${name}.gcode`), printer: 'ender3', preset: 'draft' }, { slicer: new PrusaSlicerCli(), signal, onProgress });

function queueWith(concurrency: 1 | 2, timeoutMs: number) {
  const bus = new EventBus<SlicingEvents>();
  const log: string[] = [];
  for (const event of ['slicing:queued', 'slicing:started', 'slicing:finished', 'slicing:failed'] as const) {
    bus.on(event, 'test', (p) => log.push(`${event.slice(8)} ${p.jobId}`));
  }
  const progress: number[] = [];
  bus.on('slicing:progressed', 'test', (p) => progress.push(p.percent));
  return { queue: new SlicingQueue({ clock: new RealClock(), bus, concurrency, timeoutMs }), log, progress };
}

describe('slicing queue with the real PrusaSlicer', () => {
  it('runs one slice at a time in submission order, with progress events', async () => {
    const { queue, log, progress } = queueWith(1, 60_000);
    const outcomes = await Promise.all(['a', 'b', 'c'].map((id) => queue.submit(id, task(id))));
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true]);
    expect(log.filter((l) => !l.startsWith('queued'))).toEqual(['started a', 'finished a', 'started b', 'finished b', 'started c', 'finished c']);
    expect(progress.length).toBeGreaterThan(3);
  });

  it('runs two at once when allowed', async () => {
    const { queue, log } = queueWith(2, 60_000);
    await Promise.all(['a', 'b', 'c'].map((id) => queue.submit(id, task(id))));
    expect(log.filter((l) => !l.startsWith('queued')).slice(0, 2)).toEqual(['started a', 'started b']);
  });

  it('kills a slice that runs past the timeout', async () => {
    const { queue, log } = queueWith(1, 150);
    const outcome = await queue.submit('slow', task('slow', '../shared/fixtures/models/benchy-chimney-top.stl'));
    expect(outcome).toMatchObject({ ok: false, failure: { code: 'slice_timeout' } });
    expect(log).toContain('failed slow');
  });

  it('cancels a running slice and a waiting one', async () => {
    const { queue } = queueWith(1, 60_000);
    const running = queue.submit('run', task('run', '../shared/fixtures/models/benchy-chimney-top.stl'));
    const waiting = queue.submit('wait', task('wait'));
    expect(queue.cancel('wait')).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(queue.cancel('run')).toBe(true);
    expect(await running).toMatchObject({ ok: false, failure: { code: 'slice_cancelled' } });
    expect(await waiting).toMatchObject({ ok: false, failure: { code: 'slice_cancelled' } });
    expect(queue.cancel('unknown')).toBe(false);
    expect([queue.runningCount, queue.waitingCount]).toEqual([0, 0]);
  });
});
