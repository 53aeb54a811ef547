-- One row per completed training; a patron with any row counts as trained. `workshop_id` is set when
-- the record came from collecting a workshop print, `recorded_by` when a person entered it.
CREATE TABLE training_records (
  id              INTEGER PRIMARY KEY,
  user_id         INTEGER NOT NULL REFERENCES users(id),
  workshop_id     INTEGER REFERENCES workshops(id),
  recorded_by     INTEGER REFERENCES users(id),
  recorded_at_ms  INTEGER NOT NULL,
  note            TEXT
);
CREATE INDEX training_records_user ON training_records(user_id);
-- A workshop trains a patron once, however many of its prints they collect.
CREATE UNIQUE INDEX training_records_user_workshop ON training_records(user_id, workshop_id) WHERE workshop_id IS NOT NULL;
