package narration

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"readback/internal/lexicon"
)

// The lexicon file is plain text a writer can read and edit, one entry a line:
//
//	# a comment
//	Siobhan = Shiv-awn
//	Cholmondeley = [[tS'Vmli]]
//	Siobhan = Shiv-awn [[S@v'O:n]]    (a respelling for every engine, phonemes for eSpeak)
//	Siobhan = Shiv-awn /ʃɪˈvɔːn/      (IPA, for the engines that read it)
//	Siobhan = Shiv-awn [[S@v'O:n]] /ʃɪˈvɔːn/
//	GIF (match case) = jiff
//	ough (part of word) = off
//
// Blank lines and lines starting with # are ignored.

const (
	optCase = "match case"
	optPart = "part of word"
)

// LexiconFileError is a line of a lexicon file that cannot be read.
type LexiconFileError struct {
	File string
	Line int
	Msg  string
}

func (e *LexiconFileError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// ParseLexicon reads a lexicon file; name is used in errors. Every line is checked
// before anything is returned.
func ParseLexicon(r io.Reader, name string) ([]lexicon.Entry, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	var out []lexicon.Entry
	seen := map[string]int{}
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fail := func(format string, args ...any) error {
			return &LexiconFileError{File: name, Line: n, Msg: fmt.Sprintf(format, args...)}
		}
		if !utf8.ValidString(line) {
			return nil, fail("not UTF-8 text")
		}
		left, right, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fail("expected WORD = RESPELLING, WORD = [[PHONEMES]] or WORD = /IPA/")
		}
		p := lexicon.Entry{WholeWord: true}
		left = strings.TrimSpace(left)
		for strings.HasSuffix(left, ")") {
			open := strings.LastIndex(left, "(")
			if open < 0 {
				return nil, fail("unbalanced parenthesis in %q", left)
			}
			switch opt := strings.ToLower(strings.TrimSpace(left[open+1 : len(left)-1])); opt {
			case optCase:
				p.MatchCase = true
			case optPart:
				p.WholeWord = false
			default:
				return nil, fail("unknown option %q: use (%s) or (%s)", opt, optCase, optPart)
			}
			left = strings.TrimSpace(left[:open])
		}
		p.Word = left
		right = strings.TrimSpace(right)
		// The IPA comes last, between slashes.
		if strings.HasSuffix(right, "/") {
			i := strings.Index(right, "/")
			if i == len(right)-1 {
				return nil, fail("IPA closed with / is not opened with /")
			}
			p.IPA = strings.TrimSpace(right[i+1 : len(right)-1])
			if strings.Contains(p.IPA, "/") {
				return nil, fail("IPA between slashes must not hold another slash")
			}
			right = strings.TrimSpace(right[:i])
		}
		if i := strings.Index(right, "[["); i >= 0 {
			end := strings.Index(right[i:], "]]")
			if end < 0 {
				return nil, fail("phonemes opened with [[ are not closed with ]]")
			}
			if rest := strings.TrimSpace(right[i+end+2:]); rest != "" {
				return nil, fail("unexpected %q after the phonemes", rest)
			}
			p.Phonemes = strings.TrimSpace(right[i+2 : i+end])
			right = strings.TrimSpace(right[:i])
		}
		p.Say = right
		switch {
		case p.Word == "":
			return nil, fail("no word before =")
		case p.Say == "" && p.Phonemes == "" && p.IPA == "":
			return nil, fail("no respelling, phonemes or IPA for %q", p.Word)
		case len(p.Word) > 100 || len(p.Say) > 400 || len(p.Phonemes) > 400 || len(p.IPA) > 400:
			return nil, fail("entry for %q is too long", p.Word)
		}
		if prev, dup := seen[p.Word]; dup {
			return nil, fail("%q is already given on line %d", p.Word, prev)
		}
		seen[p.Word] = n
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// FormatLexicon writes entries in the lexicon file format; ParseLexicon reads back
// the same entries.
func FormatLexicon(w io.Writer, entries []lexicon.Entry) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "# Readback pronunciation lexicon: WORD = RESPELLING [[ESPEAK PHONEMES]] /IPA/")
	for _, p := range entries {
		bw.WriteString(p.Word)
		if p.MatchCase {
			bw.WriteString(" (" + optCase + ")")
		}
		if !p.WholeWord {
			bw.WriteString(" (" + optPart + ")")
		}
		bw.WriteString(" =")
		if p.Say != "" {
			bw.WriteString(" " + p.Say)
		}
		if p.Phonemes != "" {
			bw.WriteString(" [[" + p.Phonemes + "]]")
		}
		if p.IPA != "" {
			bw.WriteString(" /" + p.IPA + "/")
		}
		bw.WriteString("\n")
	}
	return bw.Flush()
}
