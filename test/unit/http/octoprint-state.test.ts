import { describe, expect, it } from 'vitest';
import { octoPrintFlags, octoPrintJobReply } from '../../../src/http/octoprint-state.js';
import type { PrinterState } from '../../../src/printer/printer-types.js';

describe('octoPrintFlags', () => {
  const table: Array<[PrinterState, Partial<ReturnType<typeof octoPrintFlags>>]> = [
    ['idle', { operational: true, ready: true, printing: false, closedOrError: false }],
    ['printing', { operational: true, ready: false, printing: true }],
    ['paused', { operational: true, paused: true, ready: false }],
    ['disconnected', { operational: false, closedOrError: true, error: false }],
    ['error', { operational: false, closedOrError: true, error: true }],
    ['connecting', { operational: false, ready: false }],
  ];
  it.each(table)('%s', (state, expected) => {
    expect(octoPrintFlags(state)).toMatchObject(expected);
  });
});

describe('octoPrintJobReply', () => {
  it('has the fields Cura reads even with no printer', () => {
    const reply = octoPrintJobReply(null) as { job: { file: { name: unknown } }; progress: Record<string, unknown> };
    expect(reply.job.file.name).toBeNull();
    expect(reply.progress).toHaveProperty('completion', null);
  });
});
