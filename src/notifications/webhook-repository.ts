/** SQL for the webhook delivery log: one row per message and receiver, updated on every attempt. */
import type { Db } from '../storage/db.js';

export const DELIVERY_STATES = ['pending', 'delivered', 'gave_up'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface WebhookDelivery {
  id: number;
  url: string;
  event: string;
  /** The exact body sent, so every retry carries the same bytes and signature. */
  body: string;
  state: DeliveryState;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAtMs: number | null;
  createdAtMs: number;
  deliveredAtMs: number | null;
}

interface DeliveryRow {
  id: number; url: string; event: string; payload_json: string; state: DeliveryState; attempts: number;
  last_status: number | null; last_error: string | null; next_attempt_at_ms: number | null; created_at_ms: number;
  delivered_at_ms: number | null;
}

function toDelivery(r: DeliveryRow): WebhookDelivery {
  return {
    id: r.id, url: r.url, event: r.event, body: r.payload_json, state: r.state, attempts: r.attempts, lastStatus: r.last_status,
    lastError: r.last_error, nextAttemptAtMs: r.next_attempt_at_ms, createdAtMs: r.created_at_ms, deliveredAtMs: r.delivered_at_ms,
  };
}

export interface AttemptOutcome { status: number | null; error: string | null; delivered: boolean; nextAttemptAtMs: number | null }

export class WebhookRepository {
  constructor(private readonly db: Db) {}

  insert(url: string, event: string, body: string, nowMs: number): WebhookDelivery {
    const info = this.db.prepare(`INSERT INTO webhook_deliveries (url, event, payload_json, state, next_attempt_at_ms, created_at_ms)
      VALUES (?, ?, ?, 'pending', ?, ?)`).run(url, event, body, nowMs, nowMs);
    return this.get(Number(info.lastInsertRowid))!;
  }

  get(id: number): WebhookDelivery | null {
    const row = this.db.prepare('SELECT * FROM webhook_deliveries WHERE id = ?').get(id) as DeliveryRow | undefined;
    return row ? toDelivery(row) : null;
  }

  recordAttempt(id: number, outcome: AttemptOutcome, nowMs: number): WebhookDelivery {
    const state: DeliveryState = outcome.delivered ? 'delivered' : outcome.nextAttemptAtMs === null ? 'gave_up' : 'pending';
    this.db.prepare(`UPDATE webhook_deliveries SET attempts = attempts + 1, state = ?, last_status = ?, last_error = ?,
      next_attempt_at_ms = ?, delivered_at_ms = ? WHERE id = ?`)
      .run(state, outcome.status, outcome.error, outcome.delivered ? null : outcome.nextAttemptAtMs, outcome.delivered ? nowMs : null, id);
    return this.get(id)!;
  }

  pending(): WebhookDelivery[] {
    return (this.db.prepare("SELECT * FROM webhook_deliveries WHERE state = 'pending' ORDER BY next_attempt_at_ms, id")
      .all() as DeliveryRow[]).map(toDelivery);
  }

  /** Newest first, for the staff's delivery log. */
  recent(limit: number): WebhookDelivery[] {
    return (this.db.prepare('SELECT * FROM webhook_deliveries ORDER BY id DESC LIMIT ?').all(limit) as DeliveryRow[]).map(toDelivery);
  }
}
