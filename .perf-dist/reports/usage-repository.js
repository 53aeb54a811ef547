// A print ended when the printer finished, failed, lost it, or staff cancelled it while it ran;
// a start that never reached `printing` is not a print.
const PRINTS_SQL = `
  SELECT j.printer_id, j.owner_id, e.at_ms AS ended_at_ms,
    CASE WHEN e.event = 'print_finished' THEN 'completed' WHEN e.event = 'cancelled' THEN 'cancelled' ELSE 'failed' END AS outcome,
    (SELECT MAX(s.at_ms) FROM job_events s WHERE s.job_id = e.job_id AND s.event = 'print_started' AND s.id < e.id) AS started_at_ms,
    json_extract(j.analysis_json, '$.filamentGrams') AS filament_grams,
    json_extract(j.analysis_json, '$.costCents') AS cost_cents
  FROM job_events e JOIN jobs j ON j.id = e.job_id
  WHERE e.at_ms >= @fromMs AND e.at_ms < @toMs
    AND (e.event IN ('print_finished', 'print_failed')
      OR (e.event IN ('cancelled', 'interrupted') AND e.from_state IN ('printing', 'paused')))`;
// The first-ever submission is looked up per row through the owner and job indexes; a grouped CTE
// joined here would be scanned once per submission.
const SUBMISSIONS_SQL = `
  SELECT j.owner_id, e.at_ms,
    (SELECT MIN(e2.at_ms) FROM jobs j2 JOIN job_events e2 ON e2.job_id = j2.id
     WHERE j2.owner_id = j.owner_id AND e2.event = 'submitted') AS first_ms
  FROM job_events e JOIN jobs j ON j.id = e.job_id JOIN users u ON u.id = j.owner_id
  WHERE e.event = 'submitted' AND u.role = 'patron' AND e.at_ms >= @fromMs AND e.at_ms < @toMs`;
const WORKSHOPS_SQL = `
  SELECT w.id, w.title, w.starts_at_ms, COUNT(DISTINCT j.owner_id) AS participants, COUNT(j.id) AS jobs
  FROM workshops w LEFT JOIN jobs j ON j.workshop_id = w.id
  WHERE w.starts_at_ms >= @fromMs AND w.starts_at_ms < @toMs
  GROUP BY w.id ORDER BY w.starts_at_ms, w.id`;
export class UsageRepository {
    db;
    constructor(db) {
        this.db = db;
    }
    facts(period) {
        const prints = this.db.prepare(PRINTS_SQL).all(period).map((r) => ({
            printerId: r.printer_id, ownerId: r.owner_id, endedAtMs: r.ended_at_ms, outcome: r.outcome,
            startedAtMs: r.started_at_ms ?? r.ended_at_ms, filamentGrams: numberOrNull(r.filament_grams), costCents: numberOrNull(r.cost_cents),
        }));
        const submissions = this.db.prepare(SUBMISSIONS_SQL).all(period)
            .map((r) => ({ ownerId: r.owner_id, atMs: r.at_ms, firstEverAtMs: r.first_ms }));
        const workshops = this.db.prepare(WORKSHOPS_SQL).all(period)
            .map((r) => ({ id: r.id, title: r.title, startsAtMs: r.starts_at_ms, participants: r.participants, jobs: r.jobs }));
        return { prints, submissions, workshops };
    }
}
// analysis_json is written by the analysers; a non-number there must not turn a sum into NaN.
function numberOrNull(v) {
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
//# sourceMappingURL=usage-repository.js.map