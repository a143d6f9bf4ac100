package app

import (
	"readback/internal/store"
	"readback/internal/tts/engines"
)

// Cloud is the handler of Settings → Amazon Polly.
type Cloud struct {
	session *Session
	service *engines.Cloud
}

// NewCloud returns the handler.
func NewCloud(session *Session, service *engines.Cloud) *Cloud {
	return &Cloud{session: session, service: service}
}

// CloudStatus is what the section shows: the preferences, and how many voices
// Polly offers with them or why none.
type CloudStatus = engines.CloudStatus

// Polly returns the preferences and the status now.
func (c *Cloud) Polly() (*CloudStatus, error) { return c.service.Polly(c.session.Context()) }

// SetPolly keeps the preferences and sets Polly up again; the voice pickers are
// told their list changed.
func (c *Cloud) SetPolly(p store.PollyPrefs) (*CloudStatus, error) {
	st, err := c.service.SetPolly(c.session.Context(), p)
	if err == nil {
		c.session.Emit("voices:changed", nil)
	}
	return st, err
}
