import { describe, expect, it } from 'vitest';
import { nextPrinterState } from '../../../src/printer/controller-states.js';
import type { PrinterState } from '../../../src/printer/printer-types.js';

describe('printer state table', () => {
  const all: PrinterState[] = ['disconnected', 'connecting', 'idle', 'printing', 'pausing', 'paused', 'cancelling', 'error'];

  it('walks a print through pause, resume and cancel', () => {
    let s: PrinterState = 'disconnected';
    for (const e of ['connect_requested', 'link_ready', 'print_started', 'pause_requested', 'pause_done', 'resume_requested',
      'cancel_requested', 'cancel_done'] as const) {
      const next = nextPrinterState(s, e);
      expect(next, `${s} + ${e}`).not.toBeNull();
      s = next!;
    }
    expect(s).toBe('idle');
  });

  it('refuses what makes no sense', () => {
    expect(nextPrinterState('printing', 'resume_requested')).toBeNull();
    expect(nextPrinterState('idle', 'pause_requested')).toBeNull();
    expect(nextPrinterState('disconnected', 'print_started')).toBeNull();
    expect(nextPrinterState('cancelling', 'pause_requested')).toBeNull();
  });

  it('loses the link from every connected state, and leaves error only through the link', () => {
    for (const s of all.filter((x) => x !== 'disconnected')) expect(nextPrinterState(s, 'link_lost')).toBe('disconnected');
    for (const s of ['printing', 'pausing', 'paused'] as const) expect(nextPrinterState(s, 'halted')).toBe('error');
    expect(nextPrinterState('error', 'print_started')).toBeNull();
    expect(nextPrinterState('error', 'link_ready')).toBe('idle');
  });
});
