export const DELIVERY_STATES = ['pending', 'delivered', 'gave_up'];
function toDelivery(r) {
    return {
        id: r.id, url: r.url, event: r.event, body: r.payload_json, state: r.state, attempts: r.attempts, lastStatus: r.last_status,
        lastError: r.last_error, nextAttemptAtMs: r.next_attempt_at_ms, createdAtMs: r.created_at_ms, deliveredAtMs: r.delivered_at_ms,
    };
}
export class WebhookRepository {
    db;
    constructor(db) {
        this.db = db;
    }
    insert(url, event, body, nowMs) {
        const info = this.db.prepare(`INSERT INTO webhook_deliveries (url, event, payload_json, state, next_attempt_at_ms, created_at_ms)
      VALUES (?, ?, ?, 'pending', ?, ?)`).run(url, event, body, nowMs, nowMs);
        return this.get(Number(info.lastInsertRowid));
    }
    get(id) {
        const row = this.db.prepare('SELECT * FROM webhook_deliveries WHERE id = ?').get(id);
        return row ? toDelivery(row) : null;
    }
    recordAttempt(id, outcome, nowMs) {
        const state = outcome.delivered ? 'delivered' : outcome.nextAttemptAtMs === null ? 'gave_up' : 'pending';
        this.db.prepare(`UPDATE webhook_deliveries SET attempts = attempts + 1, state = ?, last_status = ?, last_error = ?,
      next_attempt_at_ms = ?, delivered_at_ms = ? WHERE id = ?`)
            .run(state, outcome.status, outcome.error, outcome.delivered ? null : outcome.nextAttemptAtMs, outcome.delivered ? nowMs : null, id);
        return this.get(id);
    }
    pending() {
        return this.db.prepare("SELECT * FROM webhook_deliveries WHERE state = 'pending' ORDER BY next_attempt_at_ms, id")
            .all().map(toDelivery);
    }
    /** Newest first, for the staff's delivery log. */
    recent(limit) {
        return this.db.prepare('SELECT * FROM webhook_deliveries ORDER BY id DESC LIMIT ?').all(limit).map(toDelivery);
    }
}
//# sourceMappingURL=webhook-repository.js.map