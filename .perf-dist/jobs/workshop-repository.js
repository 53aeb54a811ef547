/** SQL for workshops and the printers each may use. */
import { transaction } from '../storage/db.js';
export class WorkshopRepository {
    db;
    constructor(db) {
        this.db = db;
    }
    insert(input, nowMs) {
        return transaction(this.db, () => {
            const info = this.db.prepare(`INSERT INTO workshops (title, instructor_id, starts_at_ms, ends_at_ms, join_code, created_at_ms)
        VALUES (?, ?, ?, ?, ?, ?)`).run(input.title, input.instructorId, input.startsAtMs, input.endsAtMs, input.joinCode, nowMs);
            const id = Number(info.lastInsertRowid);
            const stmt = this.db.prepare('INSERT INTO workshop_printers (workshop_id, printer_id) VALUES (?, ?)');
            for (const p of new Set(input.printerIds))
                stmt.run(id, p);
            return this.get(id);
        });
    }
    joinCodeTaken(joinCode) {
        return this.db.prepare('SELECT 1 FROM workshops WHERE join_code = ?').get(joinCode) !== undefined;
    }
    get(id) {
        const row = this.db.prepare('SELECT * FROM workshops WHERE id = ?').get(id);
        return row ? this.toWorkshop(row) : null;
    }
    byJoinCode(joinCode) {
        const row = this.db.prepare('SELECT * FROM workshops WHERE join_code = ?').get(joinCode);
        return row ? this.toWorkshop(row) : null;
    }
    /** Newest first; `instructorId` narrows to one instructor's workshops. */
    list(instructorId) {
        const rows = (instructorId === undefined
            ? this.db.prepare('SELECT * FROM workshops ORDER BY starts_at_ms DESC').all()
            : this.db.prepare('SELECT * FROM workshops WHERE instructor_id = ? ORDER BY starts_at_ms DESC').all(instructorId));
        return rows.map((r) => this.toWorkshop(r));
    }
    toWorkshop(r) {
        const printers = this.db.prepare('SELECT printer_id FROM workshop_printers WHERE workshop_id = ? ORDER BY printer_id')
            .all(r.id);
        return {
            id: r.id, title: r.title, instructorId: r.instructor_id, startsAtMs: r.starts_at_ms, endsAtMs: r.ends_at_ms,
            joinCode: r.join_code, printerIds: printers.map((p) => p.printer_id), createdAtMs: r.created_at_ms,
        };
    }
}
//# sourceMappingURL=workshop-repository.js.map