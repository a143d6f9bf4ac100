package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"readback/internal/fault"
)

// SegmentState is what the writer may change about how one segment is read. The
// zero value reads the segment as the document says.
type SegmentState struct {
	SpokenText   *string `json:"spoken_text,omitempty"`   // nil: the source text
	Voice        string  `json:"voice,omitempty"`         // ENGINE:VOICE; "": the section's, speaker's or document's
	Rate         float64 `json:"rate,omitempty"`          // 0: the document's
	PauseAfter   *int    `json:"pause_after,omitempty"`   // ms; nil: the default for its place
	Skipped      bool    `json:"skipped,omitempty"`       // not read at all
	ChapterBreak *string `json:"chapter_break,omitempty"` // a chapter with this title starts here
	Marks        []Mark  `json:"marks,omitempty"`         // pauses after words, words emphasised
}

// Mark is a pause after a word, or a word spoken with emphasis: the word is
// [Start, End), byte offsets into the sentence's spoken text.
type Mark struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Kind  string `json:"kind"`         // pause or emphasis
	Ms    int    `json:"ms,omitempty"` // the pause's length
}

// MaxMarks bounds the marks of one sentence.
const MaxMarks = 20

// Validate refuses states the schema would refuse, with the writer's words.
func (s SegmentState) Validate() error {
	switch {
	case s.SpokenText != nil && strings.TrimSpace(*s.SpokenText) == "":
		return fault.New(fault.Invalid, "the spoken text is empty: mark the sentence skipped instead")
	case s.SpokenText != nil && len(*s.SpokenText) > 4000:
		return fault.New(fault.Invalid, "the spoken text is longer than 4000 characters")
	case s.Rate != 0 && (s.Rate < 0.5 || s.Rate > 3):
		return fault.New(fault.Invalid, "the rate must be between 0.5 and 3")
	case s.PauseAfter != nil && (*s.PauseAfter < 0 || *s.PauseAfter > MaxPauseMs):
		return fault.New(fault.Invalid, "the pause must be between 0 and 60000 ms")
	case s.ChapterBreak != nil && len(*s.ChapterBreak) > 1000:
		return fault.New(fault.Invalid, "the chapter title is longer than 1000 characters")
	case len(s.Voice) > 200:
		return fault.New(fault.Invalid, "the voice name is too long")
	case len(s.Marks) > MaxMarks:
		return fault.New(fault.Invalid, "a sentence holds at most %d marks", MaxMarks)
	}
	for _, m := range s.Marks {
		switch {
		case m.Start < 0 || m.End <= m.Start || m.End > 4000:
			return fault.New(fault.Invalid, "a mark must cover a word of the sentence")
		case m.Kind == "pause" && (m.Ms < 50 || m.Ms > 10000):
			return fault.New(fault.Invalid, "a pause after a word is 50 to 10000 ms, not %d", m.Ms)
		case m.Kind != "pause" && m.Kind != "emphasis":
			return fault.New(fault.Invalid, "a mark is a pause or an emphasis, not %q", m.Kind)
		}
	}
	return nil
}

// Change is one thing an action changed: a segment (by ord), a section's voice (by
// section ord), a speaker's voice (by name; "" is no speaker) or the document's
// voice and rate.
type Change struct {
	Kind   string        `json:"kind"` // segment, section, speaker, document, lexicon
	Ord    int           `json:"ord,omitempty"`
	Name   string        `json:"name,omitempty"`
	Before *SegmentState `json:"before"`
	After  *SegmentState `json:"after"`
	// A document's lexicon entry for the word Name, before and after (nil: none).
	BeforeEntry *LexiconEntry `json:"before_entry,omitempty"`
	AfterEntry  *LexiconEntry `json:"after_entry,omitempty"`
}

// HistoryEntry is one action of the writer.
type HistoryEntry struct {
	ID      int64    `json:"id"`
	Label   string   `json:"label"`
	Undone  bool     `json:"undone"`
	Changes []Change `json:"changes"`
}

// Edit is a change to make: Kind and Ord/Name say what, After the new state.
type Edit struct {
	Kind  string
	Ord   int
	Name  string
	State SegmentState
}

const stateColumns = `spoken_text, voice, rate, pause_after, skipped, chapter_break, marks`

// stateDest receives the state columns of a row.
type stateDest struct {
	spoken, voice, chapter, marks sql.NullString
	rate                          sql.NullFloat64
	pause                         sql.NullInt64
	skipped                       int
}

func (d *stateDest) dests() []any {
	return []any{&d.spoken, &d.voice, &d.rate, &d.pause, &d.skipped, &d.chapter, &d.marks}
}

func (d *stateDest) state() SegmentState {
	var st SegmentState
	if d.spoken.Valid {
		st.SpokenText = &d.spoken.String
	}
	if d.chapter.Valid {
		st.ChapterBreak = &d.chapter.String
	}
	if d.pause.Valid {
		p := int(d.pause.Int64)
		st.PauseAfter = &p
	}
	st.Voice, st.Rate, st.Skipped = d.voice.String, d.rate.Float64, d.skipped == 1
	if d.marks.Valid {
		_ = json.Unmarshal([]byte(d.marks.String), &st.Marks) // checked valid JSON by the schema
	}
	return st
}

func scanState(row interface{ Scan(...any) error }) (*SegmentState, error) {
	var d stateDest
	if err := row.Scan(d.dests()...); err != nil {
		return nil, err
	}
	st := d.state()
	return &st, nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullFloat(f float64) any {
	if f == 0 {
		return nil
	}
	return f
}

// readState returns the current state of what e targets.
func readState(ctx context.Context, tx *sql.Tx, doc int64, e Edit) (*SegmentState, error) {
	switch e.Kind {
	case "segment":
		st, err := scanState(tx.QueryRowContext(ctx, `SELECT `+stateColumns+` FROM segments WHERE document_id = ? AND ord = ?`, doc, e.Ord))
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fault.New(fault.NotFound, "document %d has no segment %d", doc, e.Ord+1)
		}
		return st, err
	case "section":
		var v sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT voice FROM sections WHERE document_id = ? AND ord = ?`, doc, e.Ord).Scan(&v)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fault.New(fault.NotFound, "document %d has no chapter %d", doc, e.Ord+1)
		}
		return &SegmentState{Voice: v.String}, err
	case "speaker":
		var v string
		err := tx.QueryRowContext(ctx, `SELECT voice FROM speakers WHERE document_id = ? AND name = ?`, doc, e.Name).Scan(&v)
		if errors.Is(err, sql.ErrNoRows) {
			err = nil
		}
		return &SegmentState{Voice: v}, err
	case "document":
		var v sql.NullString
		var r sql.NullFloat64
		err := tx.QueryRowContext(ctx, `SELECT voice, rate FROM documents WHERE id = ?`, doc).Scan(&v, &r)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fault.New(fault.NotFound, "document %d does not exist", doc)
		}
		return &SegmentState{Voice: v.String, Rate: r.Float64}, err
	}
	return nil, fault.New(fault.Invalid, "unknown edit %q", e.Kind)
}

// writeState makes st the state of what e targets.
func writeState(ctx context.Context, tx *sql.Tx, doc int64, e Edit, st *SegmentState) error {
	var err error
	switch e.Kind {
	case "segment":
		var pause any
		if st.PauseAfter != nil {
			pause = *st.PauseAfter
		}
		skipped := 0
		if st.Skipped {
			skipped = 1
		}
		var marks any
		if len(st.Marks) > 0 {
			b, _ := json.Marshal(st.Marks)
			marks = string(b)
		}
		_, err = tx.ExecContext(ctx, `UPDATE segments SET spoken_text = ?, voice = ?, rate = ?, pause_after = ?, skipped = ?, chapter_break = ?, marks = ?
			WHERE document_id = ? AND ord = ?`, st.SpokenText, nullString(st.Voice), nullFloat(st.Rate), pause, skipped, st.ChapterBreak, marks, doc, e.Ord)
	case "section":
		_, err = tx.ExecContext(ctx, `UPDATE sections SET voice = ? WHERE document_id = ? AND ord = ?`, nullString(st.Voice), doc, e.Ord)
	case "speaker":
		if st.Voice == "" {
			_, err = tx.ExecContext(ctx, `DELETE FROM speakers WHERE document_id = ? AND name = ?`, doc, e.Name)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO speakers (document_id, name, voice) VALUES (?, ?, ?)
				ON CONFLICT (document_id, name) DO UPDATE SET voice = excluded.voice`, doc, e.Name, st.Voice)
		}
	case "document":
		_, err = tx.ExecContext(ctx, `UPDATE documents SET voice = ?, rate = ? WHERE id = ?`, nullString(st.Voice), nullFloat(st.Rate), doc)
	}
	return err
}

func (c Change) edit() Edit { return Edit{Kind: c.Kind, Ord: c.Ord, Name: c.Name} }

// Apply makes edits to a document as one undoable action named label. The redo
// stack is dropped, as in every editor.
func (s *Store) Apply(ctx context.Context, docID int64, label string, edits []Edit) error {
	if len(edits) == 0 {
		return nil
	}
	for _, e := range edits {
		if err := e.State.Validate(); err != nil {
			return err
		}
		if e.Kind == "speaker" && (e.Name == "" || len(e.Name) > 60) {
			return fault.New(fault.Invalid, "a speaker's name must be 1 to 60 characters")
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		changes := make([]Change, 0, len(edits))
		for _, e := range edits {
			before, err := readState(ctx, tx, docID, e)
			if err != nil {
				return err
			}
			after := e.State
			if equalState(before, &after) {
				continue
			}
			if err := writeState(ctx, tx, docID, e, &after); err != nil {
				return fmt.Errorf("store: edit %s %d: %w", e.Kind, e.Ord, err)
			}
			changes = append(changes, Change{Kind: e.Kind, Ord: e.Ord, Name: e.Name, Before: before, After: &after})
		}
		return record(ctx, tx, docID, label, changes, s.Now().UnixMilli())
	})
}

// record adds an action to a document's history (nothing when it changed nothing)
// and drops what was undone: a new action ends the redo stack, as in every editor.
func record(ctx context.Context, tx *sql.Tx, docID int64, label string, changes []Change, now int64) error {
	if len(changes) == 0 {
		return nil
	}
	raw, err := json.Marshal(changes)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM edit_history WHERE document_id = ? AND undone = 1`, docID); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO edit_history (document_id, label, changes, at) VALUES (?, ?, ?, ?)`,
		docID, label, string(raw), now)
	return err
}

func equalState(a, b *SegmentState) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// Undo reverts the document's last action and returns it; nil when there is none.
func (s *Store) Undo(ctx context.Context, docID int64) (*HistoryEntry, error) {
	return s.step(ctx, docID, `SELECT id, label, changes FROM edit_history WHERE document_id = ? AND undone = 0 ORDER BY id DESC LIMIT 1`, true)
}

// Redo makes again the action last undone and returns it; nil when there is none.
func (s *Store) Redo(ctx context.Context, docID int64) (*HistoryEntry, error) {
	return s.step(ctx, docID, `SELECT id, label, changes FROM edit_history WHERE document_id = ? AND undone = 1 ORDER BY id ASC LIMIT 1`, false)
}

func (s *Store) step(ctx context.Context, docID int64, query string, undo bool) (*HistoryEntry, error) {
	var out *HistoryEntry
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var h HistoryEntry
		var raw string
		err := tx.QueryRowContext(ctx, query, docID).Scan(&h.ID, &h.Label, &raw)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(raw), &h.Changes); err != nil {
			return fmt.Errorf("history %d: %w", h.ID, err)
		}
		for i := range h.Changes {
			c := h.Changes[len(h.Changes)-1-i] // undo in reverse order
			st, entry := c.Before, c.BeforeEntry
			if !undo {
				c = h.Changes[i]
				st, entry = c.After, c.AfterEntry
			}
			var err error
			if c.Kind == "lexicon" {
				err = writeEntry(ctx, tx, docID, c.Name, entry, s.Now().UnixMilli())
			} else {
				err = writeState(ctx, tx, docID, c.edit(), st)
			}
			if err != nil {
				return err
			}
		}
		flag := 0
		if undo {
			flag = 1
		}
		if _, err := tx.ExecContext(ctx, `UPDATE edit_history SET undone = ? WHERE id = ?`, flag, h.ID); err != nil {
			return err
		}
		h.Undone = undo
		out = &h
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: undo/redo in document %d: %w", docID, err)
	}
	return out, nil
}

// History returns a document's actions, oldest first, with whether each is undone.
func (s *Store) History(ctx context.Context, docID int64) ([]HistoryEntry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, label, changes, undone FROM edit_history WHERE document_id = ? ORDER BY id`, docID)
	if err != nil {
		return nil, fmt.Errorf("store: history of %d: %w", docID, err)
	}
	defer rows.Close()
	out := []HistoryEntry{}
	for rows.Next() {
		var h HistoryEntry
		var raw string
		var undone int
		if err := rows.Scan(&h.ID, &h.Label, &raw, &undone); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(raw), &h.Changes); err != nil {
			return nil, err
		}
		h.Undone = undone == 1
		out = append(out, h)
	}
	return out, rows.Err()
}

// Speaker is a name whose paragraphs ("NAME: …") are read with a voice.
type Speaker struct {
	Name  string `json:"name"`
	Voice string `json:"voice"`
}

// Speakers returns a document's speakers by name.
func (s *Store) Speakers(ctx context.Context, docID int64) ([]Speaker, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, voice FROM speakers WHERE document_id = ? ORDER BY name`, docID)
	if err != nil {
		return nil, fmt.Errorf("store: speakers of %d: %w", docID, err)
	}
	defer rows.Close()
	out := []Speaker{}
	for rows.Next() {
		var sp Speaker
		if err := rows.Scan(&sp.Name, &sp.Voice); err != nil {
			return nil, err
		}
		out = append(out, sp)
	}
	return out, rows.Err()
}

// MarkRendered records the rendition keys the segments were last heard or exported
// with (ord → key), so that a later change shows them stale.
func (s *Store) MarkRendered(ctx context.Context, docID int64, keys map[int]string) error {
	if len(keys) == 0 {
		return nil
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `UPDATE segments SET rendered_key = ? WHERE document_id = ? AND ord = ? AND rendered_key IS NOT ?`)
		if err != nil {
			return err
		}
		defer st.Close()
		for ord, key := range keys {
			if _, err := st.ExecContext(ctx, key, docID, ord, key); err != nil {
				return fmt.Errorf("store: mark rendered: %w", err)
			}
		}
		return nil
	})
}

// Position is where the writer stopped listening to a document.
type Position struct {
	Ord      int `json:"ord"`
	OffsetMs int `json:"offset_ms"`
}

// SetPosition remembers where listening stopped.
func (s *Store) SetPosition(ctx context.Context, docID int64, p Position) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO listening (document_id, ord, offset_ms, at) VALUES (?, ?, ?, ?)
		ON CONFLICT (document_id) DO UPDATE SET ord = excluded.ord, offset_ms = excluded.offset_ms, at = excluded.at`,
		docID, max(p.Ord, 0), max(p.OffsetMs, 0), s.Now().UnixMilli())
	if err != nil {
		return fmt.Errorf("store: position in %d: %w", docID, err)
	}
	return nil
}

// GetPosition returns where listening stopped (the start when never listened).
func (s *Store) GetPosition(ctx context.Context, docID int64) (Position, error) {
	var p Position
	err := s.db.QueryRowContext(ctx, `SELECT ord, offset_ms FROM listening WHERE document_id = ?`, docID).Scan(&p.Ord, &p.OffsetMs)
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil
	}
	if err != nil {
		return p, fmt.Errorf("store: position in %d: %w", docID, err)
	}
	return p, nil
}
