-- What a patron may choose beyond the preset (issue 4 §2): an infill from the library's list, supports
-- on or off. NULL: the preset's own infill, no supports.
ALTER TABLE jobs ADD COLUMN infill_percent INTEGER;
ALTER TABLE jobs ADD COLUMN supports INTEGER CHECK (supports IN (0, 1));

-- Quotes get the same two columns, and ids that are never handed out again: a desk tab still polling a
-- quote the sweep removed must get "not found", not another file's quote. SQLite gives a plain INTEGER
-- PRIMARY KEY's highest id again once its row is gone; AUTOINCREMENT does not, and needs the table rebuilt.
CREATE TABLE quotes_new (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  owner_id          INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  state             TEXT    NOT NULL CHECK (state IN ('analysing', 'ready', 'refused', 'failed', 'used', 'discarded')),
  original_filename TEXT    NOT NULL,
  file_sha256       TEXT    NOT NULL,
  file_size_bytes   INTEGER NOT NULL,
  file_kind         TEXT    NOT NULL,
  gcode_sha256      TEXT,
  printer_id        TEXT,
  material          TEXT,
  colour            TEXT,
  preset            TEXT,
  infill_percent    INTEGER,
  supports          INTEGER CHECK (supports IN (0, 1)),
  join_code         TEXT,
  workshop_id       INTEGER REFERENCES workshops(id) ON DELETE SET NULL,
  patron_note       TEXT,
  outcome           TEXT CHECK (outcome IN ('passed', 'refused', 'needs_slicing')),
  analysis_json     TEXT,
  reason_code       TEXT,
  job_id            INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
  created_at_ms     INTEGER NOT NULL,
  updated_at_ms     INTEGER NOT NULL,
  expires_at_ms     INTEGER NOT NULL
);
INSERT INTO quotes_new (id, owner_id, state, original_filename, file_sha256, file_size_bytes, file_kind, gcode_sha256, printer_id,
  material, colour, preset, join_code, workshop_id, patron_note, outcome, analysis_json, reason_code, job_id, created_at_ms,
  updated_at_ms, expires_at_ms)
  SELECT id, owner_id, state, original_filename, file_sha256, file_size_bytes, file_kind, gcode_sha256, printer_id,
    material, colour, preset, join_code, workshop_id, patron_note, outcome, analysis_json, reason_code, job_id, created_at_ms,
    updated_at_ms, expires_at_ms FROM quotes;
DROP TABLE quotes;
ALTER TABLE quotes_new RENAME TO quotes;
CREATE INDEX quotes_owner ON quotes(owner_id);
CREATE INDEX quotes_expiry ON quotes(expires_at_ms);
CREATE INDEX quotes_state ON quotes(state);
