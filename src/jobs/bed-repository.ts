/**
 * The bed-clear gate's memory. A printer with no row has never been cleared: `unknown`, which the
 * dispatcher treats as occupied.
 */
import type { Db } from '../storage/db.js';

export const BED_STATES = ['cleared', 'occupied', 'unknown'] as const;
export type BedState = (typeof BED_STATES)[number];

export interface BedRecord { printerId: string; bedState: BedState; changedAtMs: number | null; changedBy: number | null }

export class BedRepository {
  constructor(private readonly db: Db) {}

  get(printerId: string): BedRecord {
    const row = this.db.prepare('SELECT * FROM printer_beds WHERE printer_id = ?').get(printerId) as
      { printer_id: string; bed_state: BedState; changed_at_ms: number; changed_by: number | null } | undefined;
    return row
      ? { printerId, bedState: row.bed_state, changedAtMs: row.changed_at_ms, changedBy: row.changed_by }
      : { printerId, bedState: 'unknown', changedAtMs: null, changedBy: null };
  }

  set(printerId: string, bedState: BedState, actorId: number | null, nowMs: number): void {
    this.db.prepare(`INSERT INTO printer_beds (printer_id, bed_state, changed_at_ms, changed_by) VALUES (?, ?, ?, ?)
      ON CONFLICT(printer_id) DO UPDATE SET bed_state = excluded.bed_state, changed_at_ms = excluded.changed_at_ms,
      changed_by = excluded.changed_by`).run(printerId, bedState, nowMs, actorId);
  }

  /**
   * After a restart nobody can vouch that a cleared bed is still clear (the daemon was not watching),
   * so `cleared` becomes `unknown`; `occupied` stays, being the stronger claim.
   */
  forgetClearedAfterRestart(nowMs: number): number {
    return this.db.prepare(`UPDATE printer_beds SET bed_state = 'unknown', changed_at_ms = ?, changed_by = NULL
      WHERE bed_state = 'cleared'`).run(nowMs).changes;
  }
}
