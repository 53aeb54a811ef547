/**
 * Figures for pickup, policies and retention on this machine, printed, never asserted:
 *   node dist/bench/policies-bench.js [jobs]
 * - evaluatePolicies with every rule on: calls per second
 * - the pickup sweep over `jobs` prints on the shelf: nothing due, and every one due a reminder
 * - the dispatcher's policy filter over `jobs` approved jobs when the closing rule holds each one back
 * - the retention sweep deleting the files of `jobs` collected prints
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { openQueueServices } from '../jobs/queue-services.js';
import { evaluatePolicies } from '../jobs/policy-rules.js';
import { DAY_MS } from '../jobs/pickup-schedule.js';
import { BOOTSTRAP } from '../users/user-service.js';
import { actorOf } from '../users/user-types.js';
const weekday = [{ opens: '08:00', closes: '21:00' }];
const WEEK = { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: weekday, sun: weekday };
const LIBRARY = { timeZone: 'Europe/Helsinki', closedDates: [], openingHours: WEEK };
function timed(label, fn) {
    const t0 = performance.now();
    const out = fn();
    console.log(`${label}: ${(performance.now() - t0).toFixed(1)} ms`);
    return out;
}
async function jobsThrough(q, patron, staff, count, untilShelf) {
    for (let i = 0; i < count; i++) {
        const file = await q.uploads.store(Readable.from([Buffer.from(`G28\nG1 X${i} Y${untilShelf ? 1 : 2}\n`)]), `b${i}.gcode`);
        const job = q.jobService.submit(patron, file);
        q.jobService.beginAnalysis(job.id);
        q.jobService.completeAnalysis(job.id, { outcome: 'passed', analysis: { estimateS: 3600, filamentGrams: 20 } });
        q.jobService.approve(staff, job.id);
        if (untilShelf)
            for (const event of ['start_requested', 'print_started', 'print_finished'])
                q.jobService.apply(job.id, { event, actorId: null });
    }
}
async function main() {
    const count = Number(process.argv[2] ?? 500);
    const dataDir = mkdtempSync(join(tmpdir(), 'tulostamo-policies-bench-'));
    let nowMs = Date.parse('2026-11-30T10:00:00Z');
    const q = await openQueueServices({
        dataDir, scrypt: { N: 1024, r: 8, p: 1 }, now: () => nowMs, library: LIBRARY,
        policies: { mustFinishBeforeClosing: true, maxPrintHours: 8, maxFilamentGrams: 200, reminderAfterDays: [3], unclaimedAfterDays: 14 },
    });
    try {
        const staff = actorOf(await q.userService.createUser(BOOTSTRAP, { role: 'staff', username: 'staff', secret: 'bench-password' }));
        const patron = actorOf(await q.userService.createUser(BOOTSTRAP, { role: 'patron', username: 'K1', secret: '1234' }));
        const rules = { ...q.policies.rules, materialsByAudience: { patron: ['PLA', 'PETG'] }, overnightOnlyOverHours: 6, maxOpenJobsPerPatron: 3 };
        const ctx = {
            phase: 'dispatch', audience: 'patron', openJobs: 1, jobsThisMonth: 2, hours: LIBRARY,
            job: { material: 'PLA', estimateS: 5000, filamentGrams: 30 },
        };
        const calls = 100_000;
        let t0 = performance.now();
        for (let i = 0; i < calls; i++)
            evaluatePolicies(ctx, rules, nowMs + i * 1000);
        console.log(`evaluatePolicies, every rule on: ${Math.round(calls / ((performance.now() - t0) / 1000))} calls/s`);
        t0 = performance.now();
        await jobsThrough(q, patron, staff, count, true);
        console.log(`set-up: ${count} jobs to the pickup shelf in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        timed(`pickup sweep, ${count} on the shelf, none due`, () => q.pickup.sweep(nowMs + DAY_MS));
        nowMs += 3 * DAY_MS;
        timed(`pickup sweep, ${count} reminders recorded and emitted`, () => q.pickup.sweep(nowMs));
        await jobsThrough(q, patron, staff, count, false);
        nowMs = Date.parse('2026-11-30T18:30:00Z'); // 20:30 in Helsinki: a 1 h print would run past closing
        // What nextJobFor does before it picks: the bench has no printer to pick for.
        const startable = timed(`dispatch rules over ${count} approved jobs, every one held back`, () => q.jobs.list({ states: ['approved'] }).filter((j) => q.policies.dispatchFindings(j, nowMs).length === 0));
        if (startable.length !== 0)
            throw new Error('a print that runs past closing was let through');
        for (const id of q.jobs.list({ states: ['awaiting_pickup'] }).map((j) => j.id))
            q.jobService.collect(staff, id);
        nowMs += 31 * DAY_MS;
        t0 = performance.now();
        const swept = await q.retention.sweep(nowMs);
        console.log(`retention sweep: ${swept.jobIds.length} jobs, ${swept.filesRemoved} files deleted in ${(performance.now() - t0).toFixed(1)} ms`);
    }
    finally {
        q.close();
        rmSync(dataDir, { recursive: true, force: true });
    }
}
await main();
//# sourceMappingURL=policies-bench.js.map