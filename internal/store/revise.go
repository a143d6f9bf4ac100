package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"readback/internal/fault"
)

// Revision is a new version of a document's manuscript, matched to the old one: for
// each new segment, what it keeps of the old (nil: nothing, it is new).
type Revision struct {
	Doc    *NewDocument
	Carry  []*Carried     // by new ord
	OrdMap map[int]int    // old ord → new ord, for the segments that matched
	Voices map[int]string // new section ord → the voice its old namesake had
}

// Carried is what a new segment keeps of the old one it matched.
type Carried struct {
	State       SegmentState
	RenderedKey string
}

// Revise replaces a document's sections and segments with a revision in one
// transaction: edits, voices, the listening position and the undo history follow
// the segments they were made on; the document keeps its id, title and settings.
func (s *Store) Revise(ctx context.Context, docID int64, rev *Revision, changes any) error {
	nd := rev.Doc
	diff, err := json.Marshal(changes)
	if err != nil {
		return err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if existing, err := findBySHA(ctx, tx, nd.SHA256); err != nil {
			return err
		} else if existing != nil && existing.ID != docID {
			return &fault.Error{Code: fault.Conflict, Message: fmt.Sprintf("this version is already in the library as %q (id %d)", existing.Title, existing.ID)}
		}
		res, err := tx.ExecContext(ctx, `UPDATE documents SET format = ?, source_name = ?, source_sha256 = ?, source_size = ?,
			words = ?, language = ?, source_url = ?, fetched_at = ?, updated_at = ? WHERE id = ?`,
			nd.Format, nd.SourceName, nd.SHA256, nd.Size, nd.Words, nd.Language, nd.SourceURL, unixMilliOrZero(nd.FetchedAt), s.Now().UnixMilli(), docID)
		if err != nil {
			return fmt.Errorf("update document: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "document %d does not exist", docID)
		}
		for _, q := range []string{`DELETE FROM segments WHERE document_id = ?`, `DELETE FROM sections WHERE document_id = ?`} {
			if _, err := tx.ExecContext(ctx, q, docID); err != nil {
				return err
			}
		}
		if err := insertScript(ctx, tx, docID, nd.Sections, rev.Voices); err != nil {
			return err
		}
		// What the writer made of the old segments, on the new ones.
		keyStmt, err := tx.PrepareContext(ctx, `UPDATE segments SET rendered_key = ? WHERE document_id = ? AND ord = ?`)
		if err != nil {
			return err
		}
		defer keyStmt.Close()
		for ord, c := range rev.Carry {
			if c == nil {
				continue
			}
			if c.RenderedKey != "" {
				if _, err := keyStmt.ExecContext(ctx, c.RenderedKey, docID, ord); err != nil {
					return err
				}
			}
			if !equalState(&c.State, &SegmentState{}) {
				if err := writeState(ctx, tx, docID, Edit{Kind: "segment", Ord: ord}, &c.State); err != nil {
					return err
				}
			}
		}
		if err := remapHistory(ctx, tx, docID, rev.OrdMap); err != nil {
			return err
		}
		var pos int
		switch err := tx.QueryRowContext(ctx, `SELECT ord FROM listening WHERE document_id = ?`, docID).Scan(&pos); {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		default:
			// The nearest kept segment at or before where listening stopped.
			np := 0
			for old, nw := range rev.OrdMap {
				if old <= pos && nw > np {
					np = nw
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE listening SET ord = ?, offset_ms = 0 WHERE document_id = ?`, np, docID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO revisions (document_id, at, source_name, changes) VALUES (?, ?, ?, ?)
			ON CONFLICT (document_id) DO UPDATE SET at = excluded.at, source_name = excluded.source_name, changes = excluded.changes`,
			docID, s.Now().UnixMilli(), nd.SourceName, string(diff)); err != nil {
			return err
		}
		return s.audit(ctx, tx, "document.revise", fmt.Sprintf("document:%d", docID), nd.SourceName)
	})
	if err != nil {
		var fe *fault.Error
		if errors.As(err, &fe) {
			return err
		}
		return fmt.Errorf("store: revise document %d: %w", docID, err)
	}
	return nil
}

// remapHistory moves the undo history's segment changes to the segments' new
// places; changes to segments that are gone are dropped, and so are actions left
// with nothing.
func remapHistory(ctx context.Context, tx *sql.Tx, docID int64, ordMap map[int]int) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, changes FROM edit_history WHERE document_id = ?`, docID)
	if err != nil {
		return err
	}
	type row struct {
		id  int64
		raw string
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.raw); err != nil {
			rows.Close()
			return err
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range all {
		var changes, kept []Change
		if err := json.Unmarshal([]byte(r.raw), &changes); err != nil {
			return err
		}
		for _, c := range changes {
			switch c.Kind {
			case "segment":
				nw, ok := ordMap[c.Ord]
				if !ok {
					continue
				}
				c.Ord = nw
			case "section":
				continue // sections are the new version's; their voices follow by title
			}
			kept = append(kept, c)
		}
		if len(kept) == 0 {
			if _, err := tx.ExecContext(ctx, `DELETE FROM edit_history WHERE id = ?`, r.id); err != nil {
				return err
			}
			continue
		}
		raw, err := json.Marshal(kept)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE edit_history SET changes = ? WHERE id = ?`, string(raw), r.id); err != nil {
			return err
		}
	}
	return nil
}

// LastRevision returns the changes of a document's last revision as stored (JSON),
// or nil when it was never revised.
func (s *Store) LastRevision(ctx context.Context, docID int64) (json.RawMessage, error) {
	var raw string
	err := s.db.QueryRowContext(ctx, `SELECT changes FROM revisions WHERE document_id = ?`, docID).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: revision of %d: %w", docID, err)
	}
	return json.RawMessage(raw), nil
}
