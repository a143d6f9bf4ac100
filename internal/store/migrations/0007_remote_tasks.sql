-- Conversions handed to Amazon Polly's asynchronous tasks: one task per part of a
-- chapter, recorded as soon as Polly accepts it, so that a conversion resumed after
-- a crash or a restart polls the tasks it started instead of paying for them twice.
-- job_key names the conversion by its content (document, voice, text).
CREATE TABLE remote_tasks (
    job_key    TEXT    NOT NULL,
    part       INTEGER NOT NULL CHECK (part >= 0),
    task_id    TEXT    NOT NULL CHECK (length(task_id) BETWEEN 1 AND 200),
    status     TEXT    NOT NULL CHECK (status IN ('scheduled', 'inProgress', 'completed', 'failed')),
    reason     TEXT    NOT NULL DEFAULT '',
    characters INTEGER NOT NULL CHECK (characters >= 0),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (job_key, part)
) STRICT, WITHOUT ROWID;
