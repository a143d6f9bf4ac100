// Package engines sets up the speech engines this machine has, the same way for the
// window and the command line.
package engines

import (
	"readback/internal/fault"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
)

// Open registers every engine that starts here. Its error says which could not and
// why; the registry holds the others.
func Open() (*tts.Registry, error) {
	reg := tts.NewRegistry()
	e, err := espeak.New()
	if err != nil {
		return reg, fault.Wrap(err, fault.Unavailable, "the speech engine could not start: %v (install espeak-ng)", err)
	}
	reg.Register(e)
	return reg, nil
}
