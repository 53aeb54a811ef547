import { it } from 'vitest';
import { framed, openBench } from './harness.js';
it('perf', async () => {
  for (const n of [2000, 4000, 6000]) {
    const b = await openBench({ logExecuted: false });
    const lines = Array.from({ length: n }, (_, i) => framed(i + 1, `G1 X${i % 50} Y${(i * 7) % 50} F6000`));
    let next = 0;
    b.transport.on('line', (l) => { if (l.startsWith('ok') && next < lines.length) b.send(lines[next++]); });
    const t0 = performance.now();
    b.send(lines[next++]);
    const ev = b.clock.run();
    console.log(n, 'lines', (performance.now() - t0).toFixed(0), 'ms wall', ev, 'events', b.clock.nowMs().toFixed(0), 'sim ms', b.received.length);
  }
});
