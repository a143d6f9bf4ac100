-- Renditions: a segment's audio under one voice and settings, content-addressed. The
-- key hashes everything that changes the sound, so the same sentence is never
-- synthesised twice, across edits, re-imports and documents. The audio is 16-bit mono
-- PCM at pack_offset in the pack file named pack (renditions/packs/).
CREATE TABLE renditions (
    key         TEXT    PRIMARY KEY CHECK (length(key) = 64),
    engine      TEXT    NOT NULL,
    voice       TEXT    NOT NULL,
    pack        TEXT    NOT NULL,
    pack_offset INTEGER NOT NULL CHECK (pack_offset >= 0),
    sample_rate INTEGER NOT NULL CHECK (sample_rate > 0),
    samples     INTEGER NOT NULL CHECK (samples >= 0),
    marks       TEXT    NOT NULL CHECK (json_valid(marks)),
    created_at  INTEGER NOT NULL
) STRICT;

-- Exports: what was last written to each output file, so that converting an unchanged
-- document again does not rewrite hours of audio. A file that was touched since (size
-- or modification time differ) is written again.
CREATE TABLE exports (
    path        TEXT    PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    plan        TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    mtime_ns    INTEGER NOT NULL,
    audio_ms    INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;
