/**
 * Figures for the queue and storage layer on this machine, printed, never asserted:
 *   node dist/bench/queue-bench.js [jobs]
 * - job lifecycle writes per second on a real SQLite file (each: job row + job_events row, one transaction)
 * - listing the queue (all jobs, and a patron's own) p50/p99
 * - streaming a 20 MB upload into the store: MB/s and RSS growth (must not grow with file size)
 * - one scrypt hash with the production parameters
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openQueueServices } from '../jobs/queue-services.js';
import { BOOTSTRAP } from '../users/user-service.js';
import { hashSecret } from '../users/secret-hash.js';
import { actorOf } from '../users/user-types.js';
function percentile(sortedMs, p) {
    return sortedMs[Math.min(sortedMs.length - 1, Math.floor(sortedMs.length * p))];
}
async function* gcodeStream(totalBytes) {
    const line = Buffer.from('G1 X100.123 Y100.456 E0.04321 F1800\n');
    const chunk = Buffer.concat(Array.from({ length: Math.floor(65_536 / line.length) }, () => line));
    for (let sent = 0; sent < totalBytes; sent += chunk.length)
        yield chunk;
}
async function main() {
    const jobCount = Number(process.argv[2] ?? 2000);
    const dataDir = mkdtempSync(join(tmpdir(), 'tulostamo-queue-bench-'));
    const q = await openQueueServices({ dataDir, scrypt: { N: 1024, r: 8, p: 1 } });
    try {
        const staff = actorOf(await q.userService.createUser(BOOTSTRAP, { role: 'staff', username: 'staff', secret: 'bench-password' }));
        const patron = actorOf(await q.userService.createUser(BOOTSTRAP, { role: 'patron', username: 'K1', secret: '1234' }));
        const file = await q.uploads.store(gcodeStream(4096), 'bench.gcode');
        let t0 = performance.now();
        for (let i = 0; i < jobCount; i++) {
            const job = q.jobService.submit(i % 2 ? patron : staff, file);
            q.jobService.beginAnalysis(job.id);
            q.jobService.completeAnalysis(job.id, { outcome: 'passed', analysis: { estimateS: 600 } });
            if (i % 2)
                q.jobService.approve(staff, job.id);
        }
        const writeS = (performance.now() - t0) / 1000;
        const events = q.db.prepare('SELECT count(*) AS n FROM job_events').get().n;
        console.log(`lifecycle writes: ${events} transitions for ${jobCount} jobs in ${writeS.toFixed(2)} s = ${Math.round(events / writeS)} transitions/s`);
        for (const [label, actor] of [['staff list (all jobs)', staff], ['patron list (own jobs)', patron]]) {
            const samples = [];
            for (let i = 0; i < 200; i++) {
                t0 = performance.now();
                q.jobService.list(actor, { limit: 100 });
                samples.push(performance.now() - t0);
            }
            samples.sort((a, b) => a - b);
            console.log(`${label}, first 100 of ${jobCount}: p50 ${percentile(samples, 0.5).toFixed(3)} ms, p99 ${percentile(samples, 0.99).toFixed(3)} ms`);
        }
        const totalBytes = 20 * 1024 * 1024;
        global.gc?.();
        const rssBefore = process.memoryUsage().rss;
        let rssPeak = rssBefore;
        const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, process.memoryUsage().rss); }, 5);
        t0 = performance.now();
        await q.uploads.store(gcodeStream(totalBytes), 'big.gcode');
        const uploadS = (performance.now() - t0) / 1000;
        clearInterval(sampler);
        console.log(`upload store: 20 MB in ${uploadS.toFixed(2)} s = ${(20 / uploadS).toFixed(0)} MB/s; RSS growth ${((rssPeak - rssBefore) / 1048576).toFixed(1)} MB`);
        t0 = performance.now();
        await hashSecret('correct horse battery staple');
        console.log(`scrypt (N=2^15, r=8, p=1): ${(performance.now() - t0).toFixed(0)} ms per hash`);
    }
    finally {
        q.close();
        rmSync(dataDir, { recursive: true, force: true });
    }
}
await main();
//# sourceMappingURL=queue-bench.js.map