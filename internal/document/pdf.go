package document

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"

	"readback/internal/fault"
	"readback/internal/pdftext"
)

// pdfEngine reads PDFs; a variable so that tests can give it a cache of their own.
var pdfEngine = pdftext.Default

// pdfTimeout is how long one PDF may take: generous for a long book on a slow
// laptop, short enough that a file built to make PDFium spin is stopped.
var pdfTimeout = func(size int) time.Duration {
	return min(60*time.Second+time.Duration(size>>20)*2*time.Second, 5*time.Minute)
}

type passwordKey struct{}

// WithPassword returns a context that carries the password for an encrypted PDF.
// It travels in the context rather than in the import options because those options
// are stored with the document and written to the log, and a password never is.
func WithPassword(ctx context.Context, password string) context.Context {
	return context.WithValue(ctx, passwordKey{}, password)
}

func passwordFrom(ctx context.Context) (string, bool) {
	pw, ok := ctx.Value(passwordKey{}).(string)
	return pw, ok
}

// pdf reads the text layer of a PDF through PDFium: lines in the order PDFium reads
// them (columns one after the other), paragraphs from line spacing, headings from font
// size and weight, words broken by hyphenation joined again, running headers, footers
// and page numbers dropped. Sections follow the outline (bookmarks) when there is one,
// or the pages otherwise.
func (p *parser) pdf(data []byte) (*Document, error) {
	password, given := passwordFrom(p.ctx)
	rd, err := pdfEngine().Read(p.ctx, data, password, pdfTimeout(len(data)))
	switch {
	case errors.Is(err, pdftext.ErrPassword) && given && password != "":
		return nil, fault.New(fault.Locked, "the password does not open this PDF")
	case errors.Is(err, pdftext.ErrPassword):
		return nil, fault.New(fault.Locked, "the PDF is protected by a password")
	case errors.Is(err, pdftext.ErrTimeout):
		return nil, invalid("the PDF took longer than %s to read and was stopped", pdfTimeout(len(data)))
	case errors.Is(err, pdftext.ErrDamaged):
		return nil, fault.Wrap(err, fault.Invalid, "the PDF is damaged and cannot be read")
	case p.ctx.Err() != nil:
		return nil, p.cancelled()
	case err != nil:
		return nil, fault.Wrap(err, fault.Unavailable, "%v", err)
	}
	if len(rd.Pages) == 0 {
		return nil, invalid("the PDF has no pages")
	}
	pages := make([][]pdfLine, len(rd.Pages))
	readable := 0
	for i, pg := range rd.Pages {
		for _, l := range pg.Lines {
			t := collapse(l.Text)
			if t == "" {
				continue
			}
			readable += len([]rune(t))
			pages[i] = append(pages[i], pdfLine{x: l.X, y: l.Y, size: l.Size, weight: l.Weight, font: l.Font, text: t})
		}
	}
	// A file whose fonts carry no text mapping reads as noise; say so rather than
	// import the few characters that happen to decode.
	if rd.Undecodable > 0 && rd.Undecodable >= readable {
		return nil, invalid("most of the PDF's text cannot be decoded (%d of %d characters): its fonts carry no text mapping; export it again with text, or run it through OCR", rd.Undecodable, rd.Undecodable+readable)
	}
	body, bodyWeight := bodyFont(pages)
	dropRunningLines(pages, body)
	starts := outlineStarts(rd.Outline, len(pages))
	doc := &Document{Title: collapse(rd.Title), Author: collapse(rd.Author)}
	if rd.Undecodable > 0 {
		doc.note("%d characters that could not be decoded were left out", rd.Undecodable)
	}
	words := wordCounts(pages)
	var b builder
	// Footnotes wait for the paragraph they were called from to end, which may be
	// on a later page.
	var pending []string
	para := func() {
		b.flush(Paragraph, 0)
		for _, n := range pending {
			b.add(Footnote, 0, joinWords(n, words))
		}
		pending = nil
	}
	for i, lines := range pages {
		lines, notes := splitFootnotes(lines, body)
		// An outline entry starts its section at the heading that bears its title
		// when the page has one, else at the top of the page.
		at := map[int][]string{}
		if titles, ok := starts[i]; ok {
			for _, t := range titles {
				k := 0
				for j, l := range lines {
					if strings.EqualFold(l.text, t) {
						k = j
						break
					}
				}
				// "Chapter 1" above "The Arrival" belongs to the chapter it names.
				for k > 0 && lines[k-1].heading(body) {
					k--
				}
				at[k] = append(at[k], t)
			}
		} else if len(starts) == 0 {
			at[0] = []string{fmt.Sprintf("Page %d", i+1)}
		}
		spacing := lineSpacing(lines)
		if len(lines) == 0 {
			for _, t := range at[0] {
				b.add(Break, 0, t)
			}
		}
		for j, l := range lines {
			if titles := at[j]; len(titles) > 0 {
				para()
				for _, t := range titles {
					b.add(Break, 0, t)
				}
			}
			if l.heading(body) {
				para()
				b.add(Heading, headingRank(l.size, body), joinWords(l.text, words))
				continue
			}
			if boldHeading(lines, j, body, bodyWeight, spacing) {
				para()
				b.add(Heading, 3, joinWords(l.text, words))
				continue
			}
			if j > 0 && !lines[j-1].heading(body) && (lines[j-1].y-l.y > spacing*(lines[j-1].rows()+0.6) || indented(lines, j)) {
				para()
			}
			appendLine(&b, l.text, words)
		}
		pending = append(pending, notes...)
		// A paragraph that runs on to the next page stays one paragraph unless the
		// page's last line ends a sentence.
		if t := strings.TrimSpace(b.buf.String()); t == "" || endsSentence(t) {
			para()
		}
	}
	para()
	for i := range b.blocks {
		if b.blocks[i].Kind != Break {
			b.blocks[i].Text = joinWords(b.blocks[i].Text, words)
		}
	}
	doc.Blocks = b.blocks
	return doc, nil
}

type pdfLine struct {
	x, y   float64
	size   float64
	weight int
	font   string
	text   string
}

func (l pdfLine) heading(body float64) bool { return l.size > body*1.25 && len(l.text) < 120 }

// rows is how many printed lines l stands for: PDFium gives a word broken across two
// lines, and the rest of the second line, as one.
func (l pdfLine) rows() float64 { return float64(1 + strings.Count(l.text, string(pdftext.Join))) }

// indented reports whether line j starts a paragraph by its first-line indent: it
// stands in from the line before by one to four ems, and the line after (if any)
// comes back to where that one began. A column change moves much further.
func indented(lines []pdfLine, j int) bool {
	prev, l := lines[j-1], lines[j]
	in := l.x - prev.x
	if in < l.size*0.8 || in > l.size*4 {
		return false
	}
	if j+1 < len(lines) {
		return math.Abs(lines[j+1].x-prev.x) < l.size*0.3
	}
	return true
}

// splitFootnotes takes the footnotes off the foot of a page: the lowest lines, set
// smaller than the body, below everything else. Each footnote starts at a line that
// begins with its mark (a number or a symbol); the marks are dropped, and so is each
// one's call in the text above (the "1" glued to "reply.1").
func splitFootnotes(lines []pdfLine, body float64) ([]pdfLine, []string) {
	idx := make([]int, len(lines))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return lines[idx[a]].y < lines[idx[b]].y })
	foot := map[int]bool{}
	for _, i := range idx {
		if lines[i].size >= body*0.9 || lines[i].heading(body) {
			break
		}
		foot[i] = true
	}
	if len(foot) == 0 || len(foot) == len(lines) {
		return lines, nil
	}
	top := math.Inf(1)
	for i := range foot {
		top = min(top, lines[i].y)
	}
	for i, l := range lines {
		if !foot[i] && l.y < top {
			return lines, nil // body text below the small print: not a foot of notes
		}
	}
	var notes, marks []string
	kept := make([]pdfLine, 0, len(lines)-len(foot))
	for i, l := range lines {
		if !foot[i] {
			kept = append(kept, l)
			continue
		}
		if m := footMark.FindStringSubmatch(l.text); m != nil {
			notes = append(notes, strings.TrimSpace(l.text[len(m[0]):]))
			marks = append(marks, m[1])
		} else if len(notes) > 0 {
			notes[len(notes)-1] += " " + l.text
		} else {
			notes = append(notes, l.text)
		}
	}
	for _, m := range marks {
		call := regexp.MustCompile(`(\pL[.,;:!?”’"')]?)` + regexp.QuoteMeta(m) + `(\s|$)`)
		for j := range kept {
			if loc := call.FindStringSubmatchIndex(kept[j].text); loc != nil {
				t := kept[j].text
				kept[j].text = t[:loc[3]] + t[loc[4]:]
				break
			}
		}
	}
	return kept, notes
}

var footMark = regexp.MustCompile(`^(\d{1,3}|[*†‡§¶])\s*`)

func (l pdfLine) bold(bodyWeight int) bool {
	if pdftext.BoldName(l.font) {
		return true
	}
	return l.weight >= 500 && l.weight >= bodyWeight+150
}

// boldHeading reports whether line j is a heading set in the body's size but bold: a
// short line on its own, not a sentence, and not the first line of a bold paragraph.
func boldHeading(lines []pdfLine, j int, body float64, bodyWeight int, spacing float64) bool {
	l := lines[j]
	if !l.bold(bodyWeight) || len(l.text) > 100 || l.size < body*0.9 {
		return false
	}
	if strings.ContainsAny(l.text[len(l.text)-1:], ".,;") {
		return false
	}
	if j+1 < len(lines) {
		next := lines[j+1]
		if next.bold(bodyWeight) && !next.heading(body) && l.y-next.y <= spacing*1.3 {
			return false
		}
	}
	return true
}

var (
	digits     = regexp.MustCompile(`\d+`)
	pageNumber = regexp.MustCompile(`(?i)^[-–—\s]*(page\s*)?(\d+|[ivxlcdm]+)(\s*(of|/)\s*\d+)?[-–—\s]*$`)
)

// dropRunningLines removes page headers and footers: the two highest or lowest lines
// of a page when they are a bare page number, or when the same line (numbers aside)
// tops or tails many pages. A heading ("Chapter 2" atop each chapter's first page)
// is never one.
func dropRunningLines(pages [][]pdfLine, body float64) {
	count := map[string]int{}
	key := func(s string) string { return digits.ReplaceAllString(strings.ToLower(s), "#") }
	for _, lines := range pages {
		seen := map[string]bool{}
		for _, idx := range edgeIndexes(lines) {
			k := key(lines[idx].text)
			if !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	threshold := max(3, (len(pages)*2+4)/5)
	// A head that carries the page's number ("2 CHAPTER 1. THE ARRIVAL", "Notes on
	// Craft 17") changes with the chapter: it is known by its number, which follows
	// the page's place in the file at a fixed offset on several pages.
	offsets := map[int]int{}
	for i, lines := range pages {
		seen := map[int]bool{}
		for _, idx := range edgeIndexes(lines) {
			if n, ok := edgeNumber(lines[idx].text); ok && !seen[n-i] {
				seen[n-i] = true
				offsets[n-i]++
			}
		}
	}
	offset, hits := 0, 0
	for o, n := range offsets {
		if n > hits || (n == hits && o < offset) {
			offset, hits = o, n
		}
	}
	for i, lines := range pages {
		drop := map[int]bool{}
		for _, idx := range edgeIndexes(lines) {
			t := lines[idx].text
			if lines[idx].heading(body) {
				continue
			}
			n, numbered := edgeNumber(t)
			if pageNumber.MatchString(t) || (len(pages) >= 3 && count[key(t)] >= threshold) ||
				(len(pages) == 2 && count[key(t)] == 2) ||
				(hits >= 2 && numbered && n-i == offset) {
				drop[idx] = true
			}
		}
		if len(drop) == 0 {
			continue
		}
		kept := lines[:0]
		for j, l := range lines {
			if !drop[j] {
				kept = append(kept, l)
			}
		}
		pages[i] = kept
	}
}

var edgeNum = regexp.MustCompile(`^(\d{1,4})\s+\S|\S\s+(\d{1,4})$`)

// edgeNumber is the number a line begins or ends with, as a running head prints the
// page's number.
func edgeNumber(s string) (int, bool) {
	m := edgeNum.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	n := 0
	for _, c := range m[1] + m[2] {
		n = n*10 + int(c-'0')
	}
	return n, true
}

// edgeIndexes are the lines where running headers and footers sit: the two highest
// and the two lowest on the page, wherever they come in reading order.
func edgeIndexes(lines []pdfLine) []int {
	idx := make([]int, len(lines))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return lines[idx[a]].y > lines[idx[b]].y })
	if len(idx) <= 4 {
		return idx
	}
	return append(idx[:2:2], idx[len(idx)-2:]...)
}

// bodyFont is the size and weight that most of the text is set in.
func bodyFont(pages [][]pdfLine) (float64, int) {
	sizes, weights := map[float64]int{}, map[int]int{}
	for _, lines := range pages {
		for _, l := range lines {
			sizes[math.Round(l.size)] += len(l.text)
			weights[l.weight] += len(l.text)
		}
	}
	best, bestN := 10.0, -1
	for s, n := range sizes {
		if n > bestN || (n == bestN && s < best) {
			best, bestN = s, n
		}
	}
	weight, weightN := 400, -1
	for w, n := range weights {
		if n > weightN || (n == weightN && w < weight) {
			weight, weightN = w, n
		}
	}
	return best, weight
}

func headingRank(size, body float64) int {
	switch r := size / body; {
	case r > 1.9:
		return 1
	case r > 1.5:
		return 2
	default:
		return 3
	}
}

// lineSpacing is the most common distance between consecutive lines of a page.
func lineSpacing(lines []pdfLine) float64 {
	hist := map[float64]int{}
	for i := 1; i < len(lines); i++ {
		if d := math.Round(lines[i-1].y - lines[i].y); d > 0 {
			hist[d]++
		}
	}
	best, bestN := 14.0, 0
	for d, n := range hist {
		if n > bestN || (n == bestN && d < best) {
			best, bestN = d, n
		}
	}
	return best
}

// appendLine adds a line to the paragraph being built. A line that ends in a hyphen
// before a word in lower case (PDFium joins such words within a page, not across
// pages) is marked as a join, for joinWords to decide.
func appendLine(b *builder, line string, words map[string]int) {
	cur := b.buf.String()
	if n := len(cur); n >= 2 && cur[n-1] == '-' && isLetter(cur[n-2]) && startsLower(line) {
		b.buf.Reset()
		b.buf.WriteString(cur[:n-1])
		b.buf.WriteRune(pdftext.Join)
		b.text(line)
		return
	}
	if cur != "" {
		b.space()
	}
	b.text(line)
}

// wordCounts counts the words of the whole document, in lower case, for joinWords.
func wordCounts(pages [][]pdfLine) map[string]int {
	out := map[string]int{}
	for _, lines := range pages {
		for _, l := range lines {
			for _, w := range strings.FieldsFunc(l.text, notWordRune) {
				out[strings.ToLower(w)]++
			}
		}
	}
	return out
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && r != '-' && r != '\'' && r != '’' }

// joinWords settles each hyphen a line end broke a word at: the word is joined
// ("manipulation") when the document spells it whole elsewhere or does not spell it
// with the hyphen either and its second half is lower case; the hyphen stays
// ("non-record") when the document spells it so elsewhere, or the second half is a
// capital ("non-English").
func joinWords(s string, words map[string]int) string {
	if !strings.ContainsRune(s, pdftext.Join) {
		return s
	}
	rs := []rune(s)
	var out strings.Builder
	for i, r := range rs {
		if r != pdftext.Join {
			out.WriteRune(r)
			continue
		}
		a := i
		for a > 0 && unicode.IsLetter(rs[a-1]) {
			a--
		}
		z := i + 1
		for z < len(rs) && unicode.IsLetter(rs[z]) {
			z++
		}
		left, right := strings.ToLower(string(rs[a:i])), strings.ToLower(string(rs[i+1:z]))
		whole, hyphened := words[left+right], words[left+"-"+right]
		upper := i+1 < len(rs) && unicode.IsUpper(rs[i+1])
		if hyphened > whole || (whole == 0 && (upper || !unicode.IsLetter(runeAt(rs, i+1)) || !unicode.IsLetter(runeAt(rs, i-1)))) {
			out.WriteByte('-')
		}
	}
	return out.String()
}

func runeAt(rs []rune, i int) rune {
	if i < 0 || i >= len(rs) {
		return 0
	}
	return rs[i]
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, `"'”’)]`)
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, ":")
}

// outlineStarts maps a 0-based page index to the titles of the outline entries that
// begin sections on it: the shallowest level that divides the book (a lone top entry,
// often the book's own title, gives way to its children). Entries whose destination is
// not a page of the file are left out.
func outlineStarts(outline []pdftext.Entry, pages int) map[int][]string {
	perLevel := map[int]int{}
	for _, e := range outline {
		if e.Page >= 0 && e.Page < pages {
			perLevel[e.Level]++
		}
	}
	level := 0
	for l := 1; l <= 3; l++ {
		if perLevel[l] >= 2 {
			level = l
			break
		}
		if perLevel[l] == 1 && level == 0 {
			level = l
		}
	}
	if level == 0 {
		return nil
	}
	out := map[int][]string{}
	for _, e := range outline {
		if e.Level == level && e.Page >= 0 && e.Page < pages {
			if t := collapse(e.Title); t != "" {
				out[e.Page] = append(out[e.Page], t)
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	// Text before the first bookmarked page still needs a section.
	firstPage := pages
	for i := range out {
		firstPage = min(firstPage, i)
	}
	if firstPage > 0 {
		out[0] = append([]string{"Opening"}, out[0]...)
	}
	return out
}
