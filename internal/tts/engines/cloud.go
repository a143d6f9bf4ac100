package engines

import (
	"context"
	"time"

	"readback/internal/config"
	"readback/internal/fault"
	"readback/internal/store"
	"readback/internal/tts"
	"readback/internal/tts/polly"
)

// Cloud is the service behind Settings → Amazon Polly: its preferences kept, the
// engine set up again as they say, and what it can do now.
type Cloud struct {
	Store    *store.Store
	Registry *tts.Registry
	Paths    config.Paths
}

// CloudStatus is Polly's preferences and what came of them: how many voices it
// offers, or why none.
type CloudStatus struct {
	store.PollyPrefs
	Voices  int    `json:"voices"`
	Problem string `json:"problem"`
}

// Start sets Polly up as the library's preferences say (the window's start).
func (c *Cloud) Start(ctx context.Context) error {
	p, err := c.Store.Preferences(ctx)
	if err != nil {
		return err
	}
	Polly(ctx, c.Registry, c.Paths, p.Polly)
	return nil
}

// Polly is the preferences and the status now.
func (c *Cloud) Polly(ctx context.Context) (*CloudStatus, error) {
	p, err := c.Store.Preferences(ctx)
	if err != nil {
		return nil, err
	}
	return c.status(ctx, p.Polly), nil
}

// SetPolly keeps the preferences once valid, sets Polly up again and says what it
// offers now.
func (c *Cloud) SetPolly(ctx context.Context, pp store.PollyPrefs) (*CloudStatus, error) {
	if err := pp.Validate(); err != nil {
		return nil, err
	}
	p, err := c.Store.Preferences(ctx)
	if err != nil {
		return nil, err
	}
	p.Polly = pp
	if err := c.Store.SetPreferences(ctx, p); err != nil {
		return nil, err
	}
	Polly(ctx, c.Registry, c.Paths, pp)
	if e, err := c.Registry.Engine(polly.Name); err == nil && pp.On {
		e.(*polly.Engine).Refresh() // the writer may have fixed the credentials: ask again
	}
	return c.status(ctx, pp), nil
}

// status asks Polly for its voices (the cache, while fresh), within a bound.
func (c *Cloud) status(ctx context.Context, p store.PollyPrefs) *CloudStatus {
	st := &CloudStatus{PollyPrefs: p}
	if !p.On {
		return st
	}
	if why, missing := c.Registry.Missing()[polly.Name]; missing {
		st.Problem = why
		return st
	}
	e, err := c.Registry.Engine(polly.Name)
	if err != nil {
		st.Problem = err.Error()
		return st
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	vs, err := e.Voices(ctx)
	if err != nil {
		st.Problem = fault.MessageOf(err)
		return st
	}
	st.Voices = len(vs)
	// A list kept from before serves, but the writer is told Polly refused.
	if pe, ok := e.(*polly.Engine); ok {
		if err := pe.ListingProblem(); err != nil {
			st.Problem = fault.MessageOf(err)
		}
	}
	return st
}
