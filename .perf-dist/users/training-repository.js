function toRecord(r) {
    return { id: r.id, userId: r.user_id, workshopId: r.workshop_id, recordedBy: r.recorded_by, recordedAtMs: r.recorded_at_ms, note: r.note };
}
export class TrainingRepository {
    db;
    constructor(db) {
        this.db = db;
    }
    /** A second record for the same workshop is ignored: one workshop trains a patron once. */
    record(input) {
        this.db.prepare(`INSERT OR IGNORE INTO training_records (user_id, workshop_id, recorded_by, recorded_at_ms, note)
      VALUES (?, ?, ?, ?, ?)`).run(input.userId, input.workshopId, input.recordedBy, input.recordedAtMs, input.note);
    }
    forUser(userId) {
        return this.db.prepare('SELECT * FROM training_records WHERE user_id = ? ORDER BY id').all(userId).map(toRecord);
    }
    isTrained(userId) {
        return this.db.prepare('SELECT 1 FROM training_records WHERE user_id = ? LIMIT 1').get(userId) !== undefined;
    }
    /** Staff withdraw a record entered by mistake. */
    remove(userId, recordId) {
        return this.db.prepare('DELETE FROM training_records WHERE id = ? AND user_id = ?').run(recordId, userId).changes > 0;
    }
}
//# sourceMappingURL=training-repository.js.map