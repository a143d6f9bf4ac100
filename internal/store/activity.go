package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// rowsOf runs a query and scans each row into a T: the dashboard's lists, and others.
func rowsOf[T any](ctx context.Context, s *Store, what, query string, scan func(*sql.Rows, *T) error, args ...any) ([]T, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		var v T
		if err := scan(rows, &v); err != nil {
			return nil, fmt.Errorf("store: %s: %w", what, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Span is the dashboard's window: [From, To) in Unix ms, and the local calendar
// days it covers, each with its own bounds (a day with a clock change is 23 or 25
// hours long).
type Span struct {
	From, To int64
	Days     []SpanDay
}

// SpanDay is one local calendar day: its number (Day) and [Start, End) in Unix ms.
type SpanDay struct {
	Day, Start, End int64
}

// LocalSpan is the span of the days local days up to and including now's, in
// now's location, ending at now.
func LocalSpan(now time.Time, days int) Span {
	y, m, d := now.Date()
	sp := Span{To: now.UnixMilli() + 1}
	for i := days - 1; i >= 0; i-- {
		start := time.Date(y, m, d-i, 0, 0, 0, 0, now.Location())
		end := time.Date(y, m, d-i+1, 0, 0, 0, 0, now.Location())
		sp.Days = append(sp.Days, SpanDay{Day: Day(start), Start: start.UnixMilli(), End: min(end.UnixMilli(), sp.To)})
	}
	sp.From = sp.Days[0].Start
	return sp
}

// firstDay and lastDay are the span's first and last local days (of From and of
// To, in the local time zone, for a span made without its days).
func (sp Span) firstDay() int64 {
	if len(sp.Days) == 0 {
		return Day(time.UnixMilli(sp.From))
	}
	return sp.Days[0].Day
}

func (sp Span) lastDay() int64 {
	if len(sp.Days) == 0 {
		return Day(time.UnixMilli(sp.To - 1))
	}
	return sp.Days[len(sp.Days)-1].Day
}

// Day is the local calendar day t falls on, as days since 1970-01-01.
func Day(t time.Time) int64 {
	_, off := t.Zone()
	return (t.UnixMilli() + int64(off)*1000) / 86_400_000
}

// AddListening counts ms more of listening to docID on t's day.
func (s *Store) AddListening(ctx context.Context, docID int64, t time.Time, ms int64) error {
	if ms <= 0 {
		return nil
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO listening_log (day, document_id, ms) VALUES (?, ?, ?)
		ON CONFLICT (day, document_id) DO UPDATE SET ms = ms + excluded.ms`, Day(t), docID, ms)
	if err != nil {
		return fmt.Errorf("store: count listening time: %w", err)
	}
	return nil
}

// ActivityTotals is the dashboard's headline figures over a span.
type ActivityTotals struct {
	Imported    int   `json:"imported"`    // documents added (and still in the library)
	Conversions int   `json:"conversions"` // conversions that ended, however
	NarratedMs  int64 `json:"narrated_ms"` // audio made by conversions that succeeded
	ListenedMs  int64 `json:"listened_ms"`
}

// Totals reads the headline figures in one query.
func (s *Store) Totals(ctx context.Context, sp Span) (*ActivityTotals, error) {
	var t ActivityTotals
	err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM documents WHERE created_at >= ?1 AND created_at < ?2),
		(SELECT count(*) FROM conversion_log WHERE finished_at >= ?1 AND finished_at < ?2),
		(SELECT coalesce(sum(audio_ms), 0) FROM conversion_log WHERE finished_at >= ?1 AND finished_at < ?2 AND state = 'done'),
		(SELECT coalesce(sum(ms), 0) FROM listening_log WHERE day >= ?3 AND day <= ?4)`,
		sp.From, sp.To, sp.firstDay(), sp.lastDay()).Scan(&t.Imported, &t.Conversions, &t.NarratedMs, &t.ListenedMs)
	if err != nil {
		return nil, fmt.Errorf("store: dashboard totals: %w", err)
	}
	return &t, nil
}

// DayActivity is one local day's figures.
type DayActivity struct {
	Day        int64 `json:"day"` // days since 1970-01-01, local time
	Imported   int   `json:"imported"`
	NarratedMs int64 `json:"narrated_ms"`
	ListenedMs int64 `json:"listened_ms"`
}

// Daily reads the span's figures day by day, every day of it, in one query: each
// local day's own bounds pick its rows (through the indexes), so a day with a clock
// change counts its 23 or 25 hours.
func (s *Store) Daily(ctx context.Context, sp Span) ([]DayActivity, error) {
	days, err := json.Marshal(sp.Days)
	if err != nil {
		return nil, err
	}
	return rowsOf(ctx, s, "dashboard days", `WITH days (day, start, end) AS (
			SELECT json_extract(value, '$.Day'), json_extract(value, '$.Start'), json_extract(value, '$.End') FROM json_each(?1))
		SELECT day,
			(SELECT count(*) FROM documents WHERE created_at >= days.start AND created_at < days.end),
			(SELECT coalesce(sum(audio_ms), 0) FROM conversion_log WHERE finished_at >= days.start AND finished_at < days.end AND state = 'done'),
			(SELECT coalesce(sum(ms), 0) FROM listening_log WHERE listening_log.day = days.day)
		FROM days ORDER BY day`, func(r *sql.Rows, d *DayActivity) error {
		return r.Scan(&d.Day, &d.Imported, &d.NarratedMs, &d.ListenedMs)
	}, string(days))
}

// Count is a label and how many.
type Count struct {
	Label string `json:"label"`
	N     int    `json:"n"`
}

// ConversionStates counts the span's conversions by how they ended, with those
// waiting or running now, in one query.
func (s *Store) ConversionStates(ctx context.Context, sp Span) ([]Count, error) {
	return s.counts(ctx, "dashboard states", `SELECT state, count(*) FROM conversion_log WHERE finished_at >= ?1 AND finished_at < ?2 GROUP BY state
		UNION ALL
		SELECT CASE state WHEN 'available' THEN 'waiting' ELSE state END, count(*) FROM jobs
			WHERE kind = 'convert' AND state IN ('available', 'running') GROUP BY state
		ORDER BY 2 DESC, 1`, sp.From, sp.To)
}

// FailureCauses counts the span's failed conversions by cause, in one query.
func (s *Store) FailureCauses(ctx context.Context, sp Span) ([]Count, error) {
	return s.counts(ctx, "dashboard failures", `SELECT CASE cause WHEN '' THEN 'internal' ELSE cause END AS c, count(*) FROM conversion_log
		WHERE finished_at >= ?1 AND finished_at < ?2 AND state = 'failed' GROUP BY c ORDER BY 2 DESC, 1`, sp.From, sp.To)
}

func (s *Store) counts(ctx context.Context, what, query string, args ...any) ([]Count, error) {
	return rowsOf(ctx, s, what, query, func(r *sql.Rows, c *Count) error { return r.Scan(&c.Label, &c.N) }, args...)
}

// EngineWork is what one engine did over a span: the audio it made in conversions
// that synthesised at least one sentence, and the time they took.
type EngineWork struct {
	Engine      string `json:"engine"`
	Conversions int    `json:"conversions"`
	AudioMs     int64  `json:"audio_ms"`
	WorkMs      int64  `json:"work_ms"`
}

// EngineThroughput reads each engine's work over the span, in one query.
func (s *Store) EngineThroughput(ctx context.Context, sp Span) ([]EngineWork, error) {
	return rowsOf(ctx, s, "dashboard engines", `SELECT engine, count(*), sum(audio_ms), sum(max(finished_at - started_at, 0))
		FROM conversion_log WHERE finished_at >= ?1 AND finished_at < ?2 AND state = 'done' AND synthesized > 0
		GROUP BY engine ORDER BY engine`, func(r *sql.Rows, w *EngineWork) error {
		return r.Scan(&w.Engine, &w.Conversions, &w.AudioMs, &w.WorkMs)
	}, sp.From, sp.To)
}

// CloudUse is what was sent to one cloud engine over a span.
type CloudUse struct {
	Engine     string `json:"engine"`
	Characters int64  `json:"characters"`
	Tasks      int    `json:"tasks"`
}

// CloudCharge is one task a cloud engine accepted.
type CloudCharge struct {
	Service    string // "polly"
	Engine     string
	Characters int
	DocumentID int64
}

// RecordCloudUse notes a task a cloud engine accepted, for the cost it bills.
func (s *Store) RecordCloudUse(ctx context.Context, c CloudCharge) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO cloud_usage (at, service, engine, characters, document_id) VALUES (?, ?, ?, ?, ?)`,
		s.Now().UnixMilli(), c.Service, c.Engine, max(c.Characters, 0), c.DocumentID)
	if err != nil {
		return fmt.Errorf("store: record cloud use: %w", err)
	}
	return nil
}

// MonthStart is the first moment of t's calendar month, where a monthly budget
// starts again.
func MonthStart(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, t.Location())
}

// CloudCharacters is what was sent to a cloud service since a time, in characters.
func (s *Store) CloudCharacters(ctx context.Context, service string, since time.Time) (int64, error) {
	var n int64
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(sum(characters), 0) FROM cloud_usage WHERE service = ? AND at >= ?`,
		service, since.UnixMilli()).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: cloud use: %w", err)
	}
	return n, nil
}

// CloudUsage reads the characters sent to cloud engines over the span, by engine,
// in one query: every task accepted counts, whether its conversion finished or not.
func (s *Store) CloudUsage(ctx context.Context, sp Span) ([]CloudUse, error) {
	return rowsOf(ctx, s, "dashboard cloud", `SELECT engine, sum(characters), count(*) FROM cloud_usage
		WHERE at >= ?1 AND at < ?2 GROUP BY engine ORDER BY engine`, func(r *sql.Rows, u *CloudUse) error {
		return r.Scan(&u.Engine, &u.Characters, &u.Tasks)
	}, sp.From, sp.To)
}

// ConversionRecord is a conversion that ran outside the queue (readback convert).
type ConversionRecord struct {
	DocumentID  int64
	Title       string
	Engine      string
	State       string // done or failed
	Cause       string
	Error       string
	AudioMs     int64
	Synthesized int
	Started     time.Time
	Finished    time.Time
}

// LogConversion counts a conversion that ran outside the queue (the queue's own are
// logged by the database as they end).
func (s *Store) LogConversion(ctx context.Context, c ConversionRecord) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO conversion_log (document_id, title, engine, state, cause, error, audio_ms, synthesized, started_at, finished_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.DocumentID, c.Title, c.Engine, c.State, c.Cause, c.Error, max(c.AudioMs, 0), max(c.Synthesized, 0),
		c.Started.UnixMilli(), c.Finished.UnixMilli())
	if err != nil {
		return fmt.Errorf("store: log conversion: %w", err)
	}
	return nil
}

// LoggedConversion is one ended conversion.
type LoggedConversion struct {
	ID         int64  `json:"id"`
	JobID      int64  `json:"job_id"` // 0: run from the command line
	DocumentID int64  `json:"document_id"`
	Title      string `json:"title"`
	Engine     string `json:"engine"`
	State      string `json:"state"`
	Cause      string `json:"cause"`
	Error      string `json:"error"`
	AudioMs    int64  `json:"audio_ms"`
	StartedAt  int64  `json:"started_at"`
	FinishedAt int64  `json:"finished_at"`
}

// ConversionPage is a page of ended conversions, newest first, and how many there are.
type ConversionPage struct {
	Conversions []LoggedConversion `json:"conversions"`
	Total       int                `json:"total"`
}

// Conversions lists the span's ended conversions (one state's, or all for ""), newest
// first, a page at a time, with the total, in one query.
func (s *Store) Conversions(ctx context.Context, sp Span, state string, offset, limit int) (*ConversionPage, error) {
	// The total is counted on an index, and the page's rows are picked on it before
	// any is read: a late page costs little more than the first.
	rows, err := s.db.QueryContext(ctx, `SELECT id, coalesce(job_id, 0), document_id, title, engine, state, cause, error, audio_ms, started_at, finished_at,
			(SELECT count(*) FROM conversion_log WHERE finished_at >= ?1 AND finished_at < ?2 AND (?3 = '' OR state = ?3))
		FROM conversion_log WHERE id IN (
			SELECT id FROM conversion_log WHERE finished_at >= ?1 AND finished_at < ?2 AND (?3 = '' OR state = ?3)
			ORDER BY finished_at DESC, id DESC LIMIT ?4 OFFSET ?5)
		ORDER BY finished_at DESC, id DESC`, sp.From, sp.To, state, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("store: dashboard conversions: %w", err)
	}
	defer rows.Close()
	p := &ConversionPage{Conversions: []LoggedConversion{}}
	for rows.Next() {
		var c LoggedConversion
		if err := rows.Scan(&c.ID, &c.JobID, &c.DocumentID, &c.Title, &c.Engine, &c.State, &c.Cause, &c.Error, &c.AudioMs,
			&c.StartedAt, &c.FinishedAt, &p.Total); err != nil {
			return nil, err
		}
		p.Conversions = append(p.Conversions, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(p.Conversions) == 0 && offset > 0 {
		// Past the last page: the total still says how many there are.
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM conversion_log WHERE finished_at >= ?1 AND finished_at < ?2 AND (?3 = '' OR state = ?3)`,
			sp.From, sp.To, state).Scan(&p.Total); err != nil {
			return nil, err
		}
	}
	return p, nil
}
