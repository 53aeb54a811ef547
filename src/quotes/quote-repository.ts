/**
 * SQL for quotes; the snake_case ↔ camelCase mapping lives only here. A state change goes through
 * `transition`, which checks the table against the row's current state in the same statement batch.
 */
import { AppError } from '../core/errors.js';
import { transaction, type Db } from '../storage/db.js';
import type { JobAnalysis } from '../jobs/job-types.js';
import type { FileKind } from '../uploads/file-kind.js';
import type { Role } from '../users/user-types.js';
import { quoteTransitionTarget, type QuoteEvent, type QuoteState } from './quote-states.js';
import type { Quote } from './quote-types.js';

interface QuoteRow {
  id: number; owner_id: number; owner_role: Role; state: QuoteState; original_filename: string; file_sha256: string;
  file_size_bytes: number; file_kind: FileKind; gcode_sha256: string | null; printer_id: string | null; material: string | null;
  colour: string | null; preset: string | null; infill_percent: number | null; supports: number | null; join_code: string | null; workshop_id: number | null; patron_note: string | null;
  outcome: Quote['outcome']; analysis_json: string | null; reason_code: string | null; job_id: number | null;
  created_at_ms: number; updated_at_ms: number; expires_at_ms: number;
}

const SELECT_QUOTE = 'SELECT q.*, u.role AS owner_role FROM quotes q JOIN users u ON u.id = q.owner_id';

function toQuote(r: QuoteRow): Quote {
  return {
    id: r.id, ownerId: r.owner_id, ownerRole: r.owner_role, state: r.state, originalFilename: r.original_filename,
    fileSha256: r.file_sha256, fileSizeBytes: r.file_size_bytes, fileKind: r.file_kind, gcodeSha256: r.gcode_sha256,
    printerId: r.printer_id, material: r.material, colour: r.colour, preset: r.preset,
    infillPercent: r.infill_percent, supports: r.supports === null ? null : r.supports === 1, joinCode: r.join_code,
    workshopId: r.workshop_id, patronNote: r.patron_note, outcome: r.outcome,
    analysis: r.analysis_json === null ? null : (JSON.parse(r.analysis_json) as JobAnalysis),
    reasonCode: r.reason_code, jobId: r.job_id, createdAtMs: r.created_at_ms, updatedAtMs: r.updated_at_ms, expiresAtMs: r.expires_at_ms,
  };
}

export type NewQuote = Pick<Quote, 'ownerId' | 'originalFilename' | 'fileSha256' | 'fileSizeBytes' | 'fileKind' | 'printerId'
  | 'material' | 'colour' | 'preset' | 'infillPercent' | 'supports' | 'joinCode' | 'workshopId' | 'patronNote' | 'expiresAtMs'>;

/** Columns a transition may fill in along with the state. */
export type QuotePatch = Partial<Pick<Quote, 'gcodeSha256' | 'outcome' | 'analysis' | 'reasonCode' | 'jobId'>>;

/** `gcodeSha256` → `gcode_sha256`; the analysis is stored as JSON. */
function columnOf(key: keyof QuotePatch): string {
  return key === 'analysis' ? 'analysis_json' : key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function quoteNotFound(quoteId: number): AppError {
  return new AppError('quote_not_found', `quote ${quoteId} does not exist (it may have expired)`, 404, { quoteId });
}

export class QuoteRepository {
  constructor(private readonly db: Db) {}

  insert(input: NewQuote, nowMs: number): Quote {
    const info = this.db.prepare(`
      INSERT INTO quotes (owner_id, state, original_filename, file_sha256, file_size_bytes, file_kind, gcode_sha256, printer_id,
        material, colour, preset, infill_percent, supports, join_code, workshop_id, patron_note, created_at_ms, updated_at_ms, expires_at_ms)
      VALUES (@ownerId, 'analysing', @originalFilename, @fileSha256, @fileSizeBytes, @fileKind, NULL, @printerId,
        @material, @colour, @preset, @infillPercent, @supports, @joinCode, @workshopId, @patronNote, @nowMs, @nowMs, @expiresAtMs)`)
      .run({ ...input, supports: input.supports === null ? null : Number(input.supports), nowMs });
    return this.require(Number(info.lastInsertRowid));
  }

  get(quoteId: number): Quote | null {
    const row = this.db.prepare(`${SELECT_QUOTE} WHERE q.id = ?`).get(quoteId) as QuoteRow | undefined;
    return row ? toQuote(row) : null;
  }

  require(quoteId: number): Quote {
    const quote = this.get(quoteId);
    if (!quote) throw quoteNotFound(quoteId);
    return quote;
  }

  /** How many of the owner's quotes are in `state`, leaving out `exceptId`. */
  countOwned(ownerId: number, state: QuoteState, exceptId: number | null): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM quotes WHERE owner_id = ? AND state = ? AND id IS NOT ?')
      .get(ownerId, state, exceptId) as { n: number }).n;
  }

  inState(state: QuoteState): Quote[] {
    return (this.db.prepare(`${SELECT_QUOTE} WHERE q.state = ? ORDER BY q.id`).all(state) as QuoteRow[]).map(toQuote);
  }

  /**
   * Applies `event` if the table allows it from the row's state (and that state is `expectedState`,
   * when given); null when it does not, so the caller can say why in its own words.
   */
  transition(quoteId: number, event: QuoteEvent, patch: QuotePatch, nowMs: number, expectedState?: QuoteState): Quote | null {
    return transaction(this.db, () => {
      const row = this.db.prepare('SELECT state FROM quotes WHERE id = ?').get(quoteId) as { state: QuoteState } | undefined;
      if (!row) throw quoteNotFound(quoteId);
      const to = quoteTransitionTarget(row.state, event);
      if (to === null || (expectedState !== undefined && expectedState !== row.state)) return null;
      const sets = ['state = @to', 'updated_at_ms = @nowMs'];
      const params: Record<string, unknown> = { quoteId, to, nowMs };
      for (const [key, value] of Object.entries(patch) as Array<[keyof QuotePatch, unknown]>) {
        if (value === undefined) continue;
        sets.push(`${columnOf(key)} = @${key}`);
        params[key] = key === 'analysis' && value !== null ? JSON.stringify(value) : value;
      }
      this.db.prepare(`UPDATE quotes SET ${sets.join(', ')} WHERE id = @quoteId`).run(params);
      return this.require(quoteId);
    });
  }

  /** Every sha256 a quote points at: the upload store keeps these. */
  referencedFiles(): Set<string> {
    const rows = this.db.prepare(`SELECT file_sha256 AS sha FROM quotes
      UNION SELECT gcode_sha256 FROM quotes WHERE gcode_sha256 IS NOT NULL`).all() as Array<{ sha: string }>;
    return new Set(rows.map((r) => r.sha));
  }

  /** Deletes quotes that expired at or before `nowMs`, or were let go; returns them so their files can be checked. */
  deleteFinished(nowMs: number): Quote[] {
    return transaction(this.db, () => {
      const rows = this.db.prepare(`${SELECT_QUOTE} WHERE q.expires_at_ms <= ? OR q.state = 'discarded' ORDER BY q.id`).all(nowMs) as QuoteRow[];
      const remove = this.db.prepare('DELETE FROM quotes WHERE id = ?');
      for (const r of rows) remove.run(r.id);
      return rows.map(toQuote);
    });
  }
}
