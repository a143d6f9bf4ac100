package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"
)

// A library a writer might have after a busy year: 1,000 documents, 30,000 ended
// conversions (done, failed, cancelled, across engines and a cloud one), 100,000 days
// of listening spread over the documents, and a queue with some waiting.
func benchLibrary(b *testing.B) (*Store, Span) {
	b.Helper()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "library.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	yearAgo := LocalSpan(now, 365).From
	span := now.UnixMilli() - yearAgo
	r := rand.New(rand.NewPCG(1, 2))
	err = s.tx(ctx, func(tx *sql.Tx) error {
		for i := range 1000 {
			at := yearAgo + r.Int64N(span)
			if _, err := tx.ExecContext(ctx, `INSERT INTO documents (title, format, source_name, source_sha256, source_size, words, created_at, updated_at)
				VALUES (?, 'markdown', 'x.md', ?, 1000, 90000, ?, ?)`, fmt.Sprintf("Book %d", i), fmt.Sprintf("%064d", i), at, at); err != nil {
				return err
			}
		}
		states := []string{"done", "done", "done", "done", "failed", "cancelled"}
		causes := []string{"invalid", "unavailable", "timeout", "crashed", "internal"}
		engines := []string{"espeak", "espeak", "piper", "kokoro", "polly"}
		for i := range 30000 {
			at := yearAgo + r.Int64N(span)
			state, engine := states[r.IntN(len(states))], engines[r.IntN(len(engines))]
			cause, cloud, chars := "", "", 0
			if state == "failed" {
				cause = causes[r.IntN(len(causes))]
			}
			if engine == "polly" {
				cloud, chars = "neural", 100_000+r.IntN(900_000)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO conversion_log (job_id, job_created_at, document_id, title, engine, state, cause, error, audio_ms,
				synthesized, started_at, finished_at) VALUES (?, ?, ?, 'Book', ?, ?, ?, '', ?, ?, ?, ?)`,
				i+1, at-3_600_000, 1+r.IntN(1000), engine, state, cause, r.Int64N(36_000_000), r.IntN(3000), at-r.Int64N(3_600_000), at); err != nil {
				return err
			}
			if cloud != "" {
				if _, err := tx.ExecContext(ctx, `INSERT INTO cloud_usage (at, service, engine, characters, document_id) VALUES (?, 'polly', ?, ?, ?)`,
					at, cloud, chars, 1+r.IntN(1000)); err != nil {
					return err
				}
			}
		}
		for d := range 1000 {
			for k := range 100 {
				day := Day(now) - int64(r.IntN(365))
				if _, err := tx.ExecContext(ctx, `INSERT INTO listening_log (day, document_id, ms) VALUES (?, ?, ?)
					ON CONFLICT (day, document_id) DO UPDATE SET ms = ms + excluded.ms`, day, d+1, 60_000+k); err != nil {
					return err
				}
			}
		}
		for i := range 200 {
			if _, err := insertJob(ctx, tx, NewJob{Kind: "convert", DocumentID: int64(1 + i%1000), Payload: map[string]any{}}, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	return s, LocalSpan(now, 365)
}

// BenchmarkDashboard times each of the dashboard's queries (one per widget) over a
// year of that library: the target is under 50 ms each.
func BenchmarkDashboard(b *testing.B) {
	s, sp := benchLibrary(b)
	ctx := context.Background()
	widgets := []struct {
		name string
		run  func() error
	}{
		{"totals", func() error { _, err := s.Totals(ctx, sp); return err }},
		{"daily", func() error { _, err := s.Daily(ctx, sp); return err }},
		{"states", func() error { _, err := s.ConversionStates(ctx, sp); return err }},
		{"failures", func() error { _, err := s.FailureCauses(ctx, sp); return err }},
		{"engines", func() error { _, err := s.EngineThroughput(ctx, sp); return err }},
		{"cloud", func() error { _, err := s.CloudUsage(ctx, sp); return err }},
		{"conversions-first-page", func() error { _, err := s.Conversions(ctx, sp, "", 0, 50); return err }},
		{"conversions-last-page", func() error { _, err := s.Conversions(ctx, sp, "", 29950, 50); return err }},
		{"conversions-failed", func() error { _, err := s.Conversions(ctx, sp, "failed", 0, 50); return err }},
	}
	for _, w := range widgets {
		b.Run(w.name, func(b *testing.B) {
			for b.Loop() {
				if err := w.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
