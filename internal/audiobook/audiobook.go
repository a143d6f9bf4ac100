// Package audiobook makes a book's audio files from its renditions — WAV and FLAC in
// Go, MP3, Opus and M4B with chapters through ffmpeg, subtitles, a release
// target's loudness — patches a WAV in place where only some sentences changed, and
// runs a conversion end to end: the outputs settled and checked, what is missing
// rendered (render), the files written, what was written recorded. The queue's
// conversion jobs, their view and the notices of their end are here too.
package audiobook

import (
	"readback/internal/render"
)

// Exporter exports and converts with a renderer's renditions and library.
type Exporter struct {
	*render.Renderer
}

// New returns the exporter of r's renditions.
func New(r *render.Renderer) *Exporter { return &Exporter{Renderer: r} }
