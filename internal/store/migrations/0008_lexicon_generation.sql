-- A counter that every change to the global lexicon bumps (its entries and its
-- tombstones): a sync applies its merge only if the counter is still the one it
-- read, so that an edit made during the sync, even in the same millisecond, is
-- never overwritten.
CREATE TABLE lexicon_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
) STRICT;
INSERT INTO lexicon_generation (id, n) VALUES (1, 0);

CREATE TRIGGER lexicon_generation_insert AFTER INSERT ON lexicon WHEN NEW.document_id IS NULL
BEGIN UPDATE lexicon_generation SET n = n + 1; END;
CREATE TRIGGER lexicon_generation_update AFTER UPDATE ON lexicon WHEN NEW.document_id IS NULL OR OLD.document_id IS NULL
BEGIN UPDATE lexicon_generation SET n = n + 1; END;
CREATE TRIGGER lexicon_generation_delete AFTER DELETE ON lexicon WHEN OLD.document_id IS NULL
BEGIN UPDATE lexicon_generation SET n = n + 1; END;
CREATE TRIGGER lexicon_deleted_generation_insert AFTER INSERT ON lexicon_deleted
BEGIN UPDATE lexicon_generation SET n = n + 1; END;
CREATE TRIGGER lexicon_deleted_generation_update AFTER UPDATE ON lexicon_deleted
BEGIN UPDATE lexicon_generation SET n = n + 1; END;
CREATE TRIGGER lexicon_deleted_generation_delete AFTER DELETE ON lexicon_deleted
BEGIN UPDATE lexicon_generation SET n = n + 1; END;
