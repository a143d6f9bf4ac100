-- The narration editor: what the writer changes about how a document is read, never
-- the source text itself. NULL (or 0, '') everywhere means "as the document says".

-- Per segment: voice as ENGINE:VOICE, a rate, the silence after it, whether it is
-- skipped, and a chapter that starts at it (its title).
ALTER TABLE segments ADD COLUMN voice TEXT;
ALTER TABLE segments ADD COLUMN rate REAL CHECK (rate IS NULL OR rate BETWEEN 0.5 AND 3);
ALTER TABLE segments ADD COLUMN pause_after INTEGER CHECK (pause_after IS NULL OR pause_after BETWEEN 0 AND 60000);
ALTER TABLE segments ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1));
ALTER TABLE segments ADD COLUMN chapter_break TEXT;
-- The key of the rendition last made for the segment: when the current key differs,
-- the audio the writer heard is stale.
ALTER TABLE segments ADD COLUMN rendered_key TEXT;

ALTER TABLE sections ADD COLUMN voice TEXT;

-- The document's own voice and rate (NULL: the app's default).
ALTER TABLE documents ADD COLUMN voice TEXT;
ALTER TABLE documents ADD COLUMN rate REAL CHECK (rate IS NULL OR rate BETWEEN 0.5 AND 3);

-- Speakers: a paragraph starting with "NAME:" is read with NAME's voice.
CREATE TABLE speakers (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    voice       TEXT    NOT NULL CHECK (length(voice) BETWEEN 1 AND 200),
    PRIMARY KEY (document_id, name)
) STRICT, WITHOUT ROWID;

-- Undo and redo: each row is one action of the writer, as the states before and
-- after of everything it changed. Undone rows are the redo stack; a new action
-- drops them.
CREATE TABLE edit_history (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    label       TEXT    NOT NULL,
    changes     TEXT    NOT NULL CHECK (json_valid(changes)),
    undone      INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
    at          INTEGER NOT NULL
) STRICT;

CREATE INDEX edit_history_document ON edit_history (document_id, id);

-- Pronunciation lexicons: global (document_id NULL) or one document's.
CREATE TABLE lexicon (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER REFERENCES documents (id) ON DELETE CASCADE,
    word        TEXT    NOT NULL CHECK (length(word) BETWEEN 1 AND 100),
    match_case  INTEGER NOT NULL DEFAULT 0 CHECK (match_case IN (0, 1)),
    whole_word  INTEGER NOT NULL DEFAULT 1 CHECK (whole_word IN (0, 1)),
    say         TEXT    NOT NULL DEFAULT '' CHECK (length(say) <= 400),
    phonemes    TEXT    NOT NULL DEFAULT '' CHECK (length(phonemes) <= 400),
    updated_at  INTEGER NOT NULL,
    CHECK (say <> '' OR phonemes <> '')
) STRICT;

CREATE UNIQUE INDEX lexicon_word ON lexicon (coalesce(document_id, 0), word);

-- Where the writer stopped listening, per document.
CREATE TABLE listening (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    ord         INTEGER NOT NULL CHECK (ord >= 0),
    offset_ms   INTEGER NOT NULL DEFAULT 0 CHECK (offset_ms >= 0),
    at          INTEGER NOT NULL
) STRICT;
