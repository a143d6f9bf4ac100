package document

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	gparser "github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

var markdownParser = goldmark.New(
	goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList),
	goldmark.WithParserOptions(gparser.WithAttribute()),
).Parser()

// MarkdownParser is goldmark configured as Readback reads Markdown; exposed so that
// benchmarks can compare the bare parse with a whole import.
func MarkdownParser() gparser.Parser { return markdownParser }

// markdownStretch is the size of the pieces a long manuscript is parsed in: the
// syntax tree of a whole 9 MB book took a few hundred megabytes, a piece's is let go
// once its blocks are taken.
var markdownStretch = 512 << 10

// markdown reads CommonMark with GitHub's extensions, footnotes and definition lists,
// after taking a YAML front-matter or pandoc title block as metadata.
func (p *parser) markdown(src []byte) (*Document, error) {
	doc := &Document{}
	src = frontMatter(src, doc)
	pieces, defs := stretches(src, markdownStretch)
	w := mdWalker{lim: p.lim}
	var blocks []Block
	for _, piece := range pieces {
		pc := gparser.NewContext()
		for _, d := range defs { // a link may be defined in another piece
			pc.AddReference(d)
		}
		root := markdownParser.Parse(text.NewReader(piece), gparser.WithContext(pc))
		w.src = piece
		if err := w.block(root, Paragraph, 0, 0); err != nil {
			return nil, err
		}
		blocks = append(blocks, placeFootnotes(w.b.blocks, w.refs, w.notes)...)
		w.b.blocks, w.refs, w.notes = nil, nil, nil
	}
	doc.Blocks = unbracket(blocks)
	return doc, nil
}

type mdWalker struct {
	src   []byte
	lim   Limits
	b     builder
	refs  map[int][]int // block index → footnote indexes referenced in it
	notes map[int]note  // footnote index → its blocks
	cur   []int         // footnotes referenced in the block being gathered
}

func labelKey(s string) string { return strings.ToLower(collapse(s)) }

var fencedDiv = regexp.MustCompile(`^:{3,}`)

func (w *mdWalker) block(n ast.Node, ctx Kind, level, depth int) error {
	if depth > w.lim.MaxXMLDepth {
		return invalid("the Markdown nests deeper than %d levels", w.lim.MaxXMLDepth)
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Heading:
			w.inlines(c)
			w.emit(Heading, c.Level)
		case *ast.Paragraph, *ast.TextBlock:
			w.inlines(c)
			if fencedDiv.MatchString(strings.TrimSpace(w.b.buf.String())) {
				w.b.buf.Reset() // a pandoc fenced div marker, not text
				continue
			}
			w.emit(ctx, level)
		case *ast.List:
			if err := w.block(c, ListItem, level+1, depth+1); err != nil {
				return err
			}
		case *ast.ListItem:
			if err := w.block(c, ListItem, max(level, 1), depth+1); err != nil {
				return err
			}
		case *ast.Blockquote:
			if err := w.block(c, Quote, 0, depth+1); err != nil {
				return err
			}
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			lines := c.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				w.b.text(string(seg.Value(w.src)))
			}
			w.b.flush(Code, 0)
		case *ast.HTMLBlock:
			// Raw HTML is read as an HTML file is: its text, never its markup,
			// scripts, styles or hidden parts ("<div align=center>Fin.</div>").
			var raw bytes.Buffer
			lines := c.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				raw.Write(seg.Value(w.src))
			}
			if c.HasClosure() {
				raw.Write(c.ClosureLine.Value(w.src))
			}
			blocks, err := htmlFragment(raw.Bytes(), w.lim)
			if err != nil {
				return err
			}
			w.b.flush(Paragraph, 0)
			w.b.blocks = append(w.b.blocks, blocks...)
		case *ast.ThematicBreak:
			// A rule is silence.
		case *east.Table:
			if err := w.block(c, TableCell, 0, depth+1); err != nil {
				return err
			}
		case *east.TableHeader, *east.TableRow:
			for cell := c.FirstChild(); cell != nil; cell = cell.NextSibling() {
				w.inlines(cell)
				w.emit(TableCell, 0)
			}
		case *east.DefinitionList:
			if err := w.block(c, Paragraph, 0, depth+1); err != nil {
				return err
			}
		case *east.DefinitionTerm:
			w.inlines(c)
			w.emit(Paragraph, 0)
		case *east.DefinitionDescription:
			if err := w.block(c, Paragraph, 0, depth+1); err != nil {
				return err
			}
		case *east.FootnoteList:
			for fn := c.FirstChild(); fn != nil; fn = fn.NextSibling() {
				f, ok := fn.(*east.Footnote)
				if !ok {
					continue
				}
				// A note's own references are its own, not the text's.
				savedBlocks, savedRefs := w.b.blocks, w.refs
				w.b.blocks, w.refs = nil, nil
				if err := w.block(f, Footnote, 0, depth+1); err != nil {
					return err
				}
				if w.notes == nil {
					w.notes = map[int]note{}
				}
				for i := range w.b.blocks {
					w.b.blocks[i].Kind = Footnote
				}
				w.notes[f.Index] = note{w.b.blocks, w.refs}
				w.b.blocks, w.refs = savedBlocks, savedRefs
			}
		default:
			if err := w.block(c, ctx, level, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// refLink is a reference link whose label is not defined, which goldmark leaves as
// text ("see [the options][General options]"): pandoc resolves such labels to
// headings. A listener should hear the link's text once, not the label too.
var refLink = regexp.MustCompile(`\[([^\[\]\n]+)\]\[[^\[\]\n]*\]`)

// shortcutRef is a shortcut reference ("as [tables] show") whose label is not
// defined: a link the writer meant, whose brackets are markup, not words.
var (
	wordsLabel = regexp.MustCompile(`^\p{L}[\p{L}\p{M} '’-]*$`)
	editorial  = map[string]bool{"sic": true, "sic!": true, "citation needed": true, "emphasis added": true, "emphasis mine": true, "ibid": true}
)

var shortcutRef = regexp.MustCompile(`\[([^\[\]\n]+)\]`)

// Brackets inside code spans are code, and escaped ones (\[) the writer's own: they
// stand in for themselves, out of reach of the reference rules, until the block is
// emitted.
var (
	codeBrackets = strings.NewReplacer("[", "\uE000", "]", "\uE001")
	realBrackets = strings.NewReplacer("\uE000", "[", "\uE001", "]")
)

// bracketed marks a block whose brackets are settled once the whole document is
// read (unbracket): a label may name a heading further on.
const bracketed = "\uFDD2"

func (w *mdWalker) emit(kind Kind, level int) {
	if s := w.b.buf.String(); strings.ContainsAny(s, "]\uE000\uE001") {
		w.b.buf.Reset()
		w.b.buf.WriteString(bracketed)
		w.b.buf.WriteString(s)
	}
	before := len(w.b.blocks)
	w.b.flush(kind, level)
	if len(w.cur) > 0 {
		// The notes follow the block that refers to them; one that says nothing
		// (a figure with a note, a note's mark alone) hands them to the block
		// before it, or has them read first (-1).
		at := before
		if len(w.b.blocks) == before {
			at--
		}
		if w.refs == nil {
			w.refs = map[int][]int{}
		}
		w.refs[at] = append(w.refs[at], w.cur...)
		w.cur = nil
	}
}

// unbracket settles the brackets of the blocks marked bracketed: a reference link
// is read as its text, a shortcut reference without its brackets, and the brackets
// of code spans and escapes are put back.
func unbracket(blocks []Block) []Block {
	// The headings' words, for the references that name them ("see [Options]").
	headings := map[string]bool{}
	for _, b := range blocks {
		if b.Kind == Heading {
			headings[labelKey(realBrackets.Replace(strings.TrimPrefix(b.Text, bracketed)))] = true
		}
	}
	out := blocks[:0]
	for _, b := range blocks {
		if s, ok := strings.CutPrefix(b.Text, bracketed); ok {
			if b.Kind != Code {
				// What the brackets held may end or begin with a space ("[A ]").
				s = collapse(unbracketShortcuts(headings, refLink.ReplaceAllString(s, "$1")))
			}
			if b.Text = realBrackets.Replace(s); b.Text == "" {
				continue
			}
		}
		out = append(out, b)
	}
	return out
}

// unbracketShortcuts drops the brackets of shortcut references: a label naming one
// of the document's headings ("see [Extension: smart]"), or of plain words ("as
// [tables] show"), and of a bracketed span with its attributes ("[word]{.smallcaps}").
// Brackets of an index ("a[i]"), of numbers and lists ("[1]", "[0, 1]"), of an
// editor's "[sic]", of what a link follows, and brackets the writer escaped stay. (A
// definition, "[x]: url", never reaches here: the parser takes it.)
func unbracketShortcuts(headings map[string]bool, s string) string {
	var b strings.Builder
	last := 0
	for _, m := range shortcutRef.FindAllStringSubmatchIndex(s, -1) {
		before, _ := utf8.DecodeLastRuneInString(s[:m[0]])
		after, _ := utf8.DecodeRuneInString(s[m[1]:])
		label := s[m[2]:m[3]]
		end := m[1]
		if after == '{' {
			// pandoc's attributes ({#id .class key=value}) are markup too.
			if close := strings.IndexByte(s[m[1]:], '}'); close > 1 && strings.ContainsAny(s[m[1]+1:m[1]+2], "#.") {
				end = m[1] + close + 1
			}
		}
		heading := headings[labelKey(realBrackets.Replace(label))]
		if m[0] > 0 && (unicode.IsLetter(before) || unicode.IsDigit(before)) || after == '(' || after == '[' ||
			!heading && end == m[1] && (!wordsLabel.MatchString(label) || editorial[strings.ToLower(label)]) {
			continue
		}
		b.WriteString(s[last:m[0]])
		b.WriteString(label)
		last = end
	}
	b.WriteString(s[last:])
	return b.String()
}

func (w *mdWalker) inlines(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(w.src)
			if c.IsRaw() {
				w.b.text(string(v))
			} else {
				w.b.text(unescapeMarkdown(v))
			}
			if c.SoftLineBreak() || c.HardLineBreak() {
				w.b.space()
			}
		case *ast.String:
			if c.IsCode() || c.IsRaw() {
				w.b.text(string(c.Value))
			} else {
				w.b.text(unescapeMarkdown(c.Value))
			}
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				switch t := t.(type) {
				case *ast.Text:
					w.b.text(codeBrackets.Replace(string(t.Segment.Value(w.src))))
				case *ast.String:
					w.b.text(codeBrackets.Replace(string(t.Value)))
				}
			}
		case *ast.Image:
			var alt builder
			inner := mdWalker{src: w.src, lim: w.lim, b: alt}
			inner.inlines(c)
			if s := collapse(inner.b.buf.String()); meaningfulAlt(s) {
				w.b.alt(s)
			} else {
				w.b.elide()
			}
		case *ast.AutoLink:
			// Written as an address, read as one: the sentence around it needs it
			// ("<https://example.com> has the rest"); the narration says it briefly.
			w.b.text(string(c.Label(w.src)))
		case *ast.RawHTML:
			// Tags are not for the ear; a line break is a space.
			if brTag.Match(c.Segments.Value(w.src)) {
				w.b.space()
			} else {
				w.b.elide()
			}
		case *east.TaskCheckBox, *east.FootnoteBacklink:
		case *east.FootnoteLink:
			w.cur = append(w.cur, c.Index)
		default:
			w.inlines(c)
		}
	}
}

var brTag = regexp.MustCompile(`(?i)^<br\s*/?>$`)

func unescapeMarkdown(v []byte) string {
	if bytes.IndexByte(v, '\\') >= 0 {
		v = bytes.ReplaceAll(bytes.ReplaceAll(v, []byte(`\[`), []byte("\uE000")), []byte(`\]`), []byte("\uE001"))
		v = util.UnescapePunctuations(v)
	}
	s := string(v)
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return s
}

// stretches cuts a long manuscript into pieces of about size bytes that parse as
// the whole would: each begins with a heading that goldmark, reading the whole
// manuscript's blocks (no inlines: that is where the memory goes), finds at the top
// level — outside any list, quotation, fenced code or raw HTML — and never between
// a footnote's references and its definition. A manuscript with no such place is
// one piece. The link reference definitions come back for every piece to know them;
// only their labels matter (a link is read as its text).
func stretches(src []byte, size int) ([][]byte, []gparser.Reference) {
	if len(src) <= size {
		return [][]byte{src}, nil
	}
	pc := gparser.NewContext()
	noteDefs := map[int]string{} // the line each footnote definition begins on: its label
	pc.Set(noteDefsKey, noteDefs)
	root := markdownBlocks.Parse(text.NewReader(src), gparser.WithContext(pc))
	var cuts []int // where a piece may begin
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Lines().Len() > 0 {
			at := h.Lines().At(0).Start
			line := bytes.LastIndexByte(src[:at], '\n') + 1
			// A setext heading's text may follow link definitions on the lines
			// above it, one paragraph with them: it begins a piece only after a
			// blank line. An ATX heading interrupts anything.
			if !atxHeading.Match(src[line:]) && !blankBefore(src, line) {
				continue
			}
			cuts = append(cuts, line)
		}
	}
	defs := pc.References()
	root = nil

	// A reference and the definition it is read with stay in one piece: the next
	// definition of its label, else the one before (a label used again in a later
	// chapter is that chapter's note). Mentions in code count too: a cut fewer.
	type span struct{ from, to int }
	type mention struct {
		at  int
		def bool
	}
	notes := map[string][]mention{}
	for at := 0; at < len(src); {
		end := bytes.IndexByte(src[at:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += at + 1
		}
		line := src[at:end]
		for _, m := range footnoteMention.FindAllSubmatchIndex(line, -1) {
			label := string(line[m[2]:m[3]])
			def := noteDefs[at] == label && bytes.HasPrefix(line[m[1]:], []byte(":"))
			if def {
				delete(noteDefs, at) // the line's first; a mention after it is a reference
			}
			notes[label] = append(notes[label], mention{at, def})
		}
		at = end
	}
	var spans []span
	for _, ms := range notes {
		last := -1 // the latest definition
		var waiting []int
		for _, m := range ms {
			if !m.def {
				waiting = append(waiting, m.at)
				continue
			}
			for _, r := range waiting {
				spans = append(spans, span{r, m.at})
			}
			waiting, last = nil, m.at
		}
		if last >= 0 {
			for _, r := range waiting {
				spans = append(spans, span{last, r})
			}
		}
	}
	var pieces [][]byte
	start := 0
	for _, c := range cuts {
		if c-start < size {
			continue
		}
		inside := false
		for _, sp := range spans {
			if sp.from < c && c <= sp.to {
				inside = true
				break
			}
		}
		if !inside {
			pieces = append(pieces, src[start:c])
			start = c
		}
	}
	return append(pieces, src[start:]), defs
}

// markdownBlocks is goldmark with Readback's block syntax (CommonMark's, GitHub's
// tables, footnote definitions, definition lists) and none of its inline syntax: where
// a long manuscript's blocks begin, found in a fraction of a full parse's memory.
var markdownBlocks = gparser.NewParser(
	gparser.WithBlockParsers(append(gparser.DefaultBlockParsers(),
		util.Prioritized(footnoteDefs{extension.NewFootnoteBlockParser()}, 999),
		util.Prioritized(extension.NewDefinitionListParser(), 101),
		util.Prioritized(extension.NewDefinitionDescriptionParser(), 102))...),
	gparser.WithParagraphTransformers(append(gparser.DefaultParagraphTransformers(),
		util.Prioritized(extension.NewTableParagraphTransformer(), 200),
		util.Prioritized(emptyParagraphs{}, 1000))...),
	gparser.WithAttribute(),
)

// emptyParagraphs leaves each paragraph, once its link definitions and tables are
// read (the transformers before it), holding nothing but where it began: a paragraph
// cannot hold a heading, and with no text it is never parsed for inlines, which is
// most of a parse's memory. It stays in the tree, because the blocks around it are
// read by whether it is there: a list item that began empty and holds no block
// ends at a blank line, a definition list needs its term, a setext heading takes the
// paragraph's place.
type emptyParagraphs struct{}

func (emptyParagraphs) Transform(p *ast.Paragraph, _ text.Reader, _ gparser.Context) {
	if lines := p.Lines(); lines.Len() > 0 {
		// Where its first line begins: a setext heading made of it begins there.
		at := lines.At(0).Start
		p.SetLines(text.NewSegments())
		p.Lines().Append(text.NewSegment(at, at))
	}
}

// footnoteDefs is goldmark's footnote definitions, noting the line each begins on
// (in noteDefsKey's map): wherever a definition is (in a quotation, a list, another
// note), a reference is read with it, and goldmark's tree does not always keep it.
type footnoteDefs struct{ gparser.BlockParser }

var noteDefsKey = gparser.NewContextKey()

func (p footnoteDefs) Open(parent ast.Node, reader text.Reader, pc gparser.Context) (ast.Node, gparser.State) {
	n, state := p.BlockParser.Open(parent, reader, pc)
	if f, ok := n.(*east.Footnote); ok {
		if defs, ok := pc.Get(noteDefsKey).(map[int]string); ok {
			_, seg := reader.Position()
			defs[bytes.LastIndexByte(reader.Source()[:seg.Start], '\n')+1] = string(f.Ref)
		}
	}
	return n, state
}

var atxHeading = regexp.MustCompile(`^ {0,3}#{1,6}(?:[ \t\r\n]|$)`)

// blankBefore says whether the line that begins at line follows a blank line or
// nothing.
func blankBefore(src []byte, line int) bool {
	if line == 0 {
		return true
	}
	prev := bytes.LastIndexByte(src[:line-1], '\n') + 1
	return len(bytes.TrimSpace(src[prev:line])) == 0
}

// footnoteMention finds every place goldmark could read a footnote's label: "[^",
// then up to the "]" that closes it with no "[" before (a backslash escapes the
// character after it), on one line. "[^[^b]" mentions "b"; a label may hold spaces.
var footnoteMention = regexp.MustCompile(`\[\^((?:\\.|[^\[\]\\\n])+)\]`)

// note is a footnote's blocks and, like the text's, which notes each refers to.
type note struct {
	blocks []Block
	refs   map[int][]int
}

// placeFootnotes puts each footnote's blocks right after the block that first refers
// to it, a note referred to from a note within that note; where and whether they are
// read is decided later, per document. A note referred to only from itself is not
// placed.
func placeFootnotes(blocks []Block, refs map[int][]int, notes map[int]note) []Block {
	if len(notes) == 0 {
		return blocks
	}
	out := make([]Block, 0, len(blocks)+len(notes))
	used := map[int]bool{}
	var place func(blocks []Block, refs map[int][]int)
	follow := func(idxs []int) {
		for _, idx := range idxs {
			if !used[idx] {
				used[idx] = true
				place(notes[idx].blocks, notes[idx].refs)
			}
		}
	}
	place = func(blocks []Block, refs map[int][]int) {
		follow(refs[-1])
		for i, b := range blocks {
			out = append(out, b)
			follow(refs[i])
		}
	}
	place(blocks, refs)
	return out
}

var pandocTitleLine = regexp.MustCompile(`^% ?(.*)$`)

// frontMatter takes a leading YAML block (--- … --- or ...) or a pandoc title block
// (% lines) off the text and keeps its title, author and language.
func frontMatter(src []byte, doc *Document) []byte {
	if !bytes.HasPrefix(src, []byte("---")) && !bytes.HasPrefix(src, []byte("% ")) {
		return src
	}
	// Only the head is read (a title block is short), and the rest is the source's own
	// bytes: a long book is not copied for its metadata.
	head := string(src[:min(len(src), 65536)])
	rest := frontMatterText(head, doc) // a suffix of head
	return src[len(head)-len(rest):]
}

func frontMatterText(s string, doc *Document) string {
	if strings.HasPrefix(s, "---\n") || strings.HasPrefix(s, "---\r\n") {
		head := s
		if len(head) > 65536 {
			head = head[:65536]
		}
		lines := strings.Split(head, "\n")
		for i := 1; i < len(lines); i++ {
			l := strings.TrimRight(lines[i], "\r")
			if l == "---" || l == "..." {
				for _, kv := range lines[1:i] {
					k, v, ok := strings.Cut(kv, ":")
					if !ok {
						continue
					}
					v = strings.Trim(strings.TrimSpace(v), `"'`)
					switch strings.ToLower(strings.TrimSpace(k)) {
					case "title":
						doc.Title = v
					case "author":
						doc.Author = v
					case "lang", "language":
						doc.Language = v
					}
				}
				n := 0
				for _, l := range lines[:i+1] {
					n += len(l) + 1
				}
				return s[min(n, len(s)):]
			}
		}
		return s
	}
	if strings.HasPrefix(s, "% ") {
		lines := strings.SplitN(s, "\n", 4)
		fields := []*string{&doc.Title, &doc.Author}
		i := 0
		for ; i < len(lines)-1 && i < 3 && strings.HasPrefix(lines[i], "%"); i++ {
			if i < len(fields) {
				*fields[i] = strings.TrimSpace(pandocTitleLine.FindStringSubmatch(strings.TrimRight(lines[i], "\r"))[1])
			}
		}
		return strings.Join(lines[i:], "\n")
	}
	return s
}
