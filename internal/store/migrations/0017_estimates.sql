-- A document's listening time before any audiobook of it is made: what the player
-- estimates from its sentences (the ones synthesised measured, the others at their
-- voices' rates, with the pauses), kept each time it is worked out, so that the
-- library shows the number the document shows. changes is the document's
-- book_changes count the estimate was worked out at: another count means the book
-- changed since (a new version, an edit, the lexicon), and it is worked out again.
CREATE TABLE IF NOT EXISTS estimates (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    ms          INTEGER NOT NULL CHECK (ms >= 0),
    estimated   INTEGER NOT NULL CHECK (estimated IN (0, 1)),
    changes     INTEGER NOT NULL
) STRICT;
