package catalog

import (
	"context"
	"fmt"

	"readback/internal/fault"
	"readback/internal/store"
	"readback/internal/tts/polly"
)

// The dashboard's window, in days, and the length of its lists' pages.
const (
	MinDays            = 1
	MaxDays            = 365
	DefaultDays        = 30
	ConversionsPerPage = 50
)

// ClampDays brings a requested window of days within MinDays–MaxDays and says why
// when it had to ("" when days was fine).
func ClampDays(days int) (int, string) {
	switch {
	case days < MinDays:
		return MinDays, fmt.Sprintf("%d days is too short a window: showing %d day, the shortest", days, MinDays)
	case days > MaxDays:
		return MaxDays, fmt.Sprintf("%d days is longer than a year: showing %d days, the longest", days, MaxDays)
	}
	return days, ""
}

// DashboardQuery picks the window (days back from now), the page of the
// conversions list (from 0) and, optionally, one state of conversion to list.
type DashboardQuery struct {
	Days  int    `json:"days"`
	Page  int    `json:"page"`
	State string `json:"state"`
}

// Dashboard is what the dashboard shows for one window.
type Dashboard struct {
	Days        int                   `json:"days"`
	Note        string                `json:"note"` // why the window asked for was changed, if it was
	From        int64                 `json:"from"` // Unix ms
	To          int64                 `json:"to"`
	Totals      store.ActivityTotals  `json:"totals"`
	Daily       []store.DayActivity   `json:"daily"`
	States      []store.Count         `json:"states"`
	Failures    []store.Count         `json:"failures"`
	Engines     []EngineRate          `json:"engines"`
	Cloud       []CloudCost           `json:"cloud"`
	CloudCost   float64               `json:"cloud_cost"` // US dollars, estimated
	Conversions *store.ConversionPage `json:"conversions"`
	Page        int                   `json:"page"`
	PerPage     int                   `json:"per_page"`
}

// EngineRate is an engine's throughput: seconds of audio per second of work.
type EngineRate struct {
	store.EngineWork
	Realtime float64 `json:"realtime"` // 12 means twelve times faster than it plays
}

// CloudCost is what a cloud engine was sent and its estimated cost.
type CloudCost struct {
	store.CloudUse
	Cost float64 `json:"cost"` // US dollars
}

// Dashboard reads the dashboard over the window q asks for (clamped, with the reason
// in Note): one query per widget.
func (c *Catalog) Dashboard(ctx context.Context, q DashboardQuery) (*Dashboard, error) {
	days, note := ClampDays(q.Days)
	switch q.State {
	case "", "done", "failed", "cancelled":
	default:
		return nil, fault.New(fault.Invalid, "no conversion state %q (done, failed or cancelled)", q.State)
	}
	now := c.store.Now()
	// The window is whole local days: today and the days-1 before it.
	sp := store.LocalSpan(now, days)
	// A page past any there could be is the last there could be (a year of
	// conversions is far fewer than this).
	page := min(max(q.Page, 0), 1_000_000)
	out := &Dashboard{Days: days, Note: note, From: sp.From, To: now.UnixMilli(), Page: page, PerPage: ConversionsPerPage}
	totals, err := c.store.Totals(ctx, sp)
	if err != nil {
		return nil, err
	}
	out.Totals = *totals
	if out.Daily, err = c.store.Daily(ctx, sp); err != nil {
		return nil, err
	}
	if out.States, err = c.store.ConversionStates(ctx, sp); err != nil {
		return nil, err
	}
	if out.Failures, err = c.store.FailureCauses(ctx, sp); err != nil {
		return nil, err
	}
	work, err := c.store.EngineThroughput(ctx, sp)
	if err != nil {
		return nil, err
	}
	out.Engines = make([]EngineRate, 0, len(work))
	for _, w := range work {
		r := EngineRate{EngineWork: w}
		if w.WorkMs > 0 {
			r.Realtime = float64(w.AudioMs) / float64(w.WorkMs)
		}
		out.Engines = append(out.Engines, r)
	}
	use, err := c.store.CloudUsage(ctx, sp)
	if err != nil {
		return nil, err
	}
	out.Cloud = make([]CloudCost, 0, len(use))
	for _, u := range use {
		cc := CloudCost{CloudUse: u, Cost: polly.Cost(u.Engine, u.Characters)}
		out.CloudCost += cc.Cost
		out.Cloud = append(out.Cloud, cc)
	}
	if out.Conversions, err = c.store.Conversions(ctx, sp, q.State, out.Page*ConversionsPerPage, ConversionsPerPage); err != nil {
		return nil, err
	}
	return out, nil
}
