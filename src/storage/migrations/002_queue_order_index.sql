-- Queue listings read the first page in dispatch order; with this index SQLite walks it and stops at
-- LIMIT instead of sorting every job the library ever printed.
CREATE INDEX jobs_queue_order ON jobs(priority DESC, position ASC, id ASC);
-- A patron's own list, in the same order.
CREATE INDEX jobs_owner_queue_order ON jobs(owner_id, priority DESC, position ASC, id ASC);
