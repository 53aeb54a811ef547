-- A slicer's "Upload" (OctoPrint's print=false) asks for the file to be stored, not printed: such a job
-- waits in awaiting_approval whoever sent it, instead of being approved after analysis for an instructor
-- or staff, or a trained patron in self-service hours.
ALTER TABLE jobs ADD COLUMN hold_for_approval INTEGER NOT NULL DEFAULT 0 CHECK (hold_for_approval IN (0, 1));
