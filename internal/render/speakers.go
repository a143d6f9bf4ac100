package render

import (
	"sort"

	"readback/internal/store"
)

// SpeakerInfo is a line of the speakers' legend.
type SpeakerInfo struct {
	Name       string `json:"name"`
	Voice      string `json:"voice"` // "" when none is set
	Paragraphs int    `json:"paragraphs"`
}

// Speakers lists the speakers a script names ("NAME: …" at least twice) and those
// given a voice, with how many paragraphs each has.
func Speakers(segs []store.ScriptSegment, set []store.Speaker) []SpeakerInfo {
	count := map[string]int{}
	block := -1
	for _, g := range segs {
		if g.Block != block {
			block = g.Block
			if name := Speaker(g.SourceText); name != "" {
				count[name]++
			}
		}
	}
	out := []SpeakerInfo{}
	voices := map[string]string{}
	for _, s := range set {
		voices[s.Name] = s.Voice
	}
	for name, n := range count {
		if n >= 2 || voices[name] != "" {
			out = append(out, SpeakerInfo{Name: name, Voice: voices[name], Paragraphs: n})
		}
	}
	for name, v := range voices {
		if count[name] == 0 {
			out = append(out, SpeakerInfo{Name: name, Voice: v})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Paragraphs != out[j].Paragraphs {
			return out[i].Paragraphs > out[j].Paragraphs
		}
		return out[i].Name < out[j].Name
	})
	return out
}
