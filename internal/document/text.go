package document

import (
	"regexp"
	"strings"
)

// chapterLine matches the lines plain-text manuscripts use as chapter headings.
var chapterLine = regexp.MustCompile(`(?i)^(chapter|part|book|prologue|epilogue|interlude|afterword|foreword|preface|introduction|appendix)\b[\w\s.:'’,-]{0,60}$`)

// text reads plain text: paragraphs are separated by blank lines, and a short line on
// its own that reads like a chapter heading ("Chapter 3", "PROLOGUE") starts a chapter.
func (p *parser) text(src []byte) (*Document, error) {
	s := strings.ReplaceAll(string(src), "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var b builder
	for _, para := range splitParagraphs(s) {
		lines := strings.Split(para, "\n")
		if len(lines) == 1 && chapterLine.MatchString(strings.TrimSpace(lines[0])) {
			b.add(Heading, 1, lines[0])
			continue
		}
		for i, line := range lines {
			line = strings.TrimSpace(line)
			// A line ending in a hyphen joined to a lower-case word is a word broken
			// by hard wrapping.
			if i+1 < len(lines) && len(line) > 1 && strings.HasSuffix(line, "-") && isLetter(line[len(line)-2]) && startsLower(lines[i+1]) {
				b.text(line[:len(line)-1])
				continue
			}
			b.text(line)
			b.space()
		}
		b.flush(Paragraph, 0)
	}
	return &Document{Blocks: b.blocks}, nil
}

func splitParagraphs(s string) []string {
	var out []string
	var cur []string
	for _, line := range strings.Split(s, "\n") {
		if strings.TrimSpace(line) == "" {
			if len(cur) > 0 {
				out = append(out, strings.Join(cur, "\n"))
				cur = cur[:0]
			}
			continue
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		out = append(out, strings.Join(cur, "\n"))
	}
	return out
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func startsLower(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && s[0] >= 'a' && s[0] <= 'z'
}
