-- Times are epoch milliseconds (INTEGER); JSON columns hold documents the queue does not query into.

CREATE TABLE users (
  id              INTEGER PRIMARY KEY,
  role            TEXT    NOT NULL CHECK (role IN ('patron', 'instructor', 'staff')),
  -- The login name: a library card number or e-mail for patrons, a chosen name for others.
  username        TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  display_name    TEXT    NOT NULL,
  email           TEXT,
  card_number     TEXT    UNIQUE,
  secret_hash     TEXT    NOT NULL,
  disabled        INTEGER NOT NULL DEFAULT 0,
  created_at_ms   INTEGER NOT NULL
);

CREATE TABLE sessions (
  token_hash      TEXT    PRIMARY KEY,
  user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token      TEXT    NOT NULL,
  created_at_ms   INTEGER NOT NULL,
  expires_at_ms   INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_keys (
  id              INTEGER PRIMARY KEY,
  user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  key_hash        TEXT    NOT NULL UNIQUE,
  prefix          TEXT    NOT NULL,
  label           TEXT    NOT NULL DEFAULT '',
  created_at_ms   INTEGER NOT NULL,
  last_used_at_ms INTEGER,
  revoked_at_ms   INTEGER
);

-- One row per throttled key ("user:<name>", "ip:<addr>"), so unknown usernames are throttled too.
CREATE TABLE login_throttle (
  throttle_key    TEXT    PRIMARY KEY,
  failures        INTEGER NOT NULL,
  window_start_ms INTEGER NOT NULL,
  locked_until_ms INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE settings (
  key             TEXT    PRIMARY KEY,
  value_json      TEXT    NOT NULL
);

CREATE TABLE workshops (
  id              INTEGER PRIMARY KEY,
  title           TEXT    NOT NULL,
  instructor_id   INTEGER NOT NULL REFERENCES users(id),
  starts_at_ms    INTEGER NOT NULL,
  ends_at_ms      INTEGER NOT NULL CHECK (ends_at_ms > starts_at_ms),
  join_code       TEXT    NOT NULL UNIQUE,
  created_at_ms   INTEGER NOT NULL
);

CREATE TABLE workshop_printers (
  workshop_id     INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
  printer_id      TEXT    NOT NULL,
  PRIMARY KEY (workshop_id, printer_id)
);

CREATE TABLE jobs (
  id                INTEGER PRIMARY KEY,
  owner_id          INTEGER NOT NULL REFERENCES users(id),
  workshop_id       INTEGER REFERENCES workshops(id),
  state             TEXT    NOT NULL,
  -- Shown to people only; the stored file is addressed by its sha256.
  original_filename TEXT    NOT NULL,
  file_sha256       TEXT    NOT NULL,
  file_size_bytes   INTEGER NOT NULL,
  file_kind         TEXT    NOT NULL CHECK (file_kind IN ('gcode', 'stl', '3mf', 'obj')),
  -- The G-code that will be streamed: the upload itself for G-code, the slicer's output otherwise.
  gcode_sha256      TEXT,
  printer_id        TEXT,
  material          TEXT,
  colour            TEXT,
  preset            TEXT,
  analysis_json     TEXT,
  priority          INTEGER NOT NULL DEFAULT 0,
  position          INTEGER NOT NULL,
  progress_json     TEXT,
  submitted_at_ms   INTEGER NOT NULL,
  updated_at_ms     INTEGER NOT NULL,
  -- Bumped on every write so a read-modify-write can detect that someone else wrote first.
  version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX jobs_state ON jobs(state);
CREATE INDEX jobs_owner ON jobs(owner_id);
CREATE INDEX jobs_workshop ON jobs(workshop_id);

CREATE TABLE job_events (
  id              INTEGER PRIMARY KEY,
  job_id          INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  at_ms           INTEGER NOT NULL,
  -- NULL means the system itself (analysis, dispatcher, start-up recovery).
  actor_id        INTEGER REFERENCES users(id),
  event           TEXT    NOT NULL,
  from_state      TEXT,
  to_state        TEXT    NOT NULL,
  reason_code     TEXT,
  note            TEXT
);
CREATE INDEX job_events_job ON job_events(job_id);
CREATE INDEX job_events_at ON job_events(at_ms);

CREATE TABLE printer_beds (
  printer_id      TEXT    PRIMARY KEY,
  bed_state       TEXT    NOT NULL CHECK (bed_state IN ('cleared', 'occupied', 'unknown')),
  changed_at_ms   INTEGER NOT NULL,
  changed_by      INTEGER REFERENCES users(id)
);
