-- The team's shared library in an S3 bucket (internal/library). Nothing here holds
-- a credential: those come from the AWS chain or a named profile.

-- Rendition packs in the bucket whose index has been read, and the renditions they
-- hold. The bucket is not trusted: each rendition's bytes are checked against its
-- SHA-256 when fetched. A rendition published from here is listed too, so that it
-- is not published again.
CREATE TABLE shared_packs (
    name    TEXT    PRIMARY KEY CHECK (length(name) = 64),
    size    INTEGER NOT NULL CHECK (size >= 0),
    entries INTEGER NOT NULL CHECK (entries >= 0),
    read_at INTEGER NOT NULL
) STRICT;

CREATE TABLE shared_renditions (
    key         TEXT    PRIMARY KEY CHECK (length(key) = 64),
    pack        TEXT    NOT NULL REFERENCES shared_packs (name) ON DELETE CASCADE,
    pack_offset INTEGER NOT NULL CHECK (pack_offset >= 0),
    sha256      TEXT    NOT NULL CHECK (length(sha256) = 64),
    engine      TEXT    NOT NULL,
    voice       TEXT    NOT NULL,
    sample_rate INTEGER NOT NULL CHECK (sample_rate BETWEEN 8000 AND 192000),
    samples     INTEGER NOT NULL CHECK (samples >= 0),
    marks       TEXT    NOT NULL CHECK (json_valid(marks))
) STRICT;

CREATE INDEX shared_renditions_pack ON shared_renditions (pack, pack_offset);

-- The global lexicon's sync. Each entry says who last changed it ('' is this
-- library, named at the next sync); a removed word leaves a tombstone so that the
-- removal travels; lexicon_synced is the version of each word both sides agreed on
-- at the last sync (what tells a concurrent edit from an old one); and an edit
-- that lost to a later one on another laptop is kept in lexicon_conflicts.
ALTER TABLE lexicon ADD COLUMN author TEXT NOT NULL DEFAULT '';

CREATE TABLE lexicon_deleted (
    word       TEXT    PRIMARY KEY,
    deleted_at INTEGER NOT NULL,
    author     TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE lexicon_synced (
    word       TEXT    PRIMARY KEY,
    updated_at INTEGER NOT NULL,
    author     TEXT    NOT NULL,
    deleted    INTEGER NOT NULL CHECK (deleted IN (0, 1))
) STRICT;

CREATE TABLE lexicon_conflicts (
    id   INTEGER PRIMARY KEY,
    word TEXT    NOT NULL,
    kept TEXT    NOT NULL CHECK (json_valid(kept)),
    lost TEXT    NOT NULL CHECK (json_valid(lost)),
    at   INTEGER NOT NULL
) STRICT;

-- Voice packs this library installed from the bucket or published to it.
CREATE TABLE voice_packs (
    id           TEXT    PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 128),
    version      INTEGER NOT NULL CHECK (version > 0),
    manifest     TEXT    NOT NULL CHECK (json_valid(manifest)),
    origin       TEXT    NOT NULL CHECK (origin IN ('published', 'installed')),
    installed_at INTEGER NOT NULL
) STRICT;

-- Narrations published to the bucket from here.
CREATE TABLE published_narrations (
    id           TEXT    PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 128),
    document_id  INTEGER REFERENCES documents (id) ON DELETE SET NULL,
    manifest     TEXT    NOT NULL CHECK (json_valid(manifest)),
    published_at INTEGER NOT NULL
) STRICT;
