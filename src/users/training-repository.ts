/** SQL for training records: who completed a workshop (or was marked trained by a person), and when. */
import type { Db } from '../storage/db.js';

export interface TrainingRecord {
  id: number;
  userId: number;
  /** Set when collecting a workshop print recorded it. */
  workshopId: number | null;
  /** The staff member or instructor who entered it; null when the system did. */
  recordedBy: number | null;
  recordedAtMs: number;
  note: string | null;
}

interface Row { id: number; user_id: number; workshop_id: number | null; recorded_by: number | null; recorded_at_ms: number; note: string | null }

function toRecord(r: Row): TrainingRecord {
  return { id: r.id, userId: r.user_id, workshopId: r.workshop_id, recordedBy: r.recorded_by, recordedAtMs: r.recorded_at_ms, note: r.note };
}

export class TrainingRepository {
  constructor(private readonly db: Db) {}

  /** A second record for the same workshop is ignored: one workshop trains a patron once. */
  record(input: Omit<TrainingRecord, 'id'>): void {
    this.db.prepare(`INSERT OR IGNORE INTO training_records (user_id, workshop_id, recorded_by, recorded_at_ms, note)
      VALUES (?, ?, ?, ?, ?)`).run(input.userId, input.workshopId, input.recordedBy, input.recordedAtMs, input.note);
  }

  forUser(userId: number): TrainingRecord[] {
    return (this.db.prepare('SELECT * FROM training_records WHERE user_id = ? ORDER BY id').all(userId) as Row[]).map(toRecord);
  }

  isTrained(userId: number): boolean {
    return this.db.prepare('SELECT 1 FROM training_records WHERE user_id = ? LIMIT 1').get(userId) !== undefined;
  }

  /** Staff withdraw a record entered by mistake. */
  remove(userId: number, recordId: number): boolean {
    return this.db.prepare('DELETE FROM training_records WHERE id = ? AND user_id = ?').run(recordId, userId).changes > 0;
  }
}
