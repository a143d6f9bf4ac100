package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"readback/internal/fault"
)

// SharedPack is a rendition pack in the shared library whose index was read.
type SharedPack struct {
	Name    string // the pack's SHA-256
	Size    int64
	Entries int
}

// SharedRendition is where the shared library holds one rendition.
type SharedRendition struct {
	Key        string          `json:"key"`
	Pack       string          `json:"-"`
	Offset     int64           `json:"offset"`
	SHA256     string          `json:"sha256"` // of its PCM bytes
	Engine     string          `json:"engine"`
	Voice      string          `json:"voice"`
	SampleRate int             `json:"sample_rate"`
	Samples    int64           `json:"samples"`
	Marks      json.RawMessage `json:"marks"`
}

// SharedPackNames returns the packs whose index has been read.
func (s *Store) SharedPackNames(ctx context.Context) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM shared_packs`)
	if err != nil {
		return nil, fmt.Errorf("store: shared packs: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out[n] = true
	}
	return out, rows.Err()
}

// PutSharedPack records a pack and its renditions, in one transaction. A key the
// library already knows in another pack keeps its first place.
func (s *Store) PutSharedPack(ctx context.Context, p SharedPack, rs []SharedRendition) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO shared_packs (name, size, entries, read_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (name) DO NOTHING`, p.Name, p.Size, p.Entries, s.Now().UnixMilli()); err != nil {
			return err
		}
		st, err := tx.PrepareContext(ctx, `INSERT INTO shared_renditions (key, pack, pack_offset, sha256, engine, voice, sample_rate, samples, marks)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, r := range rs {
			if _, err := st.ExecContext(ctx, r.Key, p.Name, r.Offset, r.SHA256, r.Engine, r.Voice, r.SampleRate, r.Samples, string(r.Marks)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: shared pack %s: %w", p.Name, err)
	}
	return nil
}

// SharedRenditions returns which of keys the shared library holds, by key.
func (s *Store) SharedRenditions(ctx context.Context, keys []string) (map[string]*SharedRendition, error) {
	out := map[string]*SharedRendition{}
	for start := 0; start < len(keys); start += 5000 {
		list, err := json.Marshal(keys[start:min(start+5000, len(keys))])
		if err != nil {
			return nil, err
		}
		rows, err := s.db.QueryContext(ctx, `SELECT key, pack, pack_offset, sha256, engine, voice, sample_rate, samples, marks
			FROM shared_renditions WHERE key IN (SELECT value FROM json_each(?))`, string(list))
		if err != nil {
			return nil, fmt.Errorf("store: shared renditions: %w", err)
		}
		for rows.Next() {
			var r SharedRendition
			var marks string
			if err := rows.Scan(&r.Key, &r.Pack, &r.Offset, &r.SHA256, &r.Engine, &r.Voice, &r.SampleRate, &r.Samples, &marks); err != nil {
				rows.Close()
				return nil, err
			}
			r.Marks = json.RawMessage(marks)
			out[r.Key] = &r
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("store: shared renditions: %w", err)
		}
	}
	return out, nil
}

// UnsharedRenditions returns up to limit renditions the shared library does not
// hold, oldest first.
func (s *Store) UnsharedRenditions(ctx context.Context, limit int) ([]*Rendition, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.key, r.engine, r.voice, r.pack, r.pack_offset, r.sample_rate, r.samples, r.marks
		FROM renditions r LEFT JOIN shared_renditions s ON s.key = r.key WHERE s.key IS NULL
		ORDER BY r.pack, r.pack_offset LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: unshared renditions: %w", err)
	}
	defer rows.Close()
	var out []*Rendition
	for rows.Next() {
		var r Rendition
		var marks string
		if err := rows.Scan(&r.Key, &r.Engine, &r.Voice, &r.Pack, &r.Offset, &r.SampleRate, &r.Samples, &marks); err != nil {
			return nil, err
		}
		r.Marks = json.RawMessage(marks)
		out = append(out, &r)
	}
	return out, rows.Err()
}

// SharedCounts tells how many packs and renditions the shared library is known to
// hold, and how many local renditions it does not.
func (s *Store) SharedCounts(ctx context.Context) (packs, renditions, unshared int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM shared_packs), (SELECT count(*) FROM shared_renditions),
		(SELECT count(*) FROM renditions r WHERE NOT EXISTS (SELECT 1 FROM shared_renditions s WHERE s.key = r.key))`).Scan(&packs, &renditions, &unshared)
	if err != nil {
		err = fmt.Errorf("store: shared counts: %w", err)
	}
	return
}

// LexiconVersion is one word of the global lexicon as the sync sees it: an entry,
// or the tombstone of a removed one, with when and by whom it was last changed.
type LexiconVersion struct {
	Word      string `json:"word"`
	MatchCase bool   `json:"match_case,omitempty"`
	WholeWord bool   `json:"whole_word,omitempty"`
	Say       string `json:"say,omitempty"`
	Phonemes  string `json:"phonemes,omitempty"`
	IPA       string `json:"ipa,omitempty"`
	Deleted   bool   `json:"deleted,omitempty"`
	UpdatedAt int64  `json:"updated_at"` // Unix milliseconds
	Author    string `json:"author"`
}

// SameContent tells whether two versions say the same thing (who and when aside).
func (v LexiconVersion) SameContent(o LexiconVersion) bool {
	if v.Deleted || o.Deleted {
		return v.Deleted == o.Deleted
	}
	return v.MatchCase == o.MatchCase && v.WholeWord == o.WholeWord && v.Say == o.Say && v.Phonemes == o.Phonemes && v.IPA == o.IPA
}

// Entry is the lexicon entry of a version that is not a tombstone.
func (v LexiconVersion) Entry() LexiconEntry {
	return LexiconEntry{Word: v.Word, MatchCase: v.MatchCase, WholeWord: v.WholeWord, Say: v.Say, Phonemes: v.Phonemes, IPA: v.IPA}
}

// LexiconSyncState is the global lexicon with its tombstones, the versions agreed
// at the last sync, and a generation that changes with any local edit.
type LexiconSyncState struct {
	Local      map[string]LexiconVersion
	Synced     map[string]LexiconVersion
	Generation string
}

// LexiconConflict is an edit that lost to a later one.
type LexiconConflict struct {
	ID   int64          `json:"id"`
	Word string         `json:"word"`
	Kept LexiconVersion `json:"kept"`
	Lost LexiconVersion `json:"lost"`
	At   int64          `json:"at"`
}

// lexiconGeneration reads the counter that every change to the global lexicon
// bumps (migration 0008's triggers).
const lexiconGeneration = `SELECT CAST(n AS TEXT) FROM lexicon_generation WHERE id = 1`

// LexiconSyncState reads what a lexicon sync starts from.
func (s *Store) LexiconSyncState(ctx context.Context) (*LexiconSyncState, error) {
	st := &LexiconSyncState{Local: map[string]LexiconVersion{}, Synced: map[string]LexiconVersion{}}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, lexiconGeneration).Scan(&st.Generation); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT word, match_case, whole_word, say, phonemes, ipa, 0, updated_at, author FROM lexicon WHERE document_id IS NULL
			UNION ALL SELECT word, 0, 0, '', '', '', 1, deleted_at, author FROM lexicon_deleted`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var v LexiconVersion
			if err := rows.Scan(&v.Word, &v.MatchCase, &v.WholeWord, &v.Say, &v.Phonemes, &v.IPA, &v.Deleted, &v.UpdatedAt, &v.Author); err != nil {
				rows.Close()
				return err
			}
			if cur, ok := st.Local[v.Word]; !ok || v.UpdatedAt > cur.UpdatedAt {
				st.Local[v.Word] = v
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.QueryContext(ctx, `SELECT word, updated_at, author, deleted FROM lexicon_synced`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var v LexiconVersion
			if err := rows.Scan(&v.Word, &v.UpdatedAt, &v.Author, &v.Deleted); err != nil {
				return err
			}
			st.Synced[v.Word] = v
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: lexicon sync state: %w", err)
	}
	return st, nil
}

// ApplyLexiconSync makes the global lexicon hold set (entries and tombstones, with
// their times and authors), records them as agreed, and keeps the conflicts, in
// one transaction; it fails with a conflict if the lexicon changed since
// generation was read, so that a sync never overwrites an edit it did not see.
func (s *Store) ApplyLexiconSync(ctx context.Context, generation string, set []LexiconVersion, conflicts []LexiconConflict) error {
	for _, v := range set {
		if v.Deleted {
			continue
		}
		e := v.Entry()
		if err := e.Validate(); err != nil {
			return err
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var gen string
		if err := tx.QueryRowContext(ctx, lexiconGeneration).Scan(&gen); err != nil {
			return err
		}
		if gen != generation {
			return fault.New(fault.Conflict, "the lexicon changed during the sync")
		}
		for _, v := range set {
			var err error
			if v.Deleted {
				if _, err = tx.ExecContext(ctx, `DELETE FROM lexicon WHERE document_id IS NULL AND word = ?`, v.Word); err == nil {
					_, err = tx.ExecContext(ctx, `INSERT INTO lexicon_deleted (word, deleted_at, author) VALUES (?, ?, ?)
						ON CONFLICT (word) DO UPDATE SET deleted_at = excluded.deleted_at, author = excluded.author`, v.Word, v.UpdatedAt, v.Author)
				}
			} else {
				if _, err = tx.ExecContext(ctx, `DELETE FROM lexicon_deleted WHERE word = ?`, v.Word); err == nil {
					_, err = tx.ExecContext(ctx, `INSERT INTO lexicon (document_id, word, match_case, whole_word, say, phonemes, ipa, updated_at, author)
						VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?)
						ON CONFLICT (coalesce(document_id, 0), word) DO UPDATE SET match_case = excluded.match_case, whole_word = excluded.whole_word,
							say = excluded.say, phonemes = excluded.phonemes, ipa = excluded.ipa, updated_at = excluded.updated_at, author = excluded.author`,
						v.Word, v.MatchCase, v.WholeWord, v.Say, v.Phonemes, v.IPA, v.UpdatedAt, v.Author)
				}
			}
			if err == nil {
				_, err = tx.ExecContext(ctx, `INSERT INTO lexicon_synced (word, updated_at, author, deleted) VALUES (?, ?, ?, ?)
					ON CONFLICT (word) DO UPDATE SET updated_at = excluded.updated_at, author = excluded.author, deleted = excluded.deleted`,
					v.Word, v.UpdatedAt, v.Author, v.Deleted)
			}
			if err != nil {
				return fmt.Errorf("store: lexicon sync %q: %w", v.Word, err)
			}
		}
		for _, c := range conflicts {
			kept, _ := json.Marshal(c.Kept)
			lost, _ := json.Marshal(c.Lost)
			at := c.At
			if at == 0 {
				at = s.Now().UnixMilli()
			}
			// The same lost edit is listed once, however many syncs see it.
			if _, err := tx.ExecContext(ctx, `INSERT INTO lexicon_conflicts (word, kept, lost, at) SELECT ?, ?, ?, ?
				WHERE NOT EXISTS (SELECT 1 FROM lexicon_conflicts WHERE word = ? AND kept = ? AND lost = ?)`,
				c.Word, string(kept), string(lost), at, c.Word, string(kept), string(lost)); err != nil {
				return fmt.Errorf("store: lexicon conflict %q: %w", c.Word, err)
			}
		}
		return nil
	})
}

// LexiconConflicts lists the edits that lost a sync, newest first.
func (s *Store) LexiconConflicts(ctx context.Context, limit int) ([]LexiconConflict, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, word, kept, lost, at FROM lexicon_conflicts ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: lexicon conflicts: %w", err)
	}
	defer rows.Close()
	out := []LexiconConflict{}
	for rows.Next() {
		var c LexiconConflict
		var kept, lost string
		if err := rows.Scan(&c.ID, &c.Word, &kept, &lost, &c.At); err != nil {
			return nil, err
		}
		json.Unmarshal([]byte(kept), &c.Kept)
		json.Unmarshal([]byte(lost), &c.Lost)
		out = append(out, c)
	}
	return out, rows.Err()
}

// VoicePack is a voice pack this library installed or published.
type VoicePack struct {
	ID       string
	Version  int
	Manifest json.RawMessage
	Origin   string // "installed" or "published"
}

// PutVoicePack records a pack's version here.
func (s *Store) PutVoicePack(ctx context.Context, id string, version int, manifest []byte, origin string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO voice_packs (id, version, manifest, origin, installed_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET version = excluded.version, manifest = excluded.manifest, origin = excluded.origin,
			installed_at = excluded.installed_at`, id, version, string(manifest), origin, s.Now().UnixMilli())
	if err != nil {
		return fmt.Errorf("store: voice pack %s: %w", id, err)
	}
	return nil
}

// VoicePacks returns the packs here, by id.
func (s *Store) VoicePacks(ctx context.Context) (map[string]VoicePack, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, version, manifest, origin FROM voice_packs`)
	if err != nil {
		return nil, fmt.Errorf("store: voice packs: %w", err)
	}
	defer rows.Close()
	out := map[string]VoicePack{}
	for rows.Next() {
		var p VoicePack
		var m string
		if err := rows.Scan(&p.ID, &p.Version, &m, &p.Origin); err != nil {
			return nil, err
		}
		p.Manifest = json.RawMessage(m)
		out[p.ID] = p
	}
	return out, rows.Err()
}

// PutNarration records a narration published from here.
func (s *Store) PutNarration(ctx context.Context, id string, docID int64, manifest []byte) error {
	var doc any
	if docID != 0 {
		doc = docID
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO published_narrations (id, document_id, manifest, published_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET document_id = excluded.document_id, manifest = excluded.manifest, published_at = excluded.published_at`,
		id, doc, string(manifest), s.Now().UnixMilli())
	if err != nil {
		return fmt.Errorf("store: narration %s: %w", id, err)
	}
	return nil
}

// DeleteVoicePack forgets a pack here.
func (s *Store) DeleteVoicePack(ctx context.Context, id string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM voice_packs WHERE id = ?`, id); err != nil {
		return fmt.Errorf("store: delete voice pack %s: %w", id, err)
	}
	return nil
}

// Narration is a narration published from here.
type Narration struct {
	ID          string          `json:"id"`
	DocumentID  int64           `json:"document_id"`
	Manifest    json.RawMessage `json:"manifest"`
	PublishedAt int64           `json:"published_at"`
}

// PublishedNarrations lists the narrations published from here, newest first.
func (s *Store) PublishedNarrations(ctx context.Context) ([]Narration, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, coalesce(document_id, 0), manifest, published_at FROM published_narrations ORDER BY published_at DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: narrations: %w", err)
	}
	defer rows.Close()
	out := []Narration{}
	for rows.Next() {
		var n Narration
		var m string
		if err := rows.Scan(&n.ID, &n.DocumentID, &m, &n.PublishedAt); err != nil {
			return nil, err
		}
		n.Manifest = json.RawMessage(m)
		out = append(out, n)
	}
	return out, rows.Err()
}

// RemoteTask is one part of a conversion handed to Polly.
type RemoteTask struct {
	JobKey     string
	Part       int
	TaskID     string
	Status     string
	Reason     string
	Characters int
}

// PutRemoteTask records a task (or its new status).
func (s *Store) PutRemoteTask(ctx context.Context, t RemoteTask) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO remote_tasks (job_key, part, task_id, status, reason, characters, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (job_key, part) DO UPDATE SET task_id = excluded.task_id, status = excluded.status,
		reason = excluded.reason, characters = excluded.characters, updated_at = excluded.updated_at`,
		t.JobKey, t.Part, t.TaskID, t.Status, t.Reason, t.Characters, s.Now().UnixMilli())
	if err != nil {
		return fmt.Errorf("store: remote task %s/%d: %w", t.JobKey, t.Part, err)
	}
	return nil
}

// RemoteTasks returns a conversion's tasks, by part.
func (s *Store) RemoteTasks(ctx context.Context, jobKey string) (map[int]RemoteTask, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT job_key, part, task_id, status, reason, characters FROM remote_tasks WHERE job_key = ?`, jobKey)
	if err != nil {
		return nil, fmt.Errorf("store: remote tasks: %w", err)
	}
	defer rows.Close()
	out := map[int]RemoteTask{}
	for rows.Next() {
		var t RemoteTask
		if err := rows.Scan(&t.JobKey, &t.Part, &t.TaskID, &t.Status, &t.Reason, &t.Characters); err != nil {
			return nil, err
		}
		out[t.Part] = t
	}
	return out, rows.Err()
}

// DeleteRemoteTask forgets a part's task (it failed: the next attempt starts anew).
func (s *Store) DeleteRemoteTask(ctx context.Context, jobKey string, part int) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM remote_tasks WHERE job_key = ? AND part = ?`, jobKey, part); err != nil {
		return fmt.Errorf("store: remote task: %w", err)
	}
	return nil
}

// ForgetSharedPack forgets a pack and the renditions it was said to hold.
func (s *Store) ForgetSharedPack(ctx context.Context, name string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM shared_packs WHERE name = ?`, name); err != nil {
		return fmt.Errorf("store: forget shared pack: %w", err)
	}
	return nil
}

// ForgetSharedState forgets what was known of a bucket (its packs, the lexicon
// as last agreed): done when the settings name another library.
func (s *Store) ForgetSharedState(ctx context.Context) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{`DELETE FROM shared_renditions`, `DELETE FROM shared_packs`, `DELETE FROM lexicon_synced`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("store: forget shared state: %w", err)
			}
		}
		return nil
	})
}
