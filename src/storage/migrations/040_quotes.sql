-- A quote is an analysed upload that is not yet a job: the patron sees time, grams and cost before
-- sending it to the queue. Rows live for hours (expires_at_ms); the sweep deletes them and any file
-- no job and no other quote still points at.
CREATE TABLE quotes (
  id                INTEGER PRIMARY KEY,
  owner_id          INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  state             TEXT    NOT NULL CHECK (state IN ('analysing', 'ready', 'refused', 'failed', 'used', 'discarded')),
  original_filename TEXT    NOT NULL,
  file_sha256       TEXT    NOT NULL,
  file_size_bytes   INTEGER NOT NULL,
  file_kind         TEXT    NOT NULL,
  -- The sliced output of a model (or the upload itself for G-code) once analysis passed.
  gcode_sha256      TEXT,
  printer_id        TEXT,
  material          TEXT,
  colour            TEXT,
  preset            TEXT,
  join_code         TEXT,
  workshop_id       INTEGER REFERENCES workshops(id) ON DELETE SET NULL,
  patron_note       TEXT,
  -- The analysis exactly as a job would record it: the job is created from it without analysing again.
  outcome           TEXT CHECK (outcome IN ('passed', 'refused', 'needs_slicing')),
  analysis_json     TEXT,
  reason_code       TEXT,
  job_id            INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
  created_at_ms     INTEGER NOT NULL,
  updated_at_ms     INTEGER NOT NULL,
  expires_at_ms     INTEGER NOT NULL
);
CREATE INDEX quotes_owner ON quotes(owner_id);
CREATE INDEX quotes_expiry ON quotes(expires_at_ms);
CREATE INDEX quotes_state ON quotes(state);
