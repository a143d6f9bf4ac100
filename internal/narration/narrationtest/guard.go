// Package narrationtest holds checks that tests run over any narration script: the
// readings no listener should ever hear, whatever the document.
package narrationtest

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"readback/internal/document"
	"readback/internal/narration"
)

// fragmentStart are words that cannot open a sentence written in lower case: a
// sentence starting with one lost what came before it (a link, an image, a name
// left out by the reader).
var fragmentStart = map[string]bool{"is": true, "are": true, "was": true, "were": true, "has": true, "have": true,
	"had": true, "and": true, "or": true, "but": true, "of": true, "to": true, "with": true, "at": true, "by": true,
	"for": true, "as": true, "from": true, "than": true, "that": true, "which": true}

var (
	bracketed = regexp.MustCompile(`(^|[\s(])\[[^\[\]@]+\]`)
	// Punctuation with nothing before it but a space, at the end or between words.
	hanging = regexp.MustCompile(`\s[.,;:!?]$|\s[,;]\s`)
	// A spaced ellipsis ("and . . . .") is the writer's, not a drop's.
	spacedEllipsis = regexp.MustCompile(`\.\s\.\s\.(?:\s?\.)?$`)
	tocLine        = regexp.MustCompile(`(?:\.{4,}|…{2,}|\t)\s*\d+$`)
)

// spoken are the symbols an engine says ("%": percent), which may stand alone.
const spoken = "%&$€£#@+=§°"

// Problems lists what in s would be heard wrong: a "sentence" of punctuation only,
// a fragment (a sentence beginning mid-clause, or punctuation left hanging where
// something was dropped), link text still in its brackets (in Markdown, where
// brackets are link syntax), and a table of contents read out (two or more headings'
// words said before the headings, or a line ending in a page number). Code is not
// judged: its punctuation is its own; nor is what follows code, which the writer
// may continue mid-sentence ("is equivalent to").
func Problems(s *narration.Script, format string) []string {
	var out []string
	bad := func(seg narration.Segment, why string) {
		out = append(out, fmt.Sprintf("%s: %q", why, seg.Text))
	}
	headings := map[string]bool{}
	for _, sec := range s.Sections {
		for _, seg := range sec.Segments {
			if seg.Kind == document.Heading {
				headings[key(seg.Text)] = true
			}
		}
	}
	seenHeading := map[string]bool{}
	var entries []narration.Segment // a run of headings' words before the headings
	endRun := func() {
		if len(entries) >= 2 {
			for _, e := range entries {
				bad(e, "a table of contents entry (a heading read before its heading)")
			}
		}
		entries = nil
	}
	afterCode := false
	for _, sec := range s.Sections {
		for _, seg := range sec.Segments {
			text := strings.TrimSpace(seg.Text)
			wasAfterCode := afterCode
			afterCode = seg.Kind == document.Code
			if seg.Kind == document.Code {
				endRun()
				continue
			}
			if seg.Kind == document.Heading {
				endRun()
				seenHeading[key(text)] = true
				continue
			}
			if k := key(text); headings[k] && !seenHeading[k] {
				entries = append(entries, seg)
			} else {
				endRun()
			}
			if tocLine.MatchString(text) {
				bad(seg, "a table of contents line")
			}
			if !strings.ContainsFunc(text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(spoken, r) }) {
				bad(seg, "a sentence of punctuation only")
				continue
			}
			first, _ := utf8.DecodeRuneInString(text)
			word := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) })
			switch {
			case wasAfterCode:
			case strings.ContainsRune(".,;:!?)]", first):
				bad(seg, "a fragment starting with punctuation")
			case seg.Kind == document.Paragraph && len(word) > 0 && fragmentStart[word[0]] && unicode.IsLower(first):
				// (A list item or a cell may start "to …" or "or …" as written.)
				bad(seg, "a fragment starting mid-clause")
			}
			if hanging.MatchString(text) && !spacedEllipsis.MatchString(text) {
				bad(seg, "punctuation left hanging where something was dropped")
			}
			if format == "markdown" && bracketed.MatchString(text) {
				bad(seg, "link text in brackets")
			}
		}
	}
	endRun()
	return out
}

// key folds a heading's words for comparison, without a trailing page number.
func key(s string) string {
	s = strings.TrimRightFunc(strings.TrimSpace(s), func(r rune) bool { return unicode.IsDigit(r) || unicode.IsSpace(r) || r == '.' })
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
