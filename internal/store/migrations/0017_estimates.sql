-- A document's listening time before any audiobook of it is made: what the player
-- estimates from its sentences (the ones synthesised measured, the others at their
-- voices' rates, with the pauses), kept each time it is worked out, so that the
-- library shows the number the document shows.
CREATE TABLE IF NOT EXISTS estimates (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    ms          INTEGER NOT NULL CHECK (ms >= 0)
) STRICT;
