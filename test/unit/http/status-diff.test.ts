import { describe, expect, it } from 'vitest';
import { diffStatus, pushDelayMs } from '../../../src/http/live/status-diff.js';
import type { PrinterStatus } from '../../../src/printer/printer-types.js';

function status(over: Partial<PrinterStatus> = {}): PrinterStatus {
  return {
    printerId: 'p1', state: 'idle', profile: 'marlin', firmwareName: 'Marlin',
    hotends: [{ actualC: 21, targetC: 0 }], bed: { actualC: 20, targetC: 0 }, chamber: null, otherSensors: {},
    position: null, print: null, error: null,
    link: { linesPerS: 0, bytesPerS: 0, rttP50Ms: null, rttP99Ms: null, linesSent: 0, resends: 0, timeouts: 0 },
    ...over,
  };
}

describe('diffStatus', () => {
  it('sends everything the first time', () => {
    expect(diffStatus(null, status())).toEqual(status());
  });
  it('returns null when nothing changed, even for equal nested objects built anew', () => {
    expect(diffStatus(status(), status({ hotends: [{ actualC: 21, targetC: 0 }] }))).toBeNull();
  });
  it('carries only the changed top-level fields plus the printer id', () => {
    const next = status({ state: 'printing', hotends: [{ actualC: 200, targetC: 210 }] });
    expect(diffStatus(status(), next)).toEqual({ printerId: 'p1', state: 'printing', hotends: [{ actualC: 200, targetC: 210 }] });
  });
  it('notices a field turning null', () => {
    expect(diffStatus(status(), status({ bed: null }))).toEqual({ printerId: 'p1', bed: null });
  });
});

describe('pushDelayMs', () => {
  it('lets the first push out at once', () => { expect(pushDelayMs(null, 1000, 4)).toBe(0); });
  it('holds a push until a quarter second has passed at 4 Hz', () => {
    expect(pushDelayMs(1000, 1100, 4)).toBe(150);
    expect(pushDelayMs(1000, 1250, 4)).toBe(0);
    expect(pushDelayMs(1000, 2000, 4)).toBe(0);
  });
});
