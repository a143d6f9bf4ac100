package catalog

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"time"

	"readback/internal/fault"
	"readback/internal/store"
)

// AuditPerPage is how many audit events a page shows.
const AuditPerPage = 50

// AuditQuery picks from the audit log: one action ("" for all) over the last Days
// days (0 for all time; else 1–365).
type AuditQuery struct {
	Action string `json:"action"`
	Days   int    `json:"days"`
}

func (q AuditQuery) since(now time.Time) (int64, error) {
	switch {
	case q.Days == 0:
		return 0, nil
	case q.Days < MinDays || q.Days > MaxDays:
		return 0, fault.New(fault.Invalid, "the period is %d to %d days, not %d", MinDays, MaxDays, q.Days)
	}
	return now.AddDate(0, 0, -q.Days).UnixMilli(), nil
}

// AuditLog returns a page (from 0) of the audit log, newest first.
func (c *Catalog) AuditLog(ctx context.Context, q AuditQuery, page int) (*store.AuditPage, error) {
	since, err := q.since(time.Now())
	if err != nil {
		return nil, err
	}
	return c.store.AuditEvents(ctx, q.Action, since, max(page, 0)*AuditPerPage, AuditPerPage)
}

// WriteAuditCSV writes the events q picks as CSV: time (UTC), action, subject, detail.
func (c *Catalog) WriteAuditCSV(ctx context.Context, w io.Writer, q AuditQuery) error {
	since, err := q.since(time.Now())
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"time", "action", "subject", "detail"})
	for offset := 0; ; {
		page, err := c.store.AuditEvents(ctx, q.Action, since, offset, 500)
		if err != nil {
			return err
		}
		for _, e := range page.Events {
			cw.Write([]string{time.UnixMilli(e.At).UTC().Format(time.RFC3339), e.Action, e.Subject, e.Detail})
		}
		offset += len(page.Events)
		if len(page.Events) == 0 || offset >= page.Total {
			break
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	return nil
}
