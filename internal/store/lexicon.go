package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"readback/internal/fault"
	"readback/internal/lexicon"
)

// LexiconEntry is a pronunciation lexicon's entry as the library keeps it: the one
// entry type, shared with the narrator, lexicon files and the window.
type LexiconEntry = lexicon.Entry

func docArg(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// PutLexiconEntries adds entries, replacing those for the same word in the same
// scope, in one transaction: all land or none.
func (s *Store) PutLexiconEntries(ctx context.Context, entries []LexiconEntry) error {
	for i := range entries {
		if err := entries[i].Validate(); err != nil {
			return err
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		now := s.Now().UnixMilli()
		for i := range entries {
			e := &entries[i]
			if e.DocumentID != 0 {
				var n int
				if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE id = ?`, e.DocumentID).Scan(&n); err != nil {
					return err
				} else if n == 0 {
					return fault.New(fault.NotFound, "document %d does not exist", e.DocumentID)
				}
			}
			err := tx.QueryRowContext(ctx, `INSERT INTO lexicon (document_id, word, match_case, whole_word, say, phonemes, ipa, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (coalesce(document_id, 0), word) DO UPDATE SET match_case = excluded.match_case,
					whole_word = excluded.whole_word, say = excluded.say, phonemes = excluded.phonemes, ipa = excluded.ipa, updated_at = excluded.updated_at,
					author = ''
				RETURNING id`,
				docArg(e.DocumentID), e.Word, e.MatchCase, e.WholeWord, e.Say, e.Phonemes, e.IPA, now).Scan(&e.ID)
			if err != nil {
				return fmt.Errorf("store: lexicon entry %q: %w", e.Word, err)
			}
			if e.DocumentID == 0 {
				if _, err := tx.ExecContext(ctx, `DELETE FROM lexicon_deleted WHERE word = ?`, e.Word); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// DeleteLexiconEntry removes one entry. A global entry leaves a tombstone, so that
// the removal reaches the shared library at the next sync.
func (s *Store) DeleteLexiconEntry(ctx context.Context, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var word string
		var global bool
		err := tx.QueryRowContext(ctx, `DELETE FROM lexicon WHERE id = ? RETURNING word, document_id IS NULL`, id).Scan(&word, &global)
		if errors.Is(err, sql.ErrNoRows) {
			return fault.New(fault.NotFound, "lexicon entry %d does not exist", id)
		}
		if err != nil {
			return fmt.Errorf("store: delete lexicon entry %d: %w", id, err)
		}
		if global {
			_, err = tx.ExecContext(ctx, `INSERT INTO lexicon_deleted (word, deleted_at, author) VALUES (?, ?, '')
				ON CONFLICT (word) DO UPDATE SET deleted_at = excluded.deleted_at, author = ''`, word, s.Now().UnixMilli())
		}
		return err
	})
}

// LexiconEntries lists one scope's entries by word: the global lexicon for docID 0.
func (s *Store) LexiconEntries(ctx context.Context, docID int64) ([]LexiconEntry, error) {
	q := `SELECT id, coalesce(document_id, 0), word, match_case, whole_word, say, phonemes, ipa FROM lexicon WHERE document_id IS ? ORDER BY word COLLATE NOCASE, word`
	rows, err := s.db.QueryContext(ctx, q, docArg(docID))
	if err != nil {
		return nil, fmt.Errorf("store: lexicon: %w", err)
	}
	defer rows.Close()
	out := []LexiconEntry{}
	for rows.Next() {
		var e LexiconEntry
		if err := rows.Scan(&e.ID, &e.DocumentID, &e.Word, &e.MatchCase, &e.WholeWord, &e.Say, &e.Phonemes, &e.IPA); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// LexiconFor returns the entries that apply to a document: its own, then the global
// ones for words it does not define itself.
func (s *Store) LexiconFor(ctx context.Context, docID int64) ([]LexiconEntry, error) {
	own, err := s.LexiconEntries(ctx, docID)
	if err != nil || docID == 0 {
		return own, err
	}
	global, err := s.LexiconEntries(ctx, 0)
	if err != nil {
		return nil, err
	}
	// A document's entry for a word stands for it in any case.
	seen := map[string]bool{}
	for _, e := range own {
		seen[strings.ToLower(e.Word)] = true
	}
	for _, e := range global {
		if !seen[strings.ToLower(e.Word)] {
			own = append(own, e)
		}
	}
	return own, nil
}

// LexiconEntry returns one entry.
func (s *Store) LexiconEntry(ctx context.Context, id int64) (*LexiconEntry, error) {
	var e LexiconEntry
	err := s.db.QueryRowContext(ctx, `SELECT id, coalesce(document_id, 0), word, match_case, whole_word, say, phonemes, ipa FROM lexicon WHERE id = ?`, id).
		Scan(&e.ID, &e.DocumentID, &e.Word, &e.MatchCase, &e.WholeWord, &e.Say, &e.Phonemes, &e.IPA)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fault.New(fault.NotFound, "lexicon entry %d does not exist", id)
	}
	return &e, err
}

// EditLexicon changes a document's own lexicon as one undoable action: for each
// word, the entry it should have (nil: none). Entries are validated first.
func (s *Store) EditLexicon(ctx context.Context, docID int64, label string, entries map[string]*LexiconEntry) error {
	words := make([]string, 0, len(entries))
	for w, e := range entries {
		if e != nil {
			e.DocumentID, e.Word = docID, w
			if err := e.Validate(); err != nil {
				return err
			}
		}
		words = append(words, w)
	}
	sort.Strings(words)
	return s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE id = ?`, docID).Scan(&n); err != nil {
			return err
		} else if n == 0 {
			return fault.New(fault.NotFound, "document %d does not exist", docID)
		}
		now := s.Now().UnixMilli()
		var changes []Change
		for _, w := range words {
			before, err := entryOf(ctx, tx, docID, w)
			if err != nil {
				return err
			}
			after := entries[w]
			if sameEntry(before, after) {
				continue
			}
			if err := writeEntry(ctx, tx, docID, w, after, now); err != nil {
				return fmt.Errorf("store: lexicon entry %q: %w", w, err)
			}
			changes = append(changes, Change{Kind: "lexicon", Name: w, BeforeEntry: before, AfterEntry: after})
		}
		return record(ctx, tx, docID, label, changes, now)
	})
}

func entryOf(ctx context.Context, tx *sql.Tx, docID int64, word string) (*LexiconEntry, error) {
	var e LexiconEntry
	err := tx.QueryRowContext(ctx, `SELECT id, coalesce(document_id, 0), word, match_case, whole_word, say, phonemes, ipa FROM lexicon
		WHERE document_id = ? AND word = ?`, docID, word).Scan(&e.ID, &e.DocumentID, &e.Word, &e.MatchCase, &e.WholeWord, &e.Say, &e.Phonemes, &e.IPA)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return &e, err
}

// writeEntry makes e the document's entry for word (nil: removes it).
func writeEntry(ctx context.Context, tx *sql.Tx, docID int64, word string, e *LexiconEntry, now int64) error {
	if e == nil {
		_, err := tx.ExecContext(ctx, `DELETE FROM lexicon WHERE document_id = ? AND word = ?`, docID, word)
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO lexicon (document_id, word, match_case, whole_word, say, phonemes, ipa, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (coalesce(document_id, 0), word) DO UPDATE SET match_case = excluded.match_case,
			whole_word = excluded.whole_word, say = excluded.say, phonemes = excluded.phonemes, ipa = excluded.ipa, updated_at = excluded.updated_at`,
		docID, word, e.MatchCase, e.WholeWord, e.Say, e.Phonemes, e.IPA, now)
	return err
}

func sameEntry(a, b *LexiconEntry) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Word == b.Word && a.MatchCase == b.MatchCase && a.WholeWord == b.WholeWord && a.Say == b.Say && a.Phonemes == b.Phonemes && a.IPA == b.IPA
}
