-- The language a patron's e-mails are written in; Finnish first, as the library is.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'fi' CHECK (language IN ('fi', 'sv', 'en'));
