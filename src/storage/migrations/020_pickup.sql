-- Where staff put a finished print (shelf or box label); shown to the patron. Reminders and the
-- unclaimed deadline are job_events rows, so they survive restarts without a column of their own.
ALTER TABLE jobs ADD COLUMN pickup_location TEXT;
