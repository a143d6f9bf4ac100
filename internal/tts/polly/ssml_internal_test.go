package polly

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"readback/internal/tts"
)

// wellFormed parses the SSML as XML and counts its <emphasis> elements.
func wellFormed(t *testing.T, ssml string) (emphases int) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(ssml))
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return emphases
		}
		if err != nil {
			t.Fatalf("not well formed: %v\n%s", err, ssml)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "emphasis" {
			emphases++
		}
	}
}

// Markup characters, emphasis marks that overlap or cut a character, a pause:
// the SSML stays well formed, every byte of it that says text maps back to that
// text, and the emphasis Polly reads is the one that does not overlap.
func TestSSMLIsWellFormedAndMapsBack(t *testing.T) {
	text := `Tom & "Siobhán" <left> café's door.`
	req := tts.Request{Text: text, Prosody: tts.Prosody{Rate: 1.5, Pitch: 1.2, Volume: 0.5}, Marks: []tts.TextMark{
		{Start: 0, End: 3, Kind: "emphasis"},
		{Start: 0, End: 5, Kind: "emphasis"},   // overlaps the first
		{Start: 9, End: 12, Kind: "emphasis"},  // "obh", inside a word
		{Start: 13, End: 15, Kind: "emphasis"}, // starts inside "á": left out
		{Start: strings.Index(text, "left"), End: strings.Index(text, "left") + 4, Kind: "pause", Ms: 300},
	}}
	cuts, _ := req.Pauses()
	d := build(req, cuts, 0, len(text), featuresOf("standard"))
	if n := wellFormed(t, d.ssml); n < 1 || n > 2 {
		t.Errorf("%d <emphasis> in %s", n, d.ssml)
	}
	for _, want := range []string{`rate="150%"`, `pitch="+20%"`, `volume="-6dB"`, `<break time="300ms"/>`, "&amp;", "&quot;", "&lt;left", "&gt;", "&apos;"} {
		if !strings.Contains(d.ssml, want) {
			t.Errorf("%s lacks %s", d.ssml, want)
		}
	}
	if len(d.origin) != len(d.ssml) {
		t.Fatalf("%d origins for %d bytes", len(d.origin), len(d.ssml))
	}
	for i, o := range d.origin {
		if o < 0 {
			continue
		}
		switch c := text[o]; {
		case strings.ContainsRune(`&"<>'`, rune(c)):
		case d.ssml[i] != c:
			t.Fatalf("byte %d of the SSML (%q) maps to %q", i, d.ssml[i], c)
		}
	}
	// A neural voice reads neither pitch nor emphasis.
	n := build(req, cuts, 0, len(text), featuresOf("neural"))
	if wellFormed(t, n.ssml) != 0 || strings.Contains(n.ssml, "pitch") {
		t.Errorf("neural: %s", n.ssml)
	}
}

// A long sentence of two-byte characters, markup and a pause is cut into parts
// that each fit, cover the text exactly once, and never cut a character.
func TestPlanCutsWithinTheLimits(t *testing.T) {
	clause := "Über & Ödön sagten: „Öl“ <nie> — "
	text := strings.Repeat(clause, 200) + "Ende."
	at := strings.Index(text[len(text)/2:], "Ödön") + len(text)/2 + len("Ödön")
	req := tts.Request{Text: text, Prosody: tts.Normal, Marks: []tts.TextMark{{Start: at - len("Ödön"), End: at, Kind: "pause", Ms: 700},
		{Start: 0, End: len(text), Kind: "emphasis"}}}
	cuts, _ := req.Pauses()
	parts := plan(req, cuts, featuresOf("standard"))
	if len(parts) < 2 {
		t.Fatalf("%d parts for %d characters", len(parts), utf8.RuneCountInString(text))
	}
	next, breaks := 0, 0
	for _, d := range parts {
		if d.start != next || d.billed > maxBilled || len(d.ssml) > maxTotal || d.billed == 0 {
			t.Fatalf("part at %d (want %d): %d billed, %d bytes", d.start, next, d.billed, len(d.ssml))
		}
		if !utf8.RuneStart(text[d.start]) {
			t.Fatalf("a part starts inside a character at %d", d.start)
		}
		wellFormed(t, d.ssml)
		breaks += strings.Count(d.ssml, "<break")
		for _, o := range d.origin {
			if o >= 0 {
				next = max(next, o+1)
			}
		}
		for next < len(text) && !utf8.RuneStart(text[next]) {
			next++
		}
	}
	if next != len(text) || breaks != 1 {
		t.Errorf("the parts end at %d of %d, with %d pauses (want 1)", next, len(text), breaks)
	}
}
