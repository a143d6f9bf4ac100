-- A passage in another language than its document's (a French quotation in an
-- English novel) keeps its language: it is read by that language's voice and
-- rules. '' is the document's own.
ALTER TABLE segments ADD COLUMN lang TEXT NOT NULL DEFAULT '' CHECK (length(lang) <= 35);
