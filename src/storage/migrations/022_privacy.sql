-- Retention deletes a finished job's model and G-code but keeps the row for statistics.
ALTER TABLE jobs ADD COLUMN files_deleted_at_ms INTEGER;
-- A deleted patron's row stays (jobs and events point at it) with name, card and e-mail cleared.
ALTER TABLE users ADD COLUMN anonymised_at_ms INTEGER;
