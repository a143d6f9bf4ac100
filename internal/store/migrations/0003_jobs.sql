-- The persistent queue. A job is claimed with a lease; a worker renews the lease
-- while it runs; a reaper hands back jobs whose lease ran out (the process died).
-- Failures retry with backoff until max_attempts, then stay visible as failed.
CREATE TABLE jobs (
    id             INTEGER PRIMARY KEY,
    kind           TEXT    NOT NULL CHECK (kind IN ('convert')),
    document_id    INTEGER REFERENCES documents (id) ON DELETE CASCADE,
    payload        TEXT    NOT NULL CHECK (json_valid(payload)),
    state          TEXT    NOT NULL DEFAULT 'available'
                           CHECK (state IN ('available', 'running', 'done', 'failed', 'cancelled')),
    priority       INTEGER NOT NULL DEFAULT 10, -- listening 30 > preview 20 > bulk 10
    attempt        INTEGER NOT NULL DEFAULT 0 CHECK (attempt >= 0),
    max_attempts   INTEGER NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
    run_at         INTEGER NOT NULL,
    lease_until    INTEGER,
    last_error     TEXT    NOT NULL DEFAULT '',
    progress_done  INTEGER NOT NULL DEFAULT 0,
    progress_total INTEGER NOT NULL DEFAULT 0,
    result         TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(result)),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    finished_at    INTEGER,
    CHECK ((state = 'running') = (lease_until IS NOT NULL))
) STRICT;

CREATE INDEX jobs_claim ON jobs (state, priority DESC, run_at, id);
CREATE INDEX jobs_document ON jobs (document_id, id);

CREATE TABLE queue_state (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1))
) STRICT;
INSERT INTO queue_state (id, paused) VALUES (1, 0);
