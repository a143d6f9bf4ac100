-- A lexicon entry may give a word's pronunciation in IPA, beside a respelling and
-- eSpeak's phonemes: each engine gets the form it reads best (internal/narration).
-- An entry needs one of the three, so the table is made again with that check
-- (SQLite cannot change a table's CHECK), its rows, index and triggers as they were.
CREATE TABLE lexicon_new (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER REFERENCES documents (id) ON DELETE CASCADE,
    word        TEXT    NOT NULL CHECK (length(word) BETWEEN 1 AND 100),
    match_case  INTEGER NOT NULL DEFAULT 0 CHECK (match_case IN (0, 1)),
    whole_word  INTEGER NOT NULL DEFAULT 1 CHECK (whole_word IN (0, 1)),
    say         TEXT    NOT NULL DEFAULT '' CHECK (length(say) <= 400),
    phonemes    TEXT    NOT NULL DEFAULT '' CHECK (length(phonemes) <= 400),
    ipa         TEXT    NOT NULL DEFAULT '' CHECK (length(ipa) <= 400),
    updated_at  INTEGER NOT NULL,
    author      TEXT    NOT NULL DEFAULT '',
    CHECK (say <> '' OR phonemes <> '' OR ipa <> '')
) STRICT;

INSERT INTO lexicon_new (id, document_id, word, match_case, whole_word, say, phonemes, updated_at, author)
    SELECT id, document_id, word, match_case, whole_word, say, phonemes, updated_at, author FROM lexicon;
DROP TABLE lexicon;
ALTER TABLE lexicon_new RENAME TO lexicon;

CREATE UNIQUE INDEX lexicon_word ON lexicon (coalesce(document_id, 0), word);
CREATE TRIGGER lexicon_generation_insert AFTER INSERT ON lexicon WHEN NEW.document_id IS NULL
BEGIN UPDATE lexicon_generation SET n = n + 1; END;
CREATE TRIGGER lexicon_generation_update AFTER UPDATE ON lexicon WHEN NEW.document_id IS NULL OR OLD.document_id IS NULL
BEGIN UPDATE lexicon_generation SET n = n + 1; END;
CREATE TRIGGER lexicon_generation_delete AFTER DELETE ON lexicon WHEN OLD.document_id IS NULL
BEGIN UPDATE lexicon_generation SET n = n + 1; END;
