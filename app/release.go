package app

import (
	"readback/internal/audio"
	"readback/internal/audiobook"
	"readback/internal/render"
)

// Release is the release check's handler: a finished conversion's file measured
// against a storefront's or a broadcaster's target, with a fix list.
type Release struct {
	session *Session
	x       *audiobook.Exporter
}

// NewRelease returns the handler.
func NewRelease(s *Session, r *render.Renderer) *Release {
	return &Release{session: s, x: audiobook.New(r)}
}

// TargetInfo is a release target as the window lists it.
type TargetInfo struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Source string `json:"source"`
}

// Targets lists the targets a file can be checked against.
func (r *Release) Targets() []TargetInfo {
	out := make([]TargetInfo, 0, len(audio.Targets))
	for _, t := range audio.Targets {
		out = append(out, TargetInfo{ID: t.ID, Name: t.Name, Source: t.Source})
	}
	return out
}

// Check measures the file conversion job wrote against target and lists what to fix, sentence by sentence.
func (r *Release) Check(job int64, target string) (*audiobook.ReleaseCheck, error) {
	return r.x.CheckJob(r.session.Context(), job, target)
}
