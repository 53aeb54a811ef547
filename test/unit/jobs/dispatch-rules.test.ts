import { describe, expect, it } from 'vitest';
import { isCompatible, pickNextJob, startBlocker } from '../../../src/jobs/dispatch-rules.js';
import type { Job } from '../../../src/jobs/job-types.js';

let nextId = 1;
function job(over: Partial<Job> = {}): Job {
  const id = nextId++;
  return {
    id, ownerId: 1, ownerDisplayName: 'A', ownerRole: 'patron', workshopId: null, workshopInstructorId: null, state: 'approved',
    originalFilename: `j${id}.gcode`, fileSha256: 'a'.repeat(64), fileSizeBytes: 10, fileKind: 'gcode', gcodeSha256: 'a'.repeat(64),
    printerId: null, material: null, colour: null, preset: null, analysis: null, priority: 0, position: id, progress: null,
    submittedAtMs: 0, updatedAtMs: 0, version: 1, ...over,
  };
}
const noWorkshops = () => [];

describe('startBlocker', () => {
  it('starts only on an idle printer with a cleared bed and no start under way', () => {
    expect(startBlocker('idle', 'cleared', false)).toBeNull();
    expect(startBlocker('idle', 'unknown', false)).toBe('bed_not_cleared');
    expect(startBlocker('idle', 'occupied', false)).toBe('bed_not_cleared');
    for (const s of ['printing', 'paused', 'disconnected', 'error', 'connecting', 'cancelling', 'pausing'] as const) {
      expect(startBlocker(s, 'cleared', false)).toBe('printer_not_idle');
    }
    expect(startBlocker('idle', 'cleared', true)).toBe('printer_busy');
  });
});

describe('isCompatible', () => {
  it('needs an approved job with G-code, for this printer or any, within its workshop printers', () => {
    expect(isCompatible(job(), 'mk3', noWorkshops)).toBe(true);
    expect(isCompatible(job({ state: 'awaiting_approval' }), 'mk3', noWorkshops)).toBe(false);
    expect(isCompatible(job({ gcodeSha256: null, fileKind: 'stl' }), 'mk3', noWorkshops)).toBe(false);
    expect(isCompatible(job({ printerId: 'ender' }), 'mk3', noWorkshops)).toBe(false);
    expect(isCompatible(job({ printerId: 'mk3' }), 'mk3', noWorkshops)).toBe(true);
    const onlyEnder = () => ['ender'];
    expect(isCompatible(job({ workshopId: 7 }), 'mk3', onlyEnder)).toBe(false);
    expect(isCompatible(job({ workshopId: 7 }), 'ender', onlyEnder)).toBe(true);
  });
});

describe('pickNextJob', () => {
  const printer = { printerId: 'mk3', loadedMaterial: 'PETG' };

  it('takes the first compatible job in queue order', () => {
    const a = job({ printerId: 'ender' });
    const b = job();
    const c = job();
    expect(pickNextJob([a, b, c], printer, noWorkshops, false)?.id).toBe(b.id);
    expect(pickNextJob([a], printer, noWorkshops, false)).toBeNull();
  });

  it('prefers the loaded material within the head priority, never past a higher priority', () => {
    const urgentPla = job({ priority: 5, material: 'PLA' });
    const pla = job({ material: 'PLA' });
    const petg = job({ material: 'petg ' });
    expect(pickNextJob([pla, petg], printer, noWorkshops, true)?.id).toBe(petg.id);
    expect(pickNextJob([pla, petg], printer, noWorkshops, false)?.id).toBe(pla.id);
    expect(pickNextJob([urgentPla, pla, petg], printer, noWorkshops, true)?.id).toBe(urgentPla.id);
    expect(pickNextJob([pla, petg], { printerId: 'mk3', loadedMaterial: null }, noWorkshops, true)?.id).toBe(pla.id);
  });
});
