package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"readback/internal/fault"
)

// Document is a document as the library lists it.
type Document struct {
	ID         int64   `json:"id"`
	Title      string  `json:"title"`
	Author     string  `json:"author"`
	Language   string  `json:"language"`
	Format     string  `json:"format"`
	SourceName string  `json:"source_name"`
	SHA256     string  `json:"sha256"`
	Size       int64   `json:"size"`
	Words      int     `json:"words"`
	Sections   int     `json:"sections"`
	Segments   int     `json:"segments"`
	Settings   string  `json:"settings"`
	Voice      string  `json:"voice"` // ENGINE:VOICE the writer chose; "" for the default
	Rate       float64 `json:"rate"`  // 0 for the voice's own
	// SourceURL is the web address the document was fetched from ("" for a file),
	// FetchedAt when (zero for a file).
	SourceURL string    `json:"source_url"`
	FetchedAt time.Time `json:"fetched_at"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// AudioMs is how long the audiobook last made of it lasts (0 until one is): its
	// listening time, as the file says it.
	AudioMs int64 `json:"audio_ms"`
	// EstimateMs is its length as its player last worked it out (0 when not yet):
	// the listening time before an audiobook; Estimated says that some of its
	// sentences were not synthesised then (their length guessed from their voice).
	EstimateMs int64 `json:"estimate_ms"`
	Estimated  bool  `json:"estimated"`
}

// NewDocument is everything an import writes, prepared and validated beforehand so
// that the transaction itself cannot fail on the content.
type NewDocument struct {
	Title, Author, Language, Format string
	SourceName, SHA256              string
	SourceURL                       string
	FetchedAt                       time.Time
	Size                            int64
	Words                           int
	Settings                        string
	Sections                        []NewSection
}

// NewSection is a chapter to insert.
type NewSection struct {
	Title    string
	Level    int
	Segments []NewSegment
}

// NewSegment is a sentence to insert; its spoken text is the source text until edited.
type NewSegment struct {
	Kind, SourceText, Hash   string
	Level, Block, Start, End int
	Lang                     string // a passage's own language, "" for the document's
}

// Section is a chapter as the document view shows it.
type Section struct {
	ID       int64  `json:"id"`
	Ord      int    `json:"ord"`
	Title    string `json:"title"`
	Level    int    `json:"level"`
	First    int    `json:"first"` // ord of its first segment
	Segments int    `json:"segments"`
	Voice    string `json:"voice"` // ENGINE:VOICE the writer gave the chapter, or ""
}

// lastExportMs is the audio of document d's last audiobook (NULL before one): its
// listening time, and what the library's pace is measured from.
const lastExportMs = `(SELECT e.audio_ms FROM exports e WHERE e.document_id = d.id ORDER BY e.created_at DESC, e.rowid DESC LIMIT 1)`

const documentColumns = `d.id, d.title, d.author, d.language, d.format, d.source_name, d.source_sha256,
	d.source_size, d.words, d.settings, coalesce(d.voice, ''), coalesce(d.rate, 0), d.source_url, d.fetched_at, d.created_at, d.updated_at,
	(SELECT count(*) FROM sections WHERE document_id = d.id),
	(SELECT count(*) FROM segments WHERE document_id = d.id),
	coalesce(` + lastExportMs + `, 0),
	coalesce((SELECT ms FROM estimates WHERE document_id = d.id), 0),
	coalesce((SELECT estimated FROM estimates WHERE document_id = d.id), 0)`

func scanDocument(row interface{ Scan(...any) error }) (*Document, error) {
	var d Document
	var created, updated, fetched int64
	err := row.Scan(&d.ID, &d.Title, &d.Author, &d.Language, &d.Format, &d.SourceName, &d.SHA256,
		&d.Size, &d.Words, &d.Settings, &d.Voice, &d.Rate, &d.SourceURL, &fetched, &created, &updated, &d.Sections, &d.Segments, &d.AudioMs, &d.EstimateMs, &d.Estimated)
	if err != nil {
		return nil, err
	}
	d.CreatedAt, d.UpdatedAt = time.UnixMilli(created), time.UnixMilli(updated)
	if fetched > 0 {
		d.FetchedAt = time.UnixMilli(fetched)
	}
	return &d, nil
}

func unixMilliOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// SetEstimate keeps the player's estimate of a document's length (see
// Document.EstimateMs), worked out from its book as it was at changes (its
// BookChanges, read before the book): an estimate of a book changed since is not
// kept. A document deleted meanwhile is no error.
func (s *Store) SetEstimate(ctx context.Context, id int64, ms int64, estimated bool, changes int64) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO estimates (document_id, ms, estimated, changes)
		SELECT id, ?, ?, ? FROM documents WHERE id = ? AND `+bookChangesOf("?")+` = ?
		ON CONFLICT (document_id) DO UPDATE SET ms = excluded.ms, estimated = excluded.estimated, changes = excluded.changes`,
		max(ms, 0), estimated, changes, id, id, changes)
	if err != nil {
		return fmt.Errorf("store: keep the estimated length: %w", err)
	}
	return nil
}

// Unestimated lists the documents whose length is to be worked out, oldest first:
// never estimated, or changed since; not those with an audiobook, whose length it
// is.
func (s *Store) Unestimated(ctx context.Context) ([]int64, error) {
	return rowsOf(ctx, s, "documents to estimate", `SELECT d.id FROM documents d LEFT JOIN estimates e ON e.document_id = d.id
		WHERE NOT EXISTS (SELECT 1 FROM exports x WHERE x.document_id = d.id)
		AND (e.document_id IS NULL OR e.changes <> `+bookChangesOf("d.id")+`)
		ORDER BY d.id`, func(r *sql.Rows, id *int64) error { return r.Scan(id) })
}

// SetFetched records that a document's address was fetched again (and found as it
// was, or read as a new version).
func (s *Store) SetFetched(ctx context.Context, id int64, url string, at time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE documents SET source_url = ?, fetched_at = ? WHERE id = ?`, url, unixMilliOrZero(at), id)
	if err != nil {
		return fmt.Errorf("store: set fetched: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fault.New(fault.NotFound, "document %d does not exist", id)
	}
	return nil
}

// CreateDocument inserts a document with its sections and segments in one
// transaction. A document with the same bytes already in the library is a conflict
// whose cause is a *Duplicate: an import that lost a race to the same file learns
// the winner's document inside the transaction that would have made its own.
// Duplicate names the document that already holds a manuscript's bytes.
type Duplicate struct{ ID int64 }

func (d *Duplicate) Error() string { return fmt.Sprintf("document %d has the same bytes", d.ID) }

func (s *Store) CreateDocument(ctx context.Context, nd *NewDocument) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if existing, err := findBySHA(ctx, tx, nd.SHA256); err != nil {
			return err
		} else if existing != nil {
			return &fault.Error{Code: fault.Conflict, Message: fmt.Sprintf("already in the library as %q (id %d)", existing.Title, existing.ID),
				Err: &Duplicate{ID: existing.ID}}
		}
		now := s.Now().UnixMilli()
		res, err := tx.ExecContext(ctx, `INSERT INTO documents
			(title, author, language, format, source_name, source_sha256, source_size, words, settings, source_url, fetched_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			nd.Title, nd.Author, nd.Language, nd.Format, nd.SourceName, nd.SHA256, nd.Size, nd.Words,
			nd.Settings, nd.SourceURL, unixMilliOrZero(nd.FetchedAt), now, now)
		if err != nil {
			return fmt.Errorf("insert document: %w", err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		return insertScript(ctx, tx, id, nd.Sections, nil)
	})
	if err != nil {
		var fe *fault.Error
		if errors.As(err, &fe) {
			return 0, err
		}
		return 0, fmt.Errorf("store: create document: %w", err)
	}
	return id, nil
}

// insertScript inserts a document's sections and their segments, ords from 0;
// voices, when not nil, gives a section's voice by its ord.
func insertScript(ctx context.Context, tx *sql.Tx, docID int64, sections []NewSection, voices map[int]string) error {
	secStmt, err := tx.PrepareContext(ctx, `INSERT INTO sections (document_id, ord, title, level, voice) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer secStmt.Close()
	ins := segmentInserter{ctx: ctx, tx: tx, doc: docID}
	defer ins.close()
	ord := 0
	for i, sec := range sections {
		res, err := secStmt.ExecContext(ctx, docID, i, sec.Title, sec.Level, nullString(voices[i]))
		if err != nil {
			return fmt.Errorf("insert section %d: %w", i, err)
		}
		secID, err := res.LastInsertId()
		if err != nil {
			return err
		}
		for _, seg := range sec.Segments {
			if err := ins.add(secID, ord, seg); err != nil {
				return fmt.Errorf("insert segment %d: %w", ord, err)
			}
			ord++
		}
	}
	if err := ins.flush(); err != nil {
		return fmt.Errorf("insert segments: %w", err)
	}
	return nil
}

// segmentInserter writes segments in multi-row INSERTs: a book has thousands, and
// one statement per row costs more in the driver than in SQLite itself.
type segmentInserter struct {
	ctx  context.Context
	tx   *sql.Tx
	doc  int64
	args []any
	n    int
	full *sql.Stmt // prepared once for a full batch
}

const segmentBatch = 64

const segmentColumns = `INSERT INTO segments
	(document_id, section_id, ord, kind, level, block, source_text, start_offset, end_offset, content_hash, lang) VALUES `

func segmentSQL(rows int) string {
	return segmentColumns + strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?),", rows), ",")
}

func (s *segmentInserter) add(section int64, ord int, seg NewSegment) error {
	s.args = append(s.args, s.doc, section, ord, seg.Kind, seg.Level, seg.Block, seg.SourceText, seg.Start, seg.End, seg.Hash, seg.Lang)
	s.n++
	if s.n < segmentBatch {
		return nil
	}
	if s.full == nil {
		st, err := s.tx.PrepareContext(s.ctx, segmentSQL(segmentBatch))
		if err != nil {
			return err
		}
		s.full = st
	}
	_, err := s.full.ExecContext(s.ctx, s.args...)
	s.args, s.n = s.args[:0], 0
	return err
}

func (s *segmentInserter) flush() error {
	if s.n == 0 {
		return nil
	}
	_, err := s.tx.ExecContext(s.ctx, segmentSQL(s.n), s.args...)
	s.args, s.n = s.args[:0], 0
	return err
}

func (s *segmentInserter) close() {
	if s.full != nil {
		s.full.Close()
	}
}

func findBySHA(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, sha string) (*Document, error) {
	d, err := scanDocument(q.QueryRowContext(ctx, `SELECT `+documentColumns+` FROM documents d WHERE d.source_sha256 = ?`, sha))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: find document by checksum: %w", err)
	}
	return d, nil
}

// DocumentBySHA256 returns the document imported from bytes with this checksum, or nil.
func (s *Store) DocumentBySHA256(ctx context.Context, sha string) (*Document, error) {
	return findBySHA(ctx, s.db, sha)
}

// DocumentByTitle returns the newest document with exactly this title, or nil.
func (s *Store) DocumentByTitle(ctx context.Context, title string) (*Document, error) {
	d, err := scanDocument(s.db.QueryRowContext(ctx, `SELECT `+documentColumns+` FROM documents d WHERE d.title = ?
		ORDER BY d.created_at DESC, d.id DESC LIMIT 1`, title))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: document titled %q: %w", title, err)
	}
	return d, nil
}

// Document returns one document.
func (s *Store) Document(ctx context.Context, id int64) (*Document, error) {
	d, err := scanDocument(s.db.QueryRowContext(ctx, `SELECT `+documentColumns+` FROM documents d WHERE d.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fault.New(fault.NotFound, "document %d does not exist", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: document %d: %w", id, err)
	}
	return d, nil
}

// ScriptSegment is a segment with what rendering the document needs.
type ScriptSegment struct {
	Ord              int
	Section          int // ord of its section
	Kind, SourceText string
	SpokenText       string // the source text unless the writer edited it
	Level, Block     int
	Start, End       int
	Hash             string
	Lang             string       // a passage's own language, "" for the document's
	Edit             SegmentState // the writer's changes
	SectionVoice     string       // the voice given to its chapter, or ""
	RenderedKey      string       // the key of the rendition last made for it, or ""
}

// Script returns every segment of a document in reading order, in one query.
func (s *Store) Script(ctx context.Context, docID int64) ([]ScriptSegment, error) {
	return s.ScriptRange(ctx, docID, 0, -1)
}

// ScriptRange returns the segments from ord from to ord to (to -1: to the end).
func (s *Store) ScriptRange(ctx context.Context, docID int64, from, to int) ([]ScriptSegment, error) {
	return scriptRange(ctx, s.db, docID, from, to)
}

// EachScript gives fn the document's segments in reading order, n at a time, all
// read in one transaction: a script as consistent as one query's, however long,
// without holding all of it at once.
func (s *Store) EachScript(ctx context.Context, docID int64, n int, fn func([]ScriptSegment) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: script of %d: %w", docID, err)
	}
	defer tx.Rollback()
	for from := 0; ; {
		segs, err := scriptRange(ctx, tx, docID, from, from+n-1)
		if err != nil {
			return err
		}
		if len(segs) == 0 { // a gap in the order, or the end
			var next sql.NullInt64
			if err := tx.QueryRowContext(ctx, `SELECT min(ord) FROM segments WHERE document_id = ? AND ord >= ?`, docID, from).Scan(&next); err != nil {
				return fmt.Errorf("store: script of %d: %w", docID, err)
			}
			if !next.Valid {
				return nil
			}
			from = int(next.Int64)
			continue
		}
		if err := fn(segs); err != nil {
			return err
		}
		from = segs[len(segs)-1].Ord + 1
	}
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func scriptRange(ctx context.Context, q querier, docID int64, from, to int) ([]ScriptSegment, error) {
	if to < 0 {
		to = math.MaxInt32
	}
	rows, err := q.QueryContext(ctx, `SELECT g.ord, s.ord, g.kind, g.source_text, coalesce(g.spoken_text, g.source_text), g.level, g.block, g.start_offset, g.end_offset, g.content_hash,
		g.spoken_text, g.voice, g.rate, g.pause_after, g.skipped, g.chapter_break, g.marks, coalesce(s.voice, ''), coalesce(g.rendered_key, ''), g.lang
		FROM segments g JOIN sections s ON s.id = g.section_id
		WHERE g.document_id = ? AND g.ord BETWEEN ? AND ? ORDER BY g.ord`, docID, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: script of %d: %w", docID, err)
	}
	defer rows.Close()
	var out []ScriptSegment
	for rows.Next() {
		var g ScriptSegment
		var d stateDest
		dest := append([]any{&g.Ord, &g.Section, &g.Kind, &g.SourceText, &g.SpokenText, &g.Level, &g.Block, &g.Start, &g.End, &g.Hash},
			d.dests()...)
		if err := rows.Scan(append(dest, &g.SectionVoice, &g.RenderedKey, &g.Lang)...); err != nil {
			return nil, fmt.Errorf("store: script of %d: %w", docID, err)
		}
		g.Edit = d.state()
		out = append(out, g)
	}
	return out, rows.Err()
}

// OutlineSegment is what laying out a long text needs of a segment.
type OutlineSegment struct {
	Ord, Section, Block, Chars int
}

// Outline lists a document's segments in order, without their texts.
func (s *Store) Outline(ctx context.Context, docID int64) ([]OutlineSegment, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT g.ord, s.ord, g.block, length(g.source_text)
		FROM segments g JOIN sections s ON s.id = g.section_id WHERE g.document_id = ? ORDER BY g.ord`, docID)
	if err != nil {
		return nil, fmt.Errorf("store: outline of %d: %w", docID, err)
	}
	defer rows.Close()
	var out []OutlineSegment
	for rows.Next() {
		var o OutlineSegment
		if err := rows.Scan(&o.Ord, &o.Section, &o.Block, &o.Chars); err != nil {
			return nil, fmt.Errorf("store: outline of %d: %w", docID, err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// FindSegments returns the ords of a document's segments whose text holds query,
// in any case, at most limit of them, and how many there are.
func (s *Store) FindSegments(ctx context.Context, docID int64, query string, limit int) ([]int, int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT ord, source_text FROM segments WHERE document_id = ? ORDER BY ord`, docID)
	if err != nil {
		return nil, 0, fmt.Errorf("store: find in %d: %w", docID, err)
	}
	defer rows.Close()
	q := strings.ToLower(query)
	var out []int
	total := 0
	for rows.Next() {
		var ord int
		var text string
		if err := rows.Scan(&ord, &text); err != nil {
			return nil, 0, fmt.Errorf("store: find in %d: %w", docID, err)
		}
		if strings.Contains(strings.ToLower(text), q) {
			if total < limit {
				out = append(out, ord)
			}
			total++
		}
	}
	return out, total, rows.Err()
}

// Page is one page of a list, with the total number of matches.
type Page[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

// ListDocuments returns documents whose title contains query (any case), newest first.
func (s *Store) ListDocuments(ctx context.Context, query string, offset, limit int) (*Page[Document], error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	offset = max(offset, 0)
	pattern := "%" + escapeLike(strings.TrimSpace(query)) + "%"
	page := &Page[Document]{Items: []Document{}, Offset: offset, Limit: limit}
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE title LIKE ? ESCAPE '\'`, pattern).Scan(&page.Total); err != nil {
		return nil, fmt.Errorf("store: count documents: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+documentColumns+` FROM documents d
		WHERE d.title LIKE ? ESCAPE '\' ORDER BY d.created_at DESC, d.id DESC LIMIT ? OFFSET ?`, pattern, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("store: list documents: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list documents: %w", err)
		}
		page.Items = append(page.Items, *d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list documents: %w", err)
	}
	return page, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// RenameDocument changes a document's title.
func (s *Store) RenameDocument(ctx context.Context, id int64, title string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var old string
		if err := tx.QueryRowContext(ctx, `SELECT title FROM documents WHERE id = ?`, id).Scan(&old); errors.Is(err, sql.ErrNoRows) {
			return fault.New(fault.NotFound, "document %d does not exist", id)
		} else if err != nil {
			return fmt.Errorf("store: rename document %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET title = ?, updated_at = ? WHERE id = ?`, title, s.Now().UnixMilli(), id); err != nil {
			return fmt.Errorf("store: rename document %d: %w", id, err)
		}
		return s.audit(ctx, tx, "document.rename", fmt.Sprintf("document:%d", id), fmt.Sprintf("%q → %q", old, title))
	})
}

// SetDocumentLanguage records the language a document is read in, and the import
// settings that keep it for the document's next versions.
func (s *Store) SetDocumentLanguage(ctx context.Context, id int64, lang, settings string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE documents SET language = ?, settings = ?, updated_at = ? WHERE id = ?`, lang, settings, s.Now().UnixMilli(), id)
	if err != nil {
		return fmt.Errorf("store: set language of document %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fault.New(fault.NotFound, "document %d does not exist", id)
	}
	return nil
}

// DeleteDocument removes a document with its sections and segments.
func (s *Store) DeleteDocument(ctx context.Context, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var title string
		if err := tx.QueryRowContext(ctx, `SELECT title FROM documents WHERE id = ?`, id).Scan(&title); errors.Is(err, sql.ErrNoRows) {
			return fault.New(fault.NotFound, "document %d does not exist", id)
		} else if err != nil {
			return fmt.Errorf("store: delete document %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE id = ?`, id); err != nil {
			return fmt.Errorf("store: delete document %d: %w", id, err)
		}
		return s.audit(ctx, tx, "document.delete", fmt.Sprintf("document:%d", id), title)
	})
}

// Sections returns a document's chapters with the range of segments each holds.
func (s *Store) Sections(ctx context.Context, docID int64) ([]Section, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT s.id, s.ord, s.title, s.level, coalesce(g.first, 0), coalesce(g.n, 0), coalesce(s.voice, '')
		FROM sections s LEFT JOIN (
			SELECT section_id, min(ord) AS first, count(*) AS n FROM segments WHERE document_id = ? GROUP BY section_id
		) g ON g.section_id = s.id
		WHERE s.document_id = ? ORDER BY s.ord`, docID, docID)
	if err != nil {
		return nil, fmt.Errorf("store: sections of %d: %w", docID, err)
	}
	defer rows.Close()
	out := []Section{}
	for rows.Next() {
		var sec Section
		if err := rows.Scan(&sec.ID, &sec.Ord, &sec.Title, &sec.Level, &sec.First, &sec.Segments, &sec.Voice); err != nil {
			return nil, fmt.Errorf("store: sections of %d: %w", docID, err)
		}
		out = append(out, sec)
	}
	return out, rows.Err()
}

// Counts reports how many rows each library table holds; tests use it to show that a
// failed import wrote nothing.
func (s *Store) Counts(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	for _, t := range []string{"documents", "sections", "segments"} {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM `+t).Scan(&n); err != nil {
			return nil, fmt.Errorf("store: count %s: %w", t, err)
		}
		out[t] = n
	}
	return out, nil
}

// SpeechRate is how long a word takes in the audiobooks this library has made:
// the audio of each document's last export (pauses included) over its words, in
// ms per word; 0 when nothing was exported yet. Only the documents exported are
// looked at: the library lists (and asks this) a page at a time, whatever its size.
func (s *Store) SpeechRate(ctx context.Context) (float64, error) {
	var ms, words sql.NullFloat64
	err := s.db.QueryRowContext(ctx, `SELECT sum(a), sum(w) FROM (
			SELECT `+lastExportMs+` AS a, d.words AS w FROM documents d
			WHERE d.id IN (SELECT document_id FROM exports) AND d.words > 0)
		WHERE a > 0`).Scan(&ms, &words)
	if err != nil {
		return 0, fmt.Errorf("store: speech rate: %w", err)
	}
	if !ms.Valid || !words.Valid || words.Float64 == 0 {
		return 0, nil
	}
	return ms.Float64 / words.Float64, nil
}
