-- What the dashboard counts, over up to a year. Finished jobs are pruned after 30
-- days, so each conversion's outcome is written to conversion_log when it ends — by
-- a trigger, whichever path ends it (done, failed for good, cancelled, reaped) — and
-- the line outlives both the job and the document.
ALTER TABLE jobs ADD COLUMN cause TEXT NOT NULL DEFAULT '';   -- why the last attempt failed: a fault code, 'timeout', 'interrupted', 'crashed'
ALTER TABLE jobs ADD COLUMN started_at INTEGER;               -- when the last attempt was claimed

CREATE TABLE conversion_log (
    job_id           INTEGER PRIMARY KEY,  -- a retried job's later end replaces its line
    document_id      INTEGER NOT NULL,     -- no reference: the line stays when the document goes
    title            TEXT    NOT NULL,
    engine           TEXT    NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('done', 'failed', 'cancelled')),
    cause            TEXT    NOT NULL,
    error            TEXT    NOT NULL,
    audio_ms         INTEGER NOT NULL CHECK (audio_ms >= 0),
    synthesized      INTEGER NOT NULL CHECK (synthesized >= 0), -- sentences spoken by the engine (not reused)
    cloud_engine     TEXT    NOT NULL,     -- Polly's engine (standard, neural, …) for cloud conversions
    cloud_characters INTEGER NOT NULL CHECK (cloud_characters >= 0),
    started_at       INTEGER NOT NULL,
    finished_at      INTEGER NOT NULL
) STRICT;
-- The dashboard reads by window: totals and days from this index alone (covering),
-- a page of one state's conversions from the second.
CREATE INDEX conversion_log_finished ON conversion_log (finished_at, state, audio_ms);
CREATE INDEX conversion_log_state ON conversion_log (state, finished_at);

CREATE TRIGGER jobs_conversion_log AFTER UPDATE OF state ON jobs
WHEN NEW.kind = 'convert' AND NEW.state IN ('done', 'failed', 'cancelled') AND OLD.state <> NEW.state
BEGIN
    INSERT OR REPLACE INTO conversion_log (job_id, document_id, title, engine, state, cause, error, audio_ms,
        synthesized, cloud_engine, cloud_characters, started_at, finished_at)
    VALUES (NEW.id, coalesce(NEW.document_id, 0),
        coalesce((SELECT title FROM documents WHERE id = NEW.document_id), ''),
        CASE WHEN json_extract(NEW.payload, '$.remote') THEN 'polly'
             ELSE coalesce(nullif(json_extract(NEW.payload, '$.voice.engine'), ''), 'espeak') END,
        NEW.state,
        CASE NEW.state WHEN 'failed' THEN NEW.cause WHEN 'cancelled' THEN 'cancelled' ELSE '' END,
        CASE NEW.state WHEN 'failed' THEN NEW.last_error ELSE '' END,
        max(0, CAST(round(coalesce(json_extract(NEW.result, '$.audio_seconds'), 0) * 1000) AS INTEGER)),
        max(0, coalesce(json_extract(NEW.result, '$.synthesized'), 0)),
        coalesce(json_extract(NEW.result, '$.cloud_engine'), ''),
        max(0, coalesce(json_extract(NEW.result, '$.cloud_characters'), 0)),
        coalesce(NEW.started_at, NEW.created_at),
        coalesce(NEW.finished_at, NEW.updated_at));
END;

-- Time spent listening, per document and day (days since the Unix epoch, local time).
CREATE TABLE listening_log (
    day         INTEGER NOT NULL,
    document_id INTEGER NOT NULL,  -- no reference: the time listened stays when the document goes
    ms          INTEGER NOT NULL CHECK (ms >= 0),
    PRIMARY KEY (day, document_id)
) STRICT, WITHOUT ROWID;
