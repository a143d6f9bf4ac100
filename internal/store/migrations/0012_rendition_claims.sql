-- A sentence being synthesised is claimed, so that two conversions of one document
-- at once (two processes, or the window and the command line) make it once: the
-- other waits for its rendition. A claim lasts until its lease runs out, renewed
-- while its owner works; a killed owner's claims lapse and are taken over.
CREATE TABLE rendition_claims (
    key   TEXT    PRIMARY KEY,
    owner TEXT    NOT NULL,
    until INTEGER NOT NULL  -- Unix ms
) STRICT, WITHOUT ROWID;
CREATE INDEX rendition_claims_owner ON rendition_claims (owner);
