-- Documents and their narration script: sections (chapters) of segments (sentences).
-- A segment's offsets point into the document's text, which is not stored: it is the
-- segments of each block joined by a space, and the blocks joined by a blank line.
CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    title         TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 1000),
    author        TEXT    NOT NULL DEFAULT '',
    language      TEXT    NOT NULL DEFAULT '',
    format        TEXT    NOT NULL CHECK (format IN ('markdown', 'text', 'html', 'docx', 'epub', 'pdf')),
    source_name   TEXT    NOT NULL,
    source_sha256 TEXT    NOT NULL UNIQUE CHECK (length(source_sha256) = 64),
    source_size   INTEGER NOT NULL CHECK (source_size >= 0),
    words         INTEGER NOT NULL CHECK (words >= 0),
    settings      TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;

CREATE INDEX documents_created ON documents (created_at DESC, id DESC);

CREATE TABLE sections (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ord         INTEGER NOT NULL CHECK (ord >= 0),
    title       TEXT    NOT NULL,
    level       INTEGER NOT NULL CHECK (level BETWEEN 0 AND 6),
    UNIQUE (document_id, ord)
) STRICT;

CREATE TABLE segment_kinds (kind TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
INSERT INTO segment_kinds (kind) VALUES
    ('heading'), ('paragraph'), ('list_item'), ('quote'), ('table_cell'), ('caption'), ('code'), ('footnote');

CREATE TABLE segments (
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ord          INTEGER NOT NULL CHECK (ord >= 0),
    section_id   INTEGER NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
    -- A key into segment_kinds rather than a CHECK … IN list: the same guarantee,
    -- and an index probe costs SQLite less than eight string comparisons per row.
    kind         TEXT    NOT NULL REFERENCES segment_kinds (kind),
    level        INTEGER NOT NULL DEFAULT 0,
    block        INTEGER NOT NULL CHECK (block >= 0),
    source_text  TEXT    NOT NULL,
    spoken_text  TEXT,             -- NULL until the writer edits it: then the source is spoken
    start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
    end_offset   INTEGER NOT NULL CHECK (end_offset >= start_offset),
    content_hash TEXT    NOT NULL,
    -- A segment is its place in its document: one B-tree, clustered in reading order.
    PRIMARY KEY (document_id, ord)
) STRICT, WITHOUT ROWID;

-- Segments are read by (document_id, ord), which the UNIQUE constraint indexes; a
-- section is a range of ords, so no index on section_id is needed.

-- Settings the user can see and change (import limits among them), as JSON values.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL CHECK (json_valid(value))
) STRICT;

-- What was done that cannot be undone: deletes, renames, credential changes, publishes.
CREATE TABLE audit_events (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    action  TEXT    NOT NULL,
    subject TEXT    NOT NULL,
    detail  TEXT    NOT NULL DEFAULT ''
) STRICT;
