-- What the dashboard counts, over up to a year. Finished jobs are pruned after 30
-- days, so each conversion's outcome is written to conversion_log when it ends — by
-- a trigger, whichever path ends it (done, failed for good, cancelled, reaped) — and
-- the line outlives both the job and the document.
ALTER TABLE jobs ADD COLUMN cause TEXT NOT NULL DEFAULT '';   -- why the last attempt failed: a fault code, 'timeout', 'interrupted', 'crashed'
ALTER TABLE jobs ADD COLUMN started_at INTEGER;               -- when the last attempt was claimed
ALTER TABLE jobs ADD COLUMN progress_stage TEXT NOT NULL DEFAULT ''; -- '' (the main work: sentences) or 'encoding' (writing the files)

CREATE TABLE conversion_log (
    id               INTEGER PRIMARY KEY,
    -- A job is its id and when it was made: SQLite reuses the ids of deleted jobs,
    -- so the id alone would let a new job overwrite an old one's line. A retried
    -- job's later end replaces its own line. NULL: a conversion run from the
    -- command line (readback convert), which the queue never saw.
    job_id           INTEGER,
    job_created_at   INTEGER,
    document_id      INTEGER NOT NULL,     -- no reference: the line stays when the document goes
    title            TEXT    NOT NULL,
    engine           TEXT    NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('done', 'failed', 'cancelled')),
    cause            TEXT    NOT NULL,
    error            TEXT    NOT NULL,
    audio_ms         INTEGER NOT NULL CHECK (audio_ms >= 0),
    synthesized      INTEGER NOT NULL CHECK (synthesized >= 0), -- sentences spoken by the engine (not reused)
    started_at       INTEGER NOT NULL,
    finished_at      INTEGER NOT NULL,
    UNIQUE (job_id, job_created_at)
) STRICT;
-- The dashboard reads by window: totals and days from this index alone (covering),
-- a page of one state's conversions from the second.
CREATE INDEX conversion_log_finished ON conversion_log (finished_at, state, audio_ms);
CREATE INDEX conversion_log_state ON conversion_log (state, finished_at);

CREATE TRIGGER jobs_conversion_log AFTER UPDATE OF state ON jobs
WHEN NEW.kind = 'convert' AND NEW.state IN ('done', 'failed', 'cancelled') AND OLD.state <> NEW.state
BEGIN
    INSERT OR REPLACE INTO conversion_log (job_id, job_created_at, document_id, title, engine, state, cause, error, audio_ms,
        synthesized, started_at, finished_at)
    VALUES (NEW.id, NEW.created_at, coalesce(NEW.document_id, 0),
        coalesce((SELECT title FROM documents WHERE id = NEW.document_id), ''),
        CASE WHEN json_extract(NEW.payload, '$.remote') THEN 'polly'
             ELSE coalesce(nullif(json_extract(NEW.payload, '$.voice.engine'), ''), 'espeak') END,
        NEW.state,
        CASE NEW.state WHEN 'failed' THEN NEW.cause WHEN 'cancelled' THEN 'cancelled' ELSE '' END,
        CASE NEW.state WHEN 'failed' THEN NEW.last_error ELSE '' END,
        max(0, CAST(round(coalesce(json_extract(NEW.result, '$.audio_seconds'), 0) * 1000) AS INTEGER)),
        max(0, coalesce(json_extract(NEW.result, '$.synthesized'), 0)),
        coalesce(NEW.started_at, NEW.created_at),
        coalesce(NEW.finished_at, NEW.updated_at));
END;

-- What was sent to a cloud engine, one line per task it accepted: what it bills.
-- Written when the task is started, whatever becomes of the conversion after (a
-- failure, a retry, a resumed run, which starts only the tasks not started yet).
CREATE TABLE cloud_usage (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    service     TEXT    NOT NULL,    -- 'polly'
    engine      TEXT    NOT NULL,    -- the service's engine: standard, neural, long-form, generative
    characters  INTEGER NOT NULL CHECK (characters >= 0),
    document_id INTEGER NOT NULL     -- no reference: the cost stays when the document goes
) STRICT;
CREATE INDEX cloud_usage_at ON cloud_usage (at);

-- Time spent listening, per document and day (days since the Unix epoch, local time).
CREATE TABLE listening_log (
    day         INTEGER NOT NULL,
    document_id INTEGER NOT NULL,  -- no reference: the time listened stays when the document goes
    ms          INTEGER NOT NULL CHECK (ms >= 0),
    PRIMARY KEY (day, document_id)
) STRICT, WITHOUT ROWID;

-- The conversions that ended before this migration and are not pruned yet.
INSERT INTO conversion_log (job_id, job_created_at, document_id, title, engine, state, cause, error, audio_ms,
    synthesized, started_at, finished_at)
SELECT id, created_at, coalesce(document_id, 0),
    coalesce((SELECT title FROM documents WHERE documents.id = jobs.document_id), ''),
    CASE WHEN json_extract(payload, '$.remote') THEN 'polly'
         ELSE coalesce(nullif(json_extract(payload, '$.voice.engine'), ''), 'espeak') END,
    state,
    CASE state WHEN 'failed' THEN 'internal' WHEN 'cancelled' THEN 'cancelled' ELSE '' END,
    CASE state WHEN 'failed' THEN last_error ELSE '' END,
    max(0, CAST(round(coalesce(json_extract(result, '$.audio_seconds'), 0) * 1000) AS INTEGER)),
    max(0, coalesce(json_extract(result, '$.synthesized'), 0)),
    created_at, coalesce(finished_at, updated_at)
FROM jobs WHERE kind = 'convert' AND state IN ('done', 'failed', 'cancelled');

-- Marks the writer puts on words of a sentence (a pause after a word, a word
-- emphasised), as JSON: [{"start":…,"end":…,"kind":"pause"|"emphasis","ms":…}],
-- byte offsets into the sentence's spoken text.
ALTER TABLE segments ADD COLUMN marks TEXT CHECK (marks IS NULL OR json_valid(marks));
