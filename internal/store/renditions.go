package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// Rendition is the record of one synthesised segment's audio.
type Rendition struct {
	Key        string
	Engine     string
	Voice      string
	Pack       string // the pack file holding its PCM
	Offset     int64  // where in the pack
	SampleRate int
	Samples    int64
	Marks      json.RawMessage
}

// DurationMs is the rendition's length.
func (r *Rendition) DurationMs() int64 { return r.Samples * 1000 / int64(r.SampleRate) }

// PutRenditions records renditions whose files have been written, in one
// transaction. Recording a key again (two workers racing) keeps the first.
func (s *Store) PutRenditions(ctx context.Context, rs ...*Rendition) error {
	if len(rs) == 0 {
		return nil
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `INSERT INTO renditions (key, engine, voice, pack, pack_offset, sample_rate, samples, marks, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`)
		if err != nil {
			return err
		}
		defer st.Close()
		now := s.Now().UnixMilli()
		for _, r := range rs {
			if _, err := st.ExecContext(ctx, r.Key, r.Engine, r.Voice, r.Pack, r.Offset, r.SampleRate, r.Samples, string(r.Marks), now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: put renditions: %w", err)
	}
	return nil
}

// Renditions returns the recorded renditions among keys, by key, in one query.
func (s *Store) Renditions(ctx context.Context, keys []string) (map[string]*Rendition, error) {
	out := make(map[string]*Rendition, len(keys))
	for start := 0; start < len(keys); start += 5000 {
		chunk := keys[start:min(start+5000, len(keys))]
		list, err := json.Marshal(chunk)
		if err != nil {
			return nil, err
		}
		rows, err := s.db.QueryContext(ctx, `SELECT key, engine, voice, pack, pack_offset, sample_rate, samples, marks FROM renditions
			WHERE key IN (SELECT value FROM json_each(?))`, string(list))
		if err != nil {
			return nil, fmt.Errorf("store: renditions: %w", err)
		}
		for rows.Next() {
			var r Rendition
			var marks string
			if err := rows.Scan(&r.Key, &r.Engine, &r.Voice, &r.Pack, &r.Offset, &r.SampleRate, &r.Samples, &marks); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: renditions: %w", err)
			}
			r.Marks = json.RawMessage(marks)
			out[r.Key] = &r
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("store: renditions: %w", err)
		}
	}
	return out, nil
}

// PackUse is what the library's renditions use of a pack.
type PackUse struct {
	Renditions int
	PCMBytes   int64
	End        int64 // where the audio of the last one recorded (furthest in) ends
}

// PackUses tells, for each pack the library's renditions are in, how much of it they
// use and where the last of them ends.
func (s *Store) PackUses(ctx context.Context) (map[string]PackUse, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT pack, count(*), sum(2 * samples), max(pack_offset + 2 * samples) FROM renditions GROUP BY pack`)
	if err != nil {
		return nil, fmt.Errorf("store: pack uses: %w", err)
	}
	defer rows.Close()
	out := map[string]PackUse{}
	for rows.Next() {
		var pack string
		var u PackUse
		if err := rows.Scan(&pack, &u.Renditions, &u.PCMBytes, &u.End); err != nil {
			return nil, fmt.Errorf("store: pack uses: %w", err)
		}
		out[pack] = u
	}
	return out, rows.Err()
}

// RenditionsInPack lists the renditions whose audio is in pack, in its order.
func (s *Store) RenditionsInPack(ctx context.Context, pack string) ([]Rendition, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT key, engine, voice, pack, pack_offset, sample_rate, samples, marks FROM renditions
		WHERE pack = ? ORDER BY pack_offset`, pack)
	if err != nil {
		return nil, fmt.Errorf("store: renditions in %s: %w", pack, err)
	}
	defer rows.Close()
	var out []Rendition
	for rows.Next() {
		var r Rendition
		var marks string
		if err := rows.Scan(&r.Key, &r.Engine, &r.Voice, &r.Pack, &r.Offset, &r.SampleRate, &r.Samples, &marks); err != nil {
			return nil, fmt.Errorf("store: renditions in %s: %w", pack, err)
		}
		r.Marks = json.RawMessage(marks)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Move is a rendition's audio copied to another place.
type Move struct {
	Key                  string
	FromPack, ToPack     string
	FromOffset, ToOffset int64
}

// MoveRenditions points renditions at their audio's new place, in one transaction;
// a rendition changed meanwhile (no longer where the move says it was) stays as it
// is. It returns how many moved.
func (s *Store) MoveRenditions(ctx context.Context, moves []Move) (int, error) {
	moved := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		moved = 0
		st, err := tx.PrepareContext(ctx, `UPDATE renditions SET pack = ?, pack_offset = ? WHERE key = ? AND pack = ? AND pack_offset = ?`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, m := range moves {
			res, err := st.ExecContext(ctx, m.ToPack, m.ToOffset, m.Key, m.FromPack, m.FromOffset)
			if err != nil {
				return fmt.Errorf("store: move rendition: %w", err)
			}
			n, _ := res.RowsAffected()
			moved += int(n)
		}
		return nil
	})
	return moved, err
}

// Durable makes what was committed so far survive a power cut: the library runs
// with synchronous=NORMAL, whose commits reach the disk at the next checkpoint. A
// caller about to delete a file the last commit stopped referring to asks first.
func (s *Store) Durable(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(FULL)`); err != nil {
		return fmt.Errorf("store: checkpoint: %w", err)
	}
	return nil
}

// DeleteRendition forgets a rendition (its pack went missing or is short).
func (s *Store) DeleteRendition(ctx context.Context, key string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM renditions WHERE key = ?`, key); err != nil {
		return fmt.Errorf("store: delete rendition: %w", err)
	}
	return nil
}

// Export records what was written to an output file.
type Export struct {
	Path       string
	DocumentID int64
	Plan       string
	Size       int64
	MtimeNs    int64
	AudioMs    int64
	Layout     []byte // JSON, for WAV exports; nil otherwise
}

// LastExport returns what was last written to path, or nil.
func (s *Store) LastExport(ctx context.Context, path string) (*Export, error) {
	var e Export
	err := s.db.QueryRowContext(ctx, `SELECT path, document_id, plan, size, mtime_ns, audio_ms, layout FROM exports WHERE path = ?`, path).
		Scan(&e.Path, &e.DocumentID, &e.Plan, &e.Size, &e.MtimeNs, &e.AudioMs, &e.Layout)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: last export: %w", err)
	}
	return &e, nil
}

// PutExport records an export.
func (s *Store) PutExport(ctx context.Context, e *Export) error {
	var layout any
	if e.Layout != nil {
		layout = string(e.Layout)
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO exports (path, document_id, plan, size, mtime_ns, audio_ms, layout, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET document_id = excluded.document_id, plan = excluded.plan,
		size = excluded.size, mtime_ns = excluded.mtime_ns, audio_ms = excluded.audio_ms, layout = excluded.layout, created_at = excluded.created_at`,
		e.Path, e.DocumentID, e.Plan, e.Size, e.MtimeNs, e.AudioMs, layout, s.Now().UnixMilli())
	if err != nil {
		return fmt.Errorf("store: put export: %w", err)
	}
	return nil
}

// ForgetExport drops what was recorded of path: done before a file is changed in
// place, so that a crash halfway makes the next export write it whole.
func (s *Store) ForgetExport(ctx context.Context, path string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM exports WHERE path = ?`, path); err != nil {
		return fmt.Errorf("store: forget export: %w", err)
	}
	return nil
}
