import { it } from 'vitest';
import { SimClock } from '../../../src/core/clock.js';
import { PrinterLink } from '../../../src/printer/printer-link.js';
import { loadProfile } from '../../../src/printer/profiles.js';
import { createVirtualPrinterSetup } from '../../../src/printer/virtual/virtual-setup.js';
it('debug', async () => {
  const clock = new SimClock();
  const profile = loadProfile('prusa-mk3s');
  const vp = createVirtualPrinterSetup({ clock, profile, faults: { corruptByteRate: 0.0015, dropByteRate: 0.0008, garbleOutputLineRate: 0.003, loseOkRate: 0.003, seed: 12 }, advancedOk: false, resetOnOpen: false });
  const link = new PrinterLink({ transport: vp.transport, profile, clock, mode: 'buffered', serialLogEntries: 100000 });
  let connected = false;
  link.connect().then(() => { connected = true; }, () => { connected = true; });
  const runUntil = async (done: () => boolean, budgetMs: number) => {
    const endMs = clock.nowMs() + budgetMs;
    while (!done() && clock.nowMs() < endMs) { await new Promise((r) => setImmediate(r)); clock.run({ stop: done, untilMs: Math.min(endMs, clock.nowMs() + 1000) }); }
  };
  await runUntil(() => connected, 120000);
  let acked = 0;
  let bad = -1;
  link.on('acked', ({ command, lineNumber }) => {
    if (command.source === 'job') acked++;
    const ran = vp.printer.executed().some((e) => e.text === command.text);
    if (!ran && bad < 0 && command.source === 'job') { bad = lineNumber ?? -2; console.log('acked before run', lineNumber, command.text, clock.nowMs()); }
  });
  const exp = Array.from({ length: 300 }, (_, i) => { const a = i * 0.21; return `G1 X${(100 + 40 * Math.cos(a)).toFixed(3)} Y${(100 + 40 * Math.sin(a)).toFixed(3)} F3000`; });
  exp.forEach((text, i) => link.send({ text, source: 'job', fileLine: i + 1 }));
  await runUntil(() => acked >= 300, 4 * 3600000);
  clock.run({ untilMs: clock.nowMs() + 30000 });
  const ran = vp.printer.executed().map((e) => e.text).filter((t) => /^G1 X/.test(t));
  let i = 0; while (i < exp.length && ran[i] === exp[i]) i++;
  const log = link.serialLog();
  console.log('first diff at', i, exp[i], ran[i], ran.length);
  const ex = vp.printer.executed(); const k = ex.findIndex((e) => e.text === ran[i]);
  for (const e of ex.slice(Math.max(0, k - 4), k + 4)) console.log(JSON.stringify(e));
  bad = ex[k]?.atMs ?? 0;
  const bi2 = log.findIndex((e) => e.atMs >= bad - 1000);
  for (const f of log.slice(bi2, bi2 + 60)) console.log(f.atMs.toFixed(1), f.direction, JSON.stringify(f.text), f.mark ?? '');
  

  const interesting: Array<readonly [typeof log[number], number]> = [];
  void log.map((e, j) => [e, j] as const).filter(([e]) => e.direction === 'note' || /Error|Resend|rs|unknown|Unknown/.test(e.text) || (e.direction === 'received' && !/^ok$|^ T:/.test(e.text)));
  for (const [e, j] of interesting) { console.log('---'); for (const f of log.slice(j - 2, j + 5)) console.log(f.atMs.toFixed(1), f.direction, JSON.stringify(f.text), f.mark ?? ''); }
});
