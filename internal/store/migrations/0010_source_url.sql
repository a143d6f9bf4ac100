-- A document imported from a web address keeps the address and when it was fetched,
-- so that "Fetch again" can read the page as a new version.
ALTER TABLE documents ADD COLUMN source_url TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN fetched_at INTEGER NOT NULL DEFAULT 0; -- Unix ms; 0 for files
