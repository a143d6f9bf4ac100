-- The last revision of each document: which sentences a new version of the
-- manuscript added or changed (by new ord) and what they said before, for the diff
-- view.
CREATE TABLE revisions (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    at          INTEGER NOT NULL,
    source_name TEXT    NOT NULL,
    changes     TEXT    NOT NULL CHECK (json_valid(changes))
) STRICT;

-- How a WAV export is laid out (each rendition's key and byte lengths), so that a
-- changed sentence can be patched into the file instead of writing it all again.
ALTER TABLE exports ADD COLUMN layout TEXT CHECK (layout IS NULL OR json_valid(layout));
