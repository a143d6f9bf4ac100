package ttstest

import (
	"context"
	"sync"

	"readback/internal/tts"
)

// Counting is an engine that counts the synthesis it is asked for, so that a test
// sees the work done, not the renderer's own account of it.
type Counting struct {
	tts.Engine
	mu    sync.Mutex
	texts []string
	held  chan struct{} // closed by Release; nil when not held
}

// NewCounting wraps e.
func NewCounting(e tts.Engine) *Counting { return &Counting{Engine: e} }

// Synthesize counts the call, then asks the engine underneath.
func (c *Counting) Synthesize(ctx context.Context, req tts.Request) (*tts.Audio, error) {
	c.mu.Lock()
	c.texts = append(c.texts, req.Text)
	held := c.held
	c.mu.Unlock()
	if held != nil {
		select {
		case <-held:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return c.Engine.Synthesize(ctx, req)
}

// Hold makes synthesis wait until Release: a test decides when a rendering in the
// background may finish.
func (c *Counting) Hold() {
	c.mu.Lock()
	if c.held == nil {
		c.held = make(chan struct{})
	}
	c.mu.Unlock()
}

// Release lets the synthesis held, and any after it, go on.
func (c *Counting) Release() {
	c.mu.Lock()
	if c.held != nil {
		close(c.held)
		c.held = nil
	}
	c.mu.Unlock()
}

// Calls is the number of synthesis calls so far.
func (c *Counting) Calls() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.texts)
}

// Texts returns the texts asked for since the last Reset, in order.
func (c *Counting) Texts() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.texts...)
}

// Reset forgets the calls so far.
func (c *Counting) Reset() {
	c.mu.Lock()
	c.texts = nil
	c.mu.Unlock()
}

// Concurrency passes on how many texts the engine underneath says at once.
func (c *Counting) Concurrency() int {
	if cc, ok := c.Engine.(tts.Concurrent); ok {
		return cc.Concurrency()
	}
	return 1
}

// ReadsKanaOnly passes on what the engine underneath says of itself.
func (c *Counting) ReadsKanaOnly() bool {
	kr, ok := c.Engine.(tts.KanaReader)
	return ok && kr.ReadsKanaOnly()
}

// ReadsPhonemes passes on what the engine underneath says of itself.
func (c *Counting) ReadsPhonemes() bool {
	pr, ok := c.Engine.(tts.PhonemeReader)
	return ok && pr.ReadsPhonemes()
}

// ReadsIPA as the engine underneath.
func (c *Counting) ReadsIPA() bool {
	ir, ok := c.Engine.(tts.IPAReader)
	return ok && ir.ReadsIPA()
}
