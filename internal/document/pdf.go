package document

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"

	"github.com/ledongthuc/pdf"
)

// pdf reads the text layer of a PDF: lines rebuilt from glyph positions, paragraphs from
// line spacing, words broken by hyphenation joined again, running headers, footers and
// page numbers dropped. Sections follow the outline (bookmarks) when there is one, or
// the pages otherwise.
func (p *parser) pdf(data []byte) (*Document, error) {
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		if strings.Contains(err.Error(), "encrypted") {
			return nil, invalid("the PDF is encrypted; remove its password and import it again")
		}
		return nil, invalid("the PDF cannot be read: %v", err)
	}
	n := r.NumPage()
	if n == 0 {
		return nil, invalid("the PDF has no pages")
	}
	pages := make([][]pdfLine, n)
	for i := 1; i <= n; i++ {
		if err := p.cancelled(); err != nil {
			return nil, err
		}
		pages[i-1] = pageLines(r.Page(i))
	}
	dropRunningLines(pages)
	starts := outlineStarts(r, n)
	doc := &Document{}
	info := r.Trailer().Key("Info")
	doc.Title = collapse(info.Key("Title").Text())
	doc.Author = collapse(info.Key("Author").Text())
	var b builder
	body := bodyFontSize(pages)
	for i, lines := range pages {
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
				b.flush(Paragraph, 0)
				for _, t := range titles {
					b.add(Break, 0, t)
				}
			}
			heading := l.size > body*1.25 && len(l.text) < 120
			if heading {
				b.flush(Paragraph, 0)
				b.add(Heading, headingRank(l.size, body), l.text)
				continue
			}
			if j > 0 && !lines[j-1].heading(body) && lines[j-1].y-l.y > spacing*1.6 {
				b.flush(Paragraph, 0)
			}
			appendLine(&b, l.text)
		}
		// A paragraph that runs on to the next page stays one paragraph unless the
		// page's last line ends a sentence.
		if t := strings.TrimSpace(b.buf.String()); t == "" || endsSentence(t) {
			b.flush(Paragraph, 0)
		}
	}
	b.flush(Paragraph, 0)
	doc.Blocks = b.blocks
	return doc, nil
}

type pdfLine struct {
	y, size float64
	text    string
}

func (l pdfLine) heading(body float64) bool { return l.size > body*1.25 && len(l.text) < 120 }

// pageLines groups a page's glyphs into lines, top to bottom, and each line's glyphs
// left to right with spaces where the gap between glyphs says so.
func pageLines(pg pdf.Page) []pdfLine {
	if pg.V.IsNull() {
		return nil
	}
	glyphs := pg.Content().Text
	type line struct {
		y     float64
		size  float64
		chars []pdf.Text
	}
	var lines []*line
	for _, g := range glyphs {
		if g.S == "" {
			continue
		}
		var cur *line
		for k := len(lines) - 1; k >= 0 && k >= len(lines)-4; k-- {
			if math.Abs(lines[k].y-g.Y) <= math.Max(g.FontSize, 1)*0.4 {
				cur = lines[k]
				break
			}
		}
		if cur == nil {
			cur = &line{y: g.Y}
			lines = append(lines, cur)
		}
		cur.chars = append(cur.chars, g)
		cur.size = math.Max(cur.size, g.FontSize)
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].y > lines[j].y })
	out := make([]pdfLine, 0, len(lines))
	for _, l := range lines {
		sort.SliceStable(l.chars, func(i, j int) bool { return l.chars[i].X < l.chars[j].X })
		var sb strings.Builder
		end := math.Inf(-1)
		for _, c := range l.chars {
			if end != math.Inf(-1) && c.X-end > math.Max(c.FontSize, 1)*0.18 && !strings.HasSuffix(sb.String(), " ") && c.S != " " {
				sb.WriteByte(' ')
			}
			sb.WriteString(c.S)
			w := c.W
			if w <= 0 {
				w = c.FontSize * 0.5 * float64(len([]rune(c.S)))
			}
			end = c.X + w
		}
		if t := collapse(sb.String()); t != "" {
			out = append(out, pdfLine{y: l.y, size: l.size, text: t})
		}
	}
	return out
}

var (
	digits     = regexp.MustCompile(`\d+`)
	pageNumber = regexp.MustCompile(`(?i)^[-–—\s]*(page\s*)?(\d+|[ivxlcdm]+)(\s*(of|/)\s*\d+)?[-–—\s]*$`)
)

// dropRunningLines removes page headers and footers: the first or last line of a page
// when it is a bare page number, or when the same line (numbers aside) tops or tails
// many pages.
func dropRunningLines(pages [][]pdfLine) {
	count := map[string]int{}
	key := func(s string) string { return digits.ReplaceAllString(strings.ToLower(s), "#") }
	for _, lines := range pages {
		seen := map[string]bool{}
		for _, idx := range edgeIndexes(len(lines)) {
			k := key(lines[idx].text)
			if !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	threshold := max(3, (len(pages)*2+4)/5)
	for i, lines := range pages {
		drop := map[int]bool{}
		for _, idx := range edgeIndexes(len(lines)) {
			t := lines[idx].text
			if pageNumber.MatchString(t) || (len(pages) >= 3 && count[key(t)] >= threshold) {
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

// edgeIndexes are the lines where running headers and footers sit: two at the top,
// two at the bottom.
func edgeIndexes(n int) []int {
	var out []int
	for _, i := range []int{0, 1, n - 2, n - 1} {
		if i >= 0 && i < n && (len(out) == 0 || out[len(out)-1] < i) {
			out = append(out, i)
		}
	}
	return out
}

func bodyFontSize(pages [][]pdfLine) float64 {
	hist := map[float64]int{}
	for _, lines := range pages {
		for _, l := range lines {
			hist[math.Round(l.size)] += len(l.text)
		}
	}
	best, bestN := 10.0, -1
	for s, n := range hist {
		if n > bestN || (n == bestN && s < best) {
			best, bestN = s, n
		}
	}
	return best
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

// appendLine adds a line to the paragraph being built, joining a word that the
// previous line broke with a hyphen.
func appendLine(b *builder, line string) {
	cur := b.buf.String()
	if n := len(cur); n >= 2 && cur[n-1] == '-' && isLetter(cur[n-2]) && startsLower(line) {
		b.buf.Reset()
		b.buf.WriteString(cur[:n-1])
		b.text(line)
		return
	}
	if cur != "" {
		b.space()
	}
	b.text(line)
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, `"'”’)]`)
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, ":")
}

// outlineStarts maps a 0-based page index to the titles of the top-level outline
// entries that begin on it. Entries whose destination cannot be resolved are left out.
func outlineStarts(r *pdf.Reader, pages int) map[int][]string {
	root := r.Trailer().Key("Root")
	first := root.Key("Outlines").Key("First")
	if first.IsNull() {
		return nil
	}
	pageIndex := map[string]int{}
	for i := 1; i <= pages; i++ {
		pageIndex[r.Page(i).V.String()] = i - 1
	}
	out := map[int][]string{}
	seen := 0
	for e := first; e.Kind() == pdf.Dict && seen < 10000; e = e.Key("Next") {
		seen++
		dest := e.Key("Dest")
		if dest.IsNull() {
			dest = e.Key("A").Key("D")
		}
		dest = namedDest(root, dest)
		if dest.Kind() != pdf.Array || dest.Len() == 0 {
			continue
		}
		if i, ok := pageIndex[dest.Index(0).String()]; ok {
			out[i] = append(out[i], collapse(e.Key("Title").Text()))
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

// namedDest resolves a destination given by name through the catalogue's Dests
// dictionary or its Names/Dests name tree.
func namedDest(root, dest pdf.Value) pdf.Value {
	var name string
	switch dest.Kind() {
	case pdf.Name:
		name = dest.Name()
	case pdf.String:
		name = dest.RawString()
	default:
		return dest
	}
	if d := root.Key("Dests").Key(name); !d.IsNull() {
		return destArray(d)
	}
	return destArray(lookupName(root.Key("Names").Key("Dests"), name, 0))
}

func destArray(v pdf.Value) pdf.Value {
	if v.Kind() == pdf.Dict {
		return v.Key("D")
	}
	return v
}

func lookupName(node pdf.Value, name string, depth int) pdf.Value {
	if node.IsNull() || depth > 32 {
		return pdf.Value{}
	}
	if names := node.Key("Names"); names.Kind() == pdf.Array {
		for i := 0; i+1 < names.Len(); i += 2 {
			if names.Index(i).RawString() == name {
				return names.Index(i + 1)
			}
		}
	}
	if kids := node.Key("Kids"); kids.Kind() == pdf.Array {
		for i := 0; i < kids.Len(); i++ {
			if v := lookupName(kids.Index(i), name, depth+1); !v.IsNull() {
				return v
			}
		}
	}
	return pdf.Value{}
}
