import { spawn } from 'node:child_process';
import { getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { BACKGROUND_NICE, trySetNice } from '../../../src/core/process-priority.js';

describe('child process priority', () => {
  it('lowers a background child, which any user may do', async () => {
    const child = spawn('sleep', ['5'], { stdio: 'ignore' });
    try {
      expect(trySetNice(child.pid, BACKGROUND_NICE)).toBe(true);
      expect(getPriority(child.pid)).toBe(BACKGROUND_NICE);
    } finally {
      child.kill('SIGKILL');
    }
  });
  it('reports failure instead of throwing for a process that is gone or never started', () => {
    expect(trySetNice(undefined, BACKGROUND_NICE)).toBe(false);
    expect(trySetNice(2 ** 22 + 12345, BACKGROUND_NICE)).toBe(false);
  });
});
