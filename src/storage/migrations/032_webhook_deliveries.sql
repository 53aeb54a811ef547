-- One row per webhook message and receiver; attempts update it until delivered or given up.
CREATE TABLE webhook_deliveries (
  id                 INTEGER PRIMARY KEY,
  url                TEXT    NOT NULL,
  event              TEXT    NOT NULL,
  payload_json       TEXT    NOT NULL,
  state              TEXT    NOT NULL CHECK (state IN ('pending', 'delivered', 'gave_up')),
  attempts           INTEGER NOT NULL DEFAULT 0,
  last_status        INTEGER,
  last_error         TEXT,
  next_attempt_at_ms INTEGER,
  created_at_ms      INTEGER NOT NULL,
  delivered_at_ms    INTEGER
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries(state, next_attempt_at_ms);
