-- A conversion is filed under the engine that read most of its book (the result's
-- engine), not the voice it was asked for: a book whose chapters a Piper voice
-- reads, converted with the document's default, was counted as eSpeak's. A job
-- that failed before it had a result keeps the old rule.
DROP TRIGGER jobs_conversion_log;
CREATE TRIGGER jobs_conversion_log AFTER UPDATE OF state ON jobs
WHEN NEW.kind = 'convert' AND NEW.state IN ('done', 'failed', 'cancelled') AND OLD.state <> NEW.state
BEGIN
    INSERT OR REPLACE INTO conversion_log (job_id, job_created_at, document_id, title, engine, state, cause, error, audio_ms,
        synthesized, started_at, finished_at)
    VALUES (NEW.id, NEW.created_at, coalesce(NEW.document_id, 0),
        coalesce((SELECT title FROM documents WHERE id = NEW.document_id), ''),
        CASE WHEN json_extract(NEW.payload, '$.remote') THEN 'polly'
             ELSE coalesce(nullif(json_extract(NEW.result, '$.engine'), ''),
                           nullif(json_extract(NEW.payload, '$.voice.engine'), ''), 'espeak') END,
        NEW.state,
        CASE NEW.state WHEN 'failed' THEN NEW.cause WHEN 'cancelled' THEN 'cancelled' ELSE '' END,
        CASE NEW.state WHEN 'failed' THEN NEW.last_error ELSE '' END,
        max(0, CAST(round(coalesce(json_extract(NEW.result, '$.audio_seconds'), 0) * 1000) AS INTEGER)),
        max(0, coalesce(json_extract(NEW.result, '$.synthesized'), 0)),
        coalesce(NEW.started_at, NEW.created_at),
        coalesce(NEW.finished_at, NEW.updated_at));
END;
