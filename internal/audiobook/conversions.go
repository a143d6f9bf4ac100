package audiobook

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"readback/internal/fault"
	"readback/internal/render"
	"readback/internal/store"
	"readback/internal/tts"
)

// ConvertOptions are what the Convert dialog asks for.
type ConvertOptions struct {
	Voice         string         `json:"voice"` // ENGINE:ID, preset:ID, or "" for the document's
	Rate          float64        `json:"rate"`
	Format        string         `json:"format"`
	Output        string         `json:"output"`
	PerChapter    bool           `json:"per_chapter"`
	Subtitles     bool           `json:"subtitles"`
	SubtitleLevel string         `json:"subtitle_level"`
	Pauses        *render.Pauses `json:"pauses"`
	Remote        bool           `json:"remote"`    // in the cloud, with Amazon Polly
	Normalize     string         `json:"normalize"` // "", "acx" or "ebu-r128"
}

// Conversions queues conversions for the persistent queue to run.
type Conversions struct {
	Store   *store.Store
	Engines *tts.Registry
	Log     *slog.Logger
	// Wake tells the queue's runner there is work (nil: nobody to tell).
	Wake func()
	// ResolveVoice turns a voice name that is not an engine's (a shared preset)
	// into the voice and pauses it stands for; nil: none are known.
	ResolveVoice func(ctx context.Context, spec string, v render.Voice) (render.Voice, *render.Pauses, error)
	// Renderer prices a conversion before it is queued (Quote); QuoteRemote one in
	// the cloud (nil: none can be).
	Renderer    *render.Renderer
	QuoteRemote func(ctx context.Context, r *render.Renderer, docID int64, v render.Voice, p render.Pauses) (*render.Quote, error)

	mu      sync.Mutex
	retried map[int64]time.Time // when each job was last retried by hand
}

// retryInterval keeps a broken engine from being hammered by impatient clicks.
const retryInterval = 10 * time.Second

// Retry puts a failed or cancelled conversion back in the queue; it renders only
// what is missing. The same job is not retried twice within ten seconds.
func (c *Conversions) Retry(ctx context.Context, id int64) error {
	c.mu.Lock()
	last, ok := c.retried[id]
	if ok && time.Since(last) < retryInterval {
		c.mu.Unlock()
		return fault.New(fault.Conflict, "retried moments ago: wait %d seconds", int((retryInterval-time.Since(last)).Seconds())+1)
	}
	if c.retried == nil {
		c.retried = map[int64]time.Time{}
	}
	c.retried[id] = time.Now()
	c.mu.Unlock()
	if err := c.Store.Retry(ctx, id); err != nil {
		return err
	}
	if c.Wake != nil {
		c.Wake()
	}
	return nil
}

// voiceOf is the voice the options name (a shared preset resolved, with its pauses).
func (c *Conversions) voiceOf(ctx context.Context, o ConvertOptions) (render.Voice, *render.Pauses, error) {
	engine, voice := tts.SplitVoice(o.Voice)
	if o.Rate == 0 {
		o.Rate = 1
	}
	v := render.Voice{Engine: engine, Voice: voice, Prosody: tts.Prosody{Rate: o.Rate, Pitch: 1, Volume: 1}}
	if c.ResolveVoice == nil {
		return v, nil, nil
	}
	return c.ResolveVoice(ctx, o.Voice, v)
}

// Quote says what converting the document with o would synthesise, and what the
// voices billed by the character would cost, before anything is queued or sent.
func (c *Conversions) Quote(ctx context.Context, docID int64, o ConvertOptions) (*render.Quote, error) {
	if c.Renderer == nil {
		return nil, fault.New(fault.Unavailable, "conversions cannot be priced here")
	}
	v, pauses, err := c.voiceOf(ctx, o)
	if err != nil {
		return nil, err
	}
	if o.Remote {
		if c.QuoteRemote == nil {
			return nil, fault.New(fault.Unavailable, "conversions in the cloud are not available here")
		}
		p := render.DefaultPauses
		if o.Pauses != nil {
			p = *o.Pauses
		}
		if pauses != nil {
			p = *pauses
		}
		return c.QuoteRemote(ctx, c.Renderer, docID, v, p)
	}
	return c.Renderer.Quote(ctx, docID, v)
}

// Enqueue validates o, queues the conversion of the document and returns the job's
// id; the output's folder is proposed again next time.
func (c *Conversions) Enqueue(ctx context.Context, docID int64, o ConvertOptions) (int64, error) {
	v, pauses, err := c.voiceOf(ctx, o)
	if err != nil {
		return 0, err
	}
	if pauses != nil {
		o.Pauses = pauses
	}
	req := ConvertRequest{DocumentID: docID, Voice: v, Format: o.Format, Output: strings.TrimSpace(o.Output),
		PerChapter: o.PerChapter, SubtitleLevel: o.SubtitleLevel, Pauses: o.Pauses, Remote: o.Remote, Normalize: o.Normalize}
	if err := req.Validate(); err != nil { // a relative path, say: the window's are whole
		return 0, fault.New(fault.Invalid, "%v", err)
	}
	doc, err := c.Store.Document(ctx, docID)
	if err != nil {
		return 0, err
	}
	if _, err := ResolveOutputs(&req, OutputsOf(c.Store, doc)); err != nil {
		return 0, err
	}
	if o.Subtitles && !o.PerChapter {
		req.Subtitles = strings.TrimSuffix(req.Output, filepath.Ext(req.Output)) + ".srt"
		if _, err := ResolveOutputs(&req, OutputsOf(c.Store, doc)); err != nil {
			return 0, err
		}
	}
	if err := req.Validate(); err != nil {
		return 0, fault.New(fault.Invalid, "%v", err)
	}
	if _, err := c.Engines.Engine(v.Engine); err != nil {
		return 0, fault.New(fault.Invalid, "%v", err)
	}
	id, err := c.Store.Enqueue(ctx, store.NewJob{Kind: "convert", DocumentID: docID, Payload: req,
		Priority: store.PriorityBulk, MaxAttempts: 5})
	if err != nil {
		return 0, err
	}
	// A failure to remember the folder costs nothing but the proposal.
	if err := RememberOutput(ctx, c.Store, docID, req.Output); err != nil && c.Log != nil {
		c.Log.Warn("could not remember the output folder", "err", err)
	}
	if c.Wake != nil {
		c.Wake()
	}
	return id, nil
}
