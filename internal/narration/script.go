package narration

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"readback/internal/document"
)

// FootnoteMode says where footnotes are read.
type FootnoteMode string

const (
	FootnotesEnd    FootnoteMode = "end"    // after the chapter that refers to them (default)
	FootnotesInline FootnoteMode = "inline" // right after the paragraph that refers to them
	FootnotesSkip   FootnoteMode = "skip"
)

// CodeMode says whether code blocks are read.
type CodeMode string

const (
	CodeSkip CodeMode = "skip" // default: listeners gain little from spoken source code
	CodeRead CodeMode = "read"
)

// Options are a document's narration settings; the zero value means the defaults.
type Options struct {
	ChapterLevel int          `json:"chapter_level"` // heading level that starts a chapter; 0 picks one
	Footnotes    FootnoteMode `json:"footnotes"`
	Code         CodeMode     `json:"code"`
	// Language is the document's language as the writer gave it (a BCP 47 tag);
	// empty, it comes from the file's metadata, else from its text.
	Language string `json:"language,omitempty"`
}

// Normalize fills in defaults and refuses unknown values.
func (o Options) Normalize() (Options, error) {
	switch o.Footnotes {
	case "":
		o.Footnotes = FootnotesEnd
	case FootnotesEnd, FootnotesInline, FootnotesSkip:
	default:
		return o, fmt.Errorf("footnotes must be end, inline or skip, not %q", o.Footnotes)
	}
	switch o.Code {
	case "":
		o.Code = CodeSkip
	case CodeSkip, CodeRead:
	default:
		return o, fmt.Errorf("code must be skip or read, not %q", o.Code)
	}
	if o.ChapterLevel < 0 || o.ChapterLevel > 6 {
		return o, fmt.Errorf("chapter level must be 0 (automatic) to 6, not %d", o.ChapterLevel)
	}
	if o.Language != "" {
		tag, err := document.CanonicalLanguage(o.Language)
		if err != nil {
			return o, fmt.Errorf("%q is not a language tag (like en, de, pt-BR, zh-Hant)", o.Language)
		}
		o.Language = tag
		if p := document.PrimaryLanguage(tag); p == "und" || p == "mul" || p == "zxx" || p == "mis" {
			o.Language = "" // says nothing: the file's or the text's
		}
	}
	return o, nil
}

// MaxSegmentRunes bounds a segment: longer sentences are split at a clause boundary,
// so that one segment never takes minutes to synthesise or to skip past.
const MaxSegmentRunes = 400

// Script is a document's narration: its sections in order, and the text the segment
// offsets point into (the blocks read aloud, separated by blank lines).
type Script struct {
	Title    string
	Sections []Section
	Text     string
}

// Section is a chapter.
type Section struct {
	Title    string
	Level    int
	Segments []Segment
}

// Segment is one sentence (or part of an overlong one).
type Segment struct {
	Kind  document.Kind
	Level int
	Block int    // index of the block, counting the blocks read aloud, in order
	Text  string // the source text of the sentence
	Start int    // byte offsets of Text in Script.Text
	End   int
	Hash  string // content hash of Text
	Lang  string // a passage's own language (a BCP 47 tag), "" for the document's
}

// Words counts the words of every segment.
func (s *Script) Words() int {
	n := 0
	for _, sec := range s.Sections {
		for _, seg := range sec.Segments {
			n += document.CountWords(seg.Text)
		}
	}
	return n
}

// Segments counts the segments.
func (s *Script) Segments() int {
	n := 0
	for _, sec := range s.Sections {
		n += len(sec.Segments)
	}
	return n
}

// Hash is the content hash of a segment's text.
func Hash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:16])
}

// Build makes the narration script of doc.
func Build(doc *document.Document, opt Options) (*Script, error) {
	opt, err := opt.Normalize()
	if err != nil {
		return nil, err
	}
	blocks := arrange(doc.Blocks, opt)
	level := chapterLevel(blocks, opt.ChapterLevel)
	explicit := hasBreaks(blocks)
	s := &Script{Title: doc.Title}
	var text strings.Builder
	var cur *Section
	start := func(title string, lvl int) {
		s.Sections = append(s.Sections, Section{Title: title, Level: lvl})
		cur = &s.Sections[len(s.Sections)-1]
	}
	bi := 0
	for _, b := range blocks {
		switch {
		case b.Kind == document.Break:
			start(b.Text, 1)
			continue
		case !explicit && b.Kind == document.Heading && b.Level <= level:
			start(b.Text, b.Level)
		case cur == nil:
			start(doc.Title, 1)
		}
		if text.Len() > 0 {
			text.WriteString("\n\n")
		}
		base := text.Len()
		text.WriteString(b.Text)
		lang, _ := PassageLanguage(doc.Language, b.Lang)
		for _, sp := range SentencesIn(lang, b.Text) {
			t := b.Text[sp[0]:sp[1]]
			cur.Segments = append(cur.Segments, Segment{
				Kind: b.Kind, Level: b.Level, Block: bi, Text: t,
				Start: base + sp[0], End: base + sp[1], Hash: Hash(t), Lang: b.Lang,
			})
		}
		bi++
	}
	// A section left empty (a break with nothing after it) is not a chapter.
	kept := s.Sections[:0]
	for _, sec := range s.Sections {
		if len(sec.Segments) > 0 {
			kept = append(kept, sec)
		}
	}
	s.Sections = kept
	s.Text = text.String()
	return s, nil
}

// arrange drops what is not read and moves footnotes where the options put them.
func arrange(in []document.Block, opt Options) []document.Block {
	out := make([]document.Block, 0, len(in))
	var notes []document.Block
	explicit, level := hasBreaks(in), chapterLevel(in, opt.ChapterLevel)
	flushNotes := func() {
		out = append(out, notes...)
		notes = notes[:0]
	}
	for _, b := range in {
		switch b.Kind {
		case document.Code:
			if opt.Code == CodeSkip {
				continue
			}
		case document.Footnote:
			switch opt.Footnotes {
			case FootnotesSkip:
				continue
			case FootnotesEnd:
				notes = append(notes, b)
				continue
			}
		case document.Break:
			flushNotes()
		case document.Heading:
			if len(notes) > 0 && !explicit && b.Level <= level {
				flushNotes()
			}
		}
		out = append(out, b)
	}
	flushNotes()
	return out
}

func hasBreaks(blocks []document.Block) bool {
	for _, b := range blocks {
		if b.Kind == document.Break {
			return true
		}
	}
	return false
}

// chapterLevel picks the heading level that divides chapters: the given one, or the
// highest level used more than once (a lone top heading is the book's title), or the
// highest level used at all.
func chapterLevel(blocks []document.Block, want int) int {
	if want > 0 {
		return want
	}
	var count [7]int
	for _, b := range blocks {
		if b.Kind == document.Heading && b.Level >= 1 && b.Level <= 6 {
			count[b.Level]++
		}
	}
	for l := 1; l <= 6; l++ {
		if count[l] >= 2 {
			return l
		}
	}
	for l := 1; l <= 6; l++ {
		if count[l] > 0 {
			return l
		}
	}
	return 1
}

// Join rebuilds the script's text from its segments: the segments of a block joined
// by a space, the blocks by a blank line. The store keeps only the segments.
func Join(sections []Section) string {
	var b strings.Builder
	block := -1
	for _, sec := range sections {
		for _, seg := range sec.Segments {
			switch {
			case block == -1:
			case seg.Block != block:
				b.WriteString("\n\n")
			default:
				b.WriteByte(' ')
			}
			block = seg.Block
			b.WriteString(seg.Text)
		}
	}
	return b.String()
}
