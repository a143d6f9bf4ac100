-- What a document's book is built from (its row, sections, segments, speakers,
-- its lexicon and the global one) is counted per document: a book kept in memory
-- is reused while its document's count and the global lexicon's (document 0) are
-- what they were. SQLite's data_version counted every commit, so the claims and
-- renditions of a re-rendering made the book be built again for nothing.
-- Rows are never deleted: a document made later with a deleted one's id counts on.
CREATE TABLE book_changes (
    document_id INTEGER PRIMARY KEY,
    n           INTEGER NOT NULL
) STRICT;

CREATE TRIGGER book_changes_documents_insert AFTER INSERT ON documents
BEGIN INSERT INTO book_changes (document_id, n) VALUES (NEW.id, 1) ON CONFLICT (document_id) DO UPDATE SET n = n + 1; END;

CREATE TRIGGER book_changes_documents_update AFTER UPDATE ON documents
BEGIN INSERT INTO book_changes (document_id, n) VALUES (NEW.id, 1) ON CONFLICT (document_id) DO UPDATE SET n = n + 1; END;

CREATE TRIGGER book_changes_documents_delete AFTER DELETE ON documents
BEGIN INSERT INTO book_changes (document_id, n) VALUES (OLD.id, 1) ON CONFLICT (document_id) DO UPDATE SET n = n + 1; END;

CREATE TRIGGER book_changes_speakers_insert AFTER INSERT ON speakers
BEGIN INSERT INTO book_changes (document_id, n) VALUES (NEW.document_id, 1) ON CONFLICT (document_id) DO UPDATE SET n = n + 1; END;

CREATE TRIGGER book_changes_speakers_update AFTER UPDATE ON speakers
BEGIN INSERT INTO book_changes (document_id, n) VALUES (NEW.document_id, 1) ON CONFLICT (document_id) DO UPDATE SET n = n + 1; END;

CREATE TRIGGER book_changes_speakers_delete AFTER DELETE ON speakers
BEGIN INSERT INTO book_changes (document_id, n) VALUES (OLD.document_id, 1) ON CONFLICT (document_id) DO UPDATE SET n = n + 1; END;

CREATE TRIGGER book_changes_lexicon_insert AFTER INSERT ON lexicon
BEGIN INSERT INTO book_changes (document_id, n) VALUES (coalesce(NEW.document_id, 0), 1) ON CONFLICT (document_id) DO UPDATE SET n = n + 1; END;

CREATE TRIGGER book_changes_lexicon_update AFTER UPDATE ON lexicon
BEGIN INSERT INTO book_changes (document_id, n) VALUES (coalesce(NEW.document_id, 0), 1) ON CONFLICT (document_id) DO UPDATE SET n = n + 1; END;

CREATE TRIGGER book_changes_lexicon_delete AFTER DELETE ON lexicon
BEGIN INSERT INTO book_changes (document_id, n) VALUES (coalesce(OLD.document_id, 0), 1) ON CONFLICT (document_id) DO UPDATE SET n = n + 1; END;

-- Sections and segments are inserted and deleted only with their document's row
-- (CreateDocument, ReviseDocument, a deletion's cascade), which counts for them: a
-- trigger per inserted segment made the manual's import a quarter slower.
CREATE TRIGGER book_changes_sections_update AFTER UPDATE ON sections
BEGIN INSERT INTO book_changes (document_id, n) VALUES (NEW.document_id, 1) ON CONFLICT (document_id) DO UPDATE SET n = n + 1; END;

CREATE TRIGGER book_changes_segments_update AFTER UPDATE ON segments
BEGIN INSERT INTO book_changes (document_id, n) VALUES (NEW.document_id, 1) ON CONFLICT (document_id) DO UPDATE SET n = n + 1; END;

-- An entry moved between documents (or to the global lexicon) changes both.
CREATE TRIGGER book_changes_lexicon_move AFTER UPDATE OF document_id ON lexicon
    WHEN coalesce(OLD.document_id, 0) <> coalesce(NEW.document_id, 0)
BEGIN INSERT INTO book_changes (document_id, n) VALUES (coalesce(OLD.document_id, 0), 1) ON CONFLICT (document_id) DO UPDATE SET n = n + 1; END;
