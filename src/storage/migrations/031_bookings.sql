-- Reservations of printers and spaces. Cancelled rows stay (cancelled_at_ms set) so nothing a city
-- system wrote is lost and the history can be audited.
CREATE TABLE bookings (
  id              INTEGER PRIMARY KEY,
  resource_id     TEXT    NOT NULL,
  starts_at_ms    INTEGER NOT NULL,
  ends_at_ms      INTEGER NOT NULL CHECK (ends_at_ms > starts_at_ms),
  title           TEXT    NOT NULL DEFAULT '',
  workshop_id     INTEGER REFERENCES workshops(id),
  -- NULL once the booker's account is deleted: the slot stays booked, nobody is named.
  booked_by       INTEGER REFERENCES users(id),
  -- The booking's id in the city's reservation system, when it came from there.
  external_ref    TEXT,
  created_at_ms   INTEGER NOT NULL,
  cancelled_at_ms INTEGER
);
CREATE INDEX bookings_resource_time ON bookings(resource_id, starts_at_ms);
