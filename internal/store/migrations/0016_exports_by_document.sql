-- A document's listening time, once an audiobook of it is made, is that audiobook's
-- length: the library looks up each listed document's last export.
CREATE INDEX IF NOT EXISTS exports_by_document ON exports (document_id, created_at);
