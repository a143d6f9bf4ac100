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
	"unicode/utf8"

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
			pages[i] = append(pages[i], pdfLine{x: l.X, y: l.Y, size: l.Size, weight: l.Weight, font: l.Font,
				lastWeight: l.LastWeight, lastFont: l.LastFont, text: t})
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
	if n := len(rd.Unreadable); n > 0 {
		doc.note("%d of %d pages could not be read and were left out (the first: page %d)", n, len(rd.Pages), rd.Unreadable[0]+1)
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
					if strings.EqualFold(l.text, t) || (l.heading(body) && len(l.text) >= 4 && hasPrefixFold(t, l.text)) {
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
		for j := 0; j < len(lines); j++ {
			l := lines[j]
			if titles := at[j]; len(titles) > 0 {
				para()
				for _, t := range titles {
					b.add(Break, 0, t)
				}
			}
			if l.heading(body) {
				// A heading set over two or three lines is one heading.
				end := j + 1
				for end < len(lines) && end-j < 3 && at[end] == nil && lines[end].heading(body) &&
					math.Abs(lines[end].size-l.size) < 0.5 && l.y-lines[end].y > 0 && lines[end-1].y-lines[end].y < l.size*1.8 {
					end++
				}
				para()
				b.add(Heading, headingRank(l.size, body), joinWords(joinLines(lines[j:end]), words))
				pending = append(pending, notes[j]...)
				j = end - 1
				continue
			}
			if end := boldHeading(lines, j, body, bodyWeight, spacing, at); end > j {
				para()
				b.add(Heading, 3, joinWords(joinLines(lines[j:end]), words))
				for k := j; k < end; k++ {
					pending = append(pending, notes[k]...)
				}
				j = end - 1
				continue
			}
			if j > 0 && !lines[j-1].heading(body) {
				prev := lines[j-1]
				switch {
				case prev.y-l.y > spacing*(prev.rows()+0.6) || indented(lines, j):
					para()
				case l.y-prev.y > spacing*0.5 && endsSentence(strings.TrimSpace(b.buf.String())):
					// Up to the top of the next column: a paragraph ends there
					// if its last line ends a sentence, as at a page's end.
					para()
				}
			}
			appendLine(&b, l.text, words)
			// Notes called from this line are read when its paragraph ends.
			pending = append(pending, notes[j]...)
		}
		pending = append(pending, notes[-1]...)
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
	x, y       float64
	size       float64
	weight     int
	font       string
	lastWeight int
	lastFont   string
	text       string
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
// smaller than the body, below everything else, the first of them starting with a
// mark (a number or a symbol) whose call is found in the text above ("reply.1").
// Each note starts at a line with a mark; marks and calls are dropped. It returns
// the other lines, and the notes by the line (of those) that calls them; -1 holds
// the notes whose call was not found. Small print at the foot with no marked first
// line (a caption, a reference list) is left where it is.
func splitFootnotes(lines []pdfLine, body float64) ([]pdfLine, map[int][]string) {
	idx := make([]int, len(lines))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return lines[idx[a]].y < lines[idx[b]].y })
	foot := map[int]bool{}
	top := -1
	for _, i := range idx {
		if lines[i].size >= body*0.9 || lines[i].heading(body) {
			break
		}
		foot[i] = true
		top = i
	}
	if len(foot) == 0 || len(foot) == len(lines) || footMarkOf(lines[top].text) == "" {
		return lines, nil
	}
	for i, l := range lines {
		if !foot[i] && l.y < lines[top].y {
			return lines, nil // body text below the small print: not a foot of notes
		}
	}
	type note struct{ mark, text string }
	var notes []note
	kept := make([]pdfLine, 0, len(lines)-len(foot))
	// The foot's lines from the top down, whatever order PDFium gave them in.
	var footLines []int
	for i, l := range lines {
		if !foot[i] {
			kept = append(kept, l)
		} else {
			footLines = append(footLines, i)
		}
	}
	sort.SliceStable(footLines, func(a, b int) bool { return lines[footLines[a]].y > lines[footLines[b]].y })
	for _, i := range footLines {
		t := lines[i].text
		if m := footMarkOf(t); m != "" {
			notes = append(notes, note{m, strings.TrimSpace(strings.TrimPrefix(t, m))})
		} else if len(notes) > 0 {
			notes[len(notes)-1].text += " " + t
		}
	}
	out := map[int][]string{}
	found := 0
	for _, n := range notes {
		line := -1
		call := regexp.MustCompile(`(?:\p{Ll}|[.,;:!?”’"')\]])[.,;:!?”’"')\]]?(` + regexp.QuoteMeta(n.mark) + `)(?:\s|$)`)
		for j := range kept {
			if loc := call.FindStringSubmatchIndex(kept[j].text); loc != nil {
				t := kept[j].text
				kept[j].text = t[:loc[2]] + t[loc[3]:]
				line = j
				found++
				break
			}
		}
		out[line] = append(out[line], n.text)
	}
	if found == 0 {
		return lines, nil // marks with no calls: numbered small print, not notes
	}
	return kept, out
}

var footMark = regexp.MustCompile(`^(\d{1,3}|[*†‡§¶])`)

// footMarkOf is the note mark a foot line starts with ("1The causeway…", "* See"),
// or "". A number that runs on into more digits ("1984 was…") is not one.
func footMarkOf(s string) string {
	m := footMark.FindString(s)
	if m == "" {
		return ""
	}
	if r, _ := utf8.DecodeRuneInString(s[len(m):]); unicode.IsDigit(r) {
		return ""
	}
	return m
}

// bold reports whether the whole line is set in bold: its first and its last
// character (a bold lead-in, "Theorem 1.", is not a bold line).
func (l pdfLine) bold(bodyWeight int) bool {
	heavy := func(w int, font string) bool {
		return pdftext.BoldName(font) || (w >= 500 && w >= bodyWeight+150)
	}
	return heavy(l.weight, l.font) && heavy(l.lastWeight, l.lastFont)
}

// boldHeading returns the end (exclusive) of a heading set in the body's size but
// bold that starts at line j — one to three bold lines close together, short, not
// a sentence, with no bold line right after — or j when there is none.
func boldHeading(lines []pdfLine, j int, body float64, bodyWeight int, spacing float64, starts map[int][]string) int {
	if !lines[j].bold(bodyWeight) || lines[j].size < body*0.9 {
		return j
	}
	end := j + 1
	for end < len(lines) && end-j <= 3 && starts[end] == nil && lines[end].bold(bodyWeight) && !lines[end].heading(body) &&
		lines[end-1].y-lines[end].y > 0 && lines[end-1].y-lines[end].y <= spacing*1.3 {
		end++
	}
	if end-j > 3 {
		return j // a bold paragraph, not a heading
	}
	text := joinLines(lines[j:end])
	if len(text) > 160 || strings.ContainsAny(text[len(text)-1:], ".,;") {
		return j
	}
	return end
}

// joinLines is the text of consecutive lines, a word broken at a line end joined.
func joinLines(lines []pdfLine) string {
	var b builder
	for _, l := range lines {
		appendLine(&b, l.text, nil)
	}
	return strings.TrimSpace(b.buf.String())
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// roman is a lower-case Roman numeral from i to mmmcmxcix, as front matter is
// numbered ("Mild" or "Civil" are not page numbers).
const roman = `m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})`

var (
	digits     = regexp.MustCompile(`\d+`)
	pageNumber = regexp.MustCompile(`^[-–—\s]*([Pp]age\s*)?(\d+|` + roman + `|` + strings.ToUpper(roman) + `)(\s*(of|/)\s*\d+)?[-–—\s]*$`)
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
				(hits >= threshold && numbered && n-i == offset) {
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

var bareNumber = regexp.MustCompile(`^[-–—\s]*(?:[Pp]age\s*)?(\d{1,4})(?:\s*(?:of|/)\s*\d+)?[-–—\s]*$`)

var edgeNum = regexp.MustCompile(`^(\d{1,4})\s+\S|\S\s+(\d{1,4})$`)

// edgeNumber is the number a line begins or ends with, as a running head prints the
// page's number, or the number a bare page number line is.
func edgeNumber(s string) (int, bool) {
	m := edgeNum.FindStringSubmatch(s)
	if m == nil {
		d := bareNumber.FindStringSubmatch(s)
		if d == nil {
			return 0, false
		}
		m = []string{"", d[1], ""}
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
// after a letter, before a word in lower case (PDFium joins such words within a
// page, not across pages or columns it reads apart), is marked as a join, for
// joinWords to decide.
func appendLine(b *builder, line string, words map[string]int) {
	cur := b.buf.String()
	if strings.HasSuffix(cur, "-") {
		before, _ := utf8.DecodeLastRuneInString(cur[:len(cur)-1])
		next, _ := utf8.DecodeRuneInString(strings.TrimSpace(line))
		if unicode.IsLetter(before) && unicode.IsLower(next) {
			b.buf.Reset()
			b.buf.WriteString(cur[:len(cur)-1])
			b.buf.WriteRune(pdftext.Join)
			b.text(line)
			return
		}
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
