import { describe, it } from 'vitest';
import { hasSocat, streamBenchyOverPty } from './stream-over-pty.js';

describe.skipIf(!hasSocat)('streaming over a real pseudo-terminal (socat + real serialport binding)', () => {
  it('runs every command of a 10,500-line slicer file exactly once, in order, with 2 percent of lines corrupted: pingpong', async () => {
    await streamBenchyOverPty('pingpong', 12);
  }, 120_000);
});
