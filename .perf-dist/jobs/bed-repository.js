export const BED_STATES = ['cleared', 'occupied', 'unknown'];
export class BedRepository {
    db;
    constructor(db) {
        this.db = db;
    }
    get(printerId) {
        const row = this.db.prepare('SELECT * FROM printer_beds WHERE printer_id = ?').get(printerId);
        return row
            ? { printerId, bedState: row.bed_state, changedAtMs: row.changed_at_ms, changedBy: row.changed_by }
            : { printerId, bedState: 'unknown', changedAtMs: null, changedBy: null };
    }
    set(printerId, bedState, actorId, nowMs) {
        this.db.prepare(`INSERT INTO printer_beds (printer_id, bed_state, changed_at_ms, changed_by) VALUES (?, ?, ?, ?)
      ON CONFLICT(printer_id) DO UPDATE SET bed_state = excluded.bed_state, changed_at_ms = excluded.changed_at_ms,
      changed_by = excluded.changed_by`).run(printerId, bedState, nowMs, actorId);
    }
    /**
     * After a restart nobody can vouch that a cleared bed is still clear (the daemon was not watching),
     * so `cleared` becomes `unknown`; `occupied` stays, being the stronger claim.
     */
    forgetClearedAfterRestart(nowMs) {
        return this.db.prepare(`UPDATE printer_beds SET bed_state = 'unknown', changed_at_ms = ?, changed_by = NULL
      WHERE bed_state = 'cleared'`).run(nowMs).changes;
    }
}
//# sourceMappingURL=bed-repository.js.map