package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"readback/internal/fault"
)

// Job states.
const (
	JobAvailable = "available"
	JobRunning   = "running"
	JobDone      = "done"
	JobFailed    = "failed"
	JobCancelled = "cancelled"
)

// Job priorities: what the writer is listening to first, then previews, then bulk
// conversions.
const (
	PriorityBulk      = 10
	PriorityPreview   = 20
	PriorityListening = 30
)

// Job is a unit of queued work.
type Job struct {
	ID            int64           `json:"id"`
	Kind          string          `json:"kind"`
	DocumentID    int64           `json:"document_id"`
	Title         string          `json:"title"` // the document's, for lists
	Payload       json.RawMessage `json:"payload"`
	State         string          `json:"state"`
	Priority      int             `json:"priority"`
	Attempt       int             `json:"attempt"`
	MaxAttempts   int             `json:"max_attempts"`
	RunAt         time.Time       `json:"run_at"`
	LeaseUntil    *time.Time      `json:"lease_until,omitempty"`
	LastError     string          `json:"last_error"`
	Cause         string          `json:"cause"`          // the last failure's kind: a fault code, "timeout", "interrupted", "crashed"
	ProgressStage string          `json:"progress_stage"` // "" (the sentences) or "encoding"
	ProgressDone  int             `json:"progress_done"`
	ProgressTotal int             `json:"progress_total"`
	Result        json.RawMessage `json:"result"`
	CreatedAt     time.Time       `json:"created_at"`
	FinishedAt    *time.Time      `json:"finished_at,omitempty"`
}

// NewJob is a job to enqueue.
type NewJob struct {
	Kind        string
	DocumentID  int64
	Payload     any
	Priority    int
	MaxAttempts int
}

const jobColumns = `id, kind, coalesce(document_id, 0), payload, state, priority, attempt, max_attempts, run_at, lease_until,
	last_error, progress_done, progress_total, result, created_at, finished_at,
	coalesce((SELECT title FROM documents WHERE documents.id = jobs.document_id), ''), cause, progress_stage`

func scanJob(row interface{ Scan(...any) error }) (*Job, error) {
	var j Job
	var payload, result string
	var runAt, created int64
	var lease, finished sql.NullInt64
	if err := row.Scan(&j.ID, &j.Kind, &j.DocumentID, &payload, &j.State, &j.Priority, &j.Attempt, &j.MaxAttempts,
		&runAt, &lease, &j.LastError, &j.ProgressDone, &j.ProgressTotal, &result, &created, &finished, &j.Title, &j.Cause, &j.ProgressStage); err != nil {
		return nil, err
	}
	j.Payload, j.Result = json.RawMessage(payload), json.RawMessage(result)
	j.RunAt, j.CreatedAt = time.UnixMilli(runAt), time.UnixMilli(created)
	if lease.Valid {
		t := time.UnixMilli(lease.Int64)
		j.LeaseUntil = &t
	}
	if finished.Valid {
		t := time.UnixMilli(finished.Int64)
		j.FinishedAt = &t
	}
	return &j, nil
}

func insertJob(ctx context.Context, tx *sql.Tx, nj NewJob, now time.Time) (int64, error) {
	payload, err := json.Marshal(nj.Payload)
	if err != nil {
		return 0, err
	}
	if nj.Priority == 0 {
		nj.Priority = PriorityBulk
	}
	if nj.MaxAttempts == 0 {
		nj.MaxAttempts = 5
	}
	var doc any
	if nj.DocumentID != 0 {
		doc = nj.DocumentID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO jobs (kind, document_id, payload, priority, max_attempts, run_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, nj.Kind, doc, string(payload), nj.Priority, nj.MaxAttempts, now.UnixMilli(), now.UnixMilli(), now.UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("insert job: %w", err)
	}
	return res.LastInsertId()
}

// Enqueue adds a job. For a document, the document must exist: the job and the
// check are one transaction, so there is never a job without its document.
func (s *Store) Enqueue(ctx context.Context, nj NewJob) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if nj.DocumentID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE id = ?`, nj.DocumentID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fault.New(fault.NotFound, "document %d does not exist", nj.DocumentID)
			}
		}
		var err error
		id, err = insertJob(ctx, tx, nj, s.Now())
		return err
	})
	return id, err
}

// Claim leases up to n available jobs whose time has come, highest priority first,
// unless the queue is paused. Claiming is one UPDATE … RETURNING, so two workers can
// never claim the same job.
func (s *Store) Claim(ctx context.Context, n int, lease time.Duration) ([]*Job, error) {
	now := s.Now()
	rows, err := s.db.QueryContext(ctx, `UPDATE jobs SET state = 'running', attempt = attempt + 1, lease_until = ?, updated_at = ?, started_at = ?,
		progress_stage = '', progress_done = 0, progress_total = 0
		WHERE id IN (
			SELECT id FROM jobs WHERE state = 'available' AND run_at <= ?
			AND NOT (SELECT paused FROM queue_state WHERE id = 1)
			ORDER BY priority DESC, run_at, id LIMIT ?)
		RETURNING `+jobColumns, now.Add(lease).UnixMilli(), now.UnixMilli(), now.UnixMilli(), now.UnixMilli(), n)
	if err != nil {
		return nil, fmt.Errorf("store: claim jobs: %w", err)
	}
	defer rows.Close()
	var out []*Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, fmt.Errorf("store: claim jobs: %w", err)
		}
		out = append(out, j)
	}
	// RETURNING gives the rows in the order SQLite updated them, which is not the
	// order they were chosen in: put them back in the queue's order.
	slices.SortStableFunc(out, func(a, b *Job) int {
		return cmp.Or(cmp.Compare(b.Priority, a.Priority), a.RunAt.Compare(b.RunAt), cmp.Compare(a.ID, b.ID))
	})
	return out, rows.Err()
}

// errLost means the job is no longer this worker's: its lease ran out and it was
// handed back, or it was cancelled.
var errLost = errors.New("the job is no longer leased to this worker")

// ErrJobLost reports whether err means the worker lost its job.
func ErrJobLost(err error) bool { return errors.Is(err, errLost) }

func (s *Store) updateRunning(ctx context.Context, id int64, query string, args ...any) error {
	res, err := s.db.ExecContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("store: job %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errLost
	}
	return nil
}

// Renew extends a running job's lease and records its progress: at stage ("" for
// the main work), done of total.
func (s *Store) Renew(ctx context.Context, id int64, lease time.Duration, stage string, done, total int) error {
	now := s.Now()
	return s.updateRunning(ctx, id, `UPDATE jobs SET lease_until = ?, progress_stage = ?, progress_done = ?, progress_total = ?, updated_at = ?
		WHERE id = ? AND state = 'running'`, now.Add(lease).UnixMilli(), stage, done, total, now.UnixMilli(), id)
}

// Complete marks a running job done with its result.
func (s *Store) Complete(ctx context.Context, id int64, result any) error {
	raw, err := json.Marshal(result)
	if err != nil {
		return err
	}
	now := s.Now().UnixMilli()
	return s.updateRunning(ctx, id, `UPDATE jobs SET state = 'done', lease_until = NULL, result = ?, last_error = '',
		progress_done = progress_total, finished_at = ?, updated_at = ? WHERE id = ? AND state = 'running'`, string(raw), now, now, id)
}

// Fail records a failed attempt: the job runs again at retryAt, or, out of attempts
// (or when retryAt is zero: not worth retrying), stays failed with its reason. cause
// is the reason's kind, for counting (a fault code, "timeout", "interrupted"). A
// non-nil result (what the attempt did manage) is kept for the writer to see.
func (s *Store) Fail(ctx context.Context, id int64, reason, cause string, retryAt time.Time, result any) error {
	now := s.Now().UnixMilli()
	raw := []byte("{}")
	if result != nil {
		var err error
		if raw, err = json.Marshal(result); err != nil {
			return err
		}
	}
	retry := int64(0)
	if !retryAt.IsZero() {
		retry = retryAt.UnixMilli()
	}
	return s.updateRunning(ctx, id, `UPDATE jobs SET
		state = CASE WHEN ? > 0 AND attempt < max_attempts THEN 'available' ELSE 'failed' END,
		run_at = CASE WHEN ? > 0 THEN ? ELSE run_at END,
		finished_at = CASE WHEN ? > 0 AND attempt < max_attempts THEN NULL ELSE ? END,
		lease_until = NULL, last_error = ?, cause = ?, result = ?, updated_at = ?
		WHERE id = ? AND state = 'running'`, retry, retry, retry, retry, now, reason, cause, string(raw), now, id)
}

// Reap hands back running jobs whose lease expired: their worker died or hung.
// The attempt they used stays counted; one that used its last attempt fails.
func (s *Store) Reap(ctx context.Context) (int, error) {
	now := s.Now().UnixMilli()
	res, err := s.db.ExecContext(ctx, `UPDATE jobs SET
		state = CASE WHEN attempt < max_attempts THEN 'available' ELSE 'failed' END,
		finished_at = CASE WHEN attempt < max_attempts THEN NULL ELSE ? END,
		last_error = 'the worker stopped (crash, kill or sleep) before finishing; ' || last_error,
		cause = 'crashed', lease_until = NULL, updated_at = ?
		WHERE state = 'running' AND lease_until < ?`, now, now, now)
	if err != nil {
		return 0, fmt.Errorf("store: reap jobs: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// Cancel stops a job that has not finished; a running one notices at its next renewal.
func (s *Store) Cancel(ctx context.Context, id int64) error {
	now := s.Now().UnixMilli()
	res, err := s.db.ExecContext(ctx, `UPDATE jobs SET state = 'cancelled', lease_until = NULL, finished_at = ?, updated_at = ?
		WHERE id = ? AND state IN ('available', 'running')`, now, now, id)
	if err != nil {
		return fmt.Errorf("store: cancel job %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fault.New(fault.Conflict, "job %d is not waiting or running", id)
	}
	return nil
}

// Retry puts a failed or cancelled job back in the queue with fresh attempts.
func (s *Store) Retry(ctx context.Context, id int64) error {
	now := s.Now().UnixMilli()
	res, err := s.db.ExecContext(ctx, `UPDATE jobs SET state = 'available', attempt = 0, run_at = ?, finished_at = NULL, updated_at = ?
		WHERE id = ? AND state IN ('failed', 'cancelled')`, now, now, id)
	if err != nil {
		return fmt.Errorf("store: retry job %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fault.New(fault.Conflict, "job %d has not failed or been cancelled", id)
	}
	return nil
}

// RemoveJob takes an ended job (done, failed or cancelled) off the queue; what it
// made stays, and so does its line in the dashboard's history.
func (s *Store) RemoveJob(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM jobs WHERE id = ? AND state IN ('done', 'failed', 'cancelled')`, id)
	if err != nil {
		return fmt.Errorf("store: remove job %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	var state string
	if err := s.db.QueryRowContext(ctx, `SELECT state FROM jobs WHERE id = ?`, id).Scan(&state); errors.Is(err, sql.ErrNoRows) {
		return fault.New(fault.NotFound, "there is no job %d in the queue", id)
	}
	return fault.New(fault.Conflict, "job %d is still waiting or running: cancel it first", id)
}

// SetPaused pauses or resumes the whole queue: paused, nothing new is claimed.
func (s *Store) SetPaused(ctx context.Context, paused bool) error {
	_, err := s.db.ExecContext(ctx, `UPDATE queue_state SET paused = ? WHERE id = 1`, paused)
	return err
}

// Paused reports whether the queue is paused.
func (s *Store) Paused(ctx context.Context) (bool, error) {
	var p bool
	err := s.db.QueryRowContext(ctx, `SELECT paused FROM queue_state WHERE id = 1`).Scan(&p)
	return p, err
}

// Prune deletes finished jobs that finished before cutoff.
func (s *Store) Prune(ctx context.Context, cutoff time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM jobs WHERE state IN ('done', 'failed', 'cancelled') AND finished_at < ?`, cutoff.UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("store: prune jobs: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// Job returns one job.
func (s *Store) Job(ctx context.Context, id int64) (*Job, error) {
	j, err := scanJob(s.db.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM jobs WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fault.New(fault.NotFound, "job %d does not exist", id)
	}
	return j, err
}

// Jobs lists the most recent jobs, unfinished first.
func (s *Store) Jobs(ctx context.Context, limit int) ([]*Job, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+jobColumns+` FROM jobs
		ORDER BY state NOT IN ('running', 'available'), priority DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: jobs: %w", err)
	}
	defer rows.Close()
	var out []*Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// Unfinished counts the jobs waiting or running: at start, the ones left from the
// previous run.
func (s *Store) Unfinished(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM jobs WHERE state IN ('available', 'running')`).Scan(&n)
	return n, err
}
