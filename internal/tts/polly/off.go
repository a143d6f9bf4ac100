package polly

import (
	"context"

	"readback/internal/fault"
	"readback/internal/tts"
)

// version is what every Polly rendition's key holds of the engine: Polly's voices
// change only when Amazon changes them, which nobody is told.
const version = "polly-1"

// Off stands for Polly while the writer has it turned off: the audio it made keeps
// its keys, so books read with it still play and export, and nothing new is asked
// of Amazon.
type Off struct{}

func (Off) Name() string                                { return Name }
func (Off) Version() string                             { return version }
func (Off) Voices(context.Context) ([]tts.Voice, error) { return nil, nil }
func (Off) Close() error                                { return nil }
func (Off) Remote() bool                                { return true }
func (Off) Dormant() bool                               { return true }

// ReadsIPA and ReadsPhonemes as the engine does, so that its renditions' keys
// are the same.
func (Off) ReadsIPA() bool { return true }

// ReadsPhonemes: see ReadsIPA.
func (Off) ReadsPhonemes() bool { return true }

func (Off) Synthesize(context.Context, tts.Request) (*tts.Audio, error) {
	return nil, fault.New(fault.Unavailable, "Amazon Polly's voices are turned off: turn them on in Settings (or with readback polly --on)")
}
