package document

import (
	"encoding/xml"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// docx reads a Word document: the main part named by the package relationships, with
// styles deciding headings, quotes, captions and code, footnotes and endnotes placed
// after the paragraph that refers to them, deleted revisions and field instructions
// dropped, and table-of-contents page numbers left out.
func (p *parser) docx(data []byte) (*Document, error) {
	a, err := openArchive(data, p.lim)
	if err != nil {
		return nil, err
	}
	main := mainPart(a)
	if !a.has(main) {
		return nil, invalid("the DOCX has no main document part (%s)", main)
	}
	r := docxReader{a: a, lim: p.lim, styles: map[string]*docxStyle{}, notes: map[string][]Block{}, letters: map[string]int{}}
	rels := r.relationships(main)
	if err := r.readStyles(relTarget(main, rels, "styles", "word/styles.xml")); err != nil {
		return nil, err
	}
	for _, kind := range []string{"footnotes", "endnotes"} {
		if err := r.readNotes(relTarget(main, rels, kind, "word/"+kind+".xml"), kind[:len(kind)-1]); err != nil {
			return nil, err
		}
	}
	body, err := a.read(main)
	if err != nil {
		return nil, err
	}
	blocks, err := r.walk(main, body, "")
	if err != nil {
		return nil, err
	}
	doc := &Document{Blocks: blocks}
	r.coreProperties(doc)
	if doc.Language == "" {
		doc.Language = r.markedLanguage()
	}
	return doc, nil
}

// markedLanguage is the language Word marked most of the text with (w:lang of its
// runs, covering at least half its letters), else the styles' default language
// (w:docDefaults), else "" for the text to tell.
func (r *docxReader) markedLanguage() string {
	total, best, bestN := 0, "", 0
	for lang, n := range r.letters {
		total += n
		if lang != "" && (n > bestN || n == bestN && lang < best) {
			best, bestN = lang, n
		}
	}
	if best != "" && bestN*2 >= total {
		return best
	}
	return r.defaultLang
}

// mainPart finds the main document through the package relationships, as Word does;
// most files name it word/document.xml, but nothing requires that.
func mainPart(a *archive) string {
	if data, err := a.read("_rels/.rels"); err == nil {
		for _, rel := range parseRels(data, a.lim) {
			if strings.HasSuffix(rel.Type, "/officeDocument") {
				return resolve("", rel.Target)
			}
		}
	}
	return "word/document.xml"
}

type docxRel struct{ ID, Type, Target, Mode string }

func parseRels(data []byte, lim Limits) []docxRel {
	var out []docxRel
	d := newXMLDecoder("relationships", data, lim)
	for {
		t, err := d.Token()
		if err != nil {
			return out
		}
		if e, ok := t.(xml.StartElement); ok && e.Name.Local == "Relationship" {
			out = append(out, docxRel{ID: xattr(e, "Id"), Type: xattr(e, "Type"), Target: xattr(e, "Target"), Mode: xattr(e, "TargetMode")})
		}
	}
}

func (r *docxReader) relationships(part string) []docxRel {
	data, err := r.a.read(path.Join(path.Dir(part), "_rels", path.Base(part)+".rels"))
	if err != nil {
		return nil
	}
	return parseRels(data, r.lim)
}

func relTarget(part string, rels []docxRel, kind, fallback string) string {
	for _, rel := range rels {
		if strings.HasSuffix(rel.Type, "/"+kind) && rel.Mode != "External" {
			return resolve(part, rel.Target)
		}
	}
	return fallback
}

type docxStyle struct {
	name     string
	basedOn  string
	outline  int // 1-based heading level from w:outlineLvl; 0 if none
	numbered bool
}

type docxReader struct {
	a           *archive
	defaultLang string         // the styles' default run language (w:docDefaults)
	letters     map[string]int // letters of the text by the language their runs are marked with
	lim         Limits
	styles      map[string]*docxStyle
	notes       map[string][]Block // "footnote:3" → blocks
}

func (r *docxReader) readStyles(name string) error {
	if !r.a.has(name) {
		return nil
	}
	data, err := r.a.read(name)
	if err != nil {
		return err
	}
	d := newXMLDecoder(name, data, r.lim)
	var cur *docxStyle
	for {
		t, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		e, ok := t.(xml.StartElement)
		if !ok {
			continue
		}
		switch e.Name.Local {
		case "lang":
			if cur == nil && r.defaultLang == "" { // in w:docDefaults, before the styles
				r.defaultLang = xattr(e, "val")
			}
		case "style":
			cur = &docxStyle{}
			r.styles[xattr(e, "styleId")] = cur
		case "name":
			if cur != nil {
				cur.name = strings.ToLower(xattr(e, "val"))
			}
		case "basedOn":
			if cur != nil {
				cur.basedOn = xattr(e, "val")
			}
		case "outlineLvl":
			if cur != nil {
				if n, err := strconv.Atoi(xattr(e, "val")); err == nil && n < 9 {
					cur.outline = n + 1
				}
			}
		case "numId":
			if cur != nil && xattr(e, "val") != "0" {
				cur.numbered = true
			}
		}
	}
}

var headingName = regexp.MustCompile(`^heading ?([1-9])$`)

// role resolves what a paragraph style means for a listener, following basedOn.
func (r *docxReader) role(id string) (kind Kind, level int, toc bool) {
	for i := 0; i < 16 && id != ""; i++ {
		s := r.styles[id]
		name := strings.ToLower(id)
		if s != nil {
			name = s.name
		}
		switch m := headingName.FindStringSubmatch(name); {
		case m != nil:
			return Heading, int(m[1][0] - '0'), false
		case name == "title":
			return Heading, 1, false
		case strings.HasPrefix(name, "toc"):
			return Paragraph, 0, true
		case strings.Contains(name, "quote") || name == "block text":
			return Quote, 0, false
		case name == "caption" || strings.Contains(name, "caption"):
			return Caption, 0, false
		case strings.Contains(name, "code") || strings.Contains(name, "preformatted") || strings.Contains(name, "verbatim"):
			return Code, 0, false
		}
		if s == nil {
			break
		}
		if s.outline > 0 && s.outline <= 6 {
			return Heading, s.outline, false
		}
		if s.numbered {
			return ListItem, 1, false
		}
		id = s.basedOn
	}
	return Paragraph, 0, false
}

func (r *docxReader) readNotes(name, kind string) error {
	if !r.a.has(name) {
		return nil
	}
	data, err := r.a.read(name)
	if err != nil {
		return err
	}
	_, err = r.walk(name, data, kind)
	return err
}

// docxPara is a paragraph being read; paragraphs nest inside text boxes.
type docxPara struct {
	text    strings.Builder
	toc     bool // inside a table of contents field
	style   string
	list    int // 1-based list level, 0 if not a list item
	outline int
	notes   []string
	langs   langTally
}

// docxLang is the language a run's properties give its text (w:lang): val for
// Latin text, eastAsia for Chinese, Japanese and Korean, bidi for Arabic and
// Hebrew, as Word itself chooses.
type docxLang struct{ val, eastAsia, bidi string }

func (l docxLang) of(s string) string {
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
			return l.eastAsia // "" when unmarked: a Latin tag says nothing of Japanese
		case unicode.In(r, unicode.Arabic, unicode.Hebrew):
			return l.bidi
		case unicode.IsLetter(r):
			return l.val
		}
	}
	return l.val
}

type docxField struct {
	instr  strings.Builder
	result bool   // past the separator: its text is the field's visible result
	kind   string // first word of the instruction, upper case
}

// walk reads a part's body. With notes set ("footnote" or "endnote") it reads each
// note into r.notes instead of returning blocks.
func (r *docxReader) walk(name string, data []byte, notes string) ([]Block, error) {
	d := newXMLDecoder(name, data, r.lim)
	var (
		b        builder
		paras    []*docxPara
		fields   []*docxField
		tables   int
		noteID   string
		inRun    bool
		hidden   bool
		inText   bool
		runLang  docxLang
		parents  []string
		noteSeen = map[string]bool{}
	)
	visible := func() bool {
		if hidden || len(paras) == 0 {
			return false
		}
		toc := false
		for _, f := range fields {
			if f.kind == "TOC" {
				toc = true
			}
		}
		if p := paras[len(paras)-1]; p.style != "" {
			if _, _, t := r.role(p.style); t {
				toc = true
			}
		}
		for _, f := range fields {
			if !f.result || (f.kind == "PAGEREF" && toc) {
				return false
			}
		}
		return true
	}
	write := func(s string) {
		if visible() {
			p := paras[len(paras)-1]
			s = noMarks.Replace(s)
			p.text.WriteString(s)
			lang := runLang.of(s)
			p.langs.add(lang, s)
			r.letters[lang] += letters(s)
		}
	}
	writeAlt := func(alt string) {
		if visible() {
			paras[len(paras)-1].text.WriteString(" " + altText(alt) + " ")
		}
	}
	// An entry of a table of contents: a page reference inside the TOC field. (The
	// field alone does not say it: a TOC field left open by a damaged file must not
	// take the rest of the document with it.)
	markEntry := func(kind string) {
		if kind != "PAGEREF" || len(paras) == 0 {
			return
		}
		for _, f := range fields {
			if f.kind == "TOC" {
				paras[len(paras)-1].toc = true
			}
		}
	}
	for {
		t, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch e := t.(type) {
		case xml.StartElement:
			parent := ""
			if len(parents) > 0 {
				parent = parents[len(parents)-1]
			}
			parents = append(parents, e.Name.Local)
			switch e.Name.Local {
			case "del", "moveFrom", "delText", "instrText", "Fallback", "sdtPr", "rPrChange", "pPrChange", "commentReference", "sym":
				if e.Name.Local == "instrText" && len(fields) > 0 {
					// The instruction decides how the field's result is read.
					s, err := charData(d)
					if err != nil {
						return nil, err
					}
					fields[len(fields)-1].instr.WriteString(s)
				} else if err := d.skip(); err != nil {
					return nil, err
				}
				parents = parents[:len(parents)-1]
			case "footnote", "endnote":
				if notes != "" {
					typ := xattr(e, "type")
					if typ == "separator" || typ == "continuationSeparator" || typ == "continuationNotice" {
						if err := d.skip(); err != nil {
							return nil, err
						}
						parents = parents[:len(parents)-1]
						continue
					}
					noteID = notes + ":" + xattr(e, "id")
					b.blocks = nil
				}
			case "p":
				paras = append(paras, &docxPara{})
			case "pStyle":
				if len(paras) > 0 && parent == "pPr" {
					paras[len(paras)-1].style = xattr(e, "val")
				}
			case "ilvl":
				if len(paras) > 0 {
					n, _ := strconv.Atoi(xattr(e, "val"))
					paras[len(paras)-1].list = n + 1
				}
			case "numId":
				if len(paras) > 0 && xattr(e, "val") != "0" && paras[len(paras)-1].list == 0 {
					paras[len(paras)-1].list = 1
				}
			case "outlineLvl":
				if len(paras) > 0 && parent == "pPr" {
					if n, err := strconv.Atoi(xattr(e, "val")); err == nil && n < 6 {
						paras[len(paras)-1].outline = n + 1
					}
				}
			case "tbl":
				tables++
			case "r":
				inRun, hidden, runLang = true, false, docxLang{}
			case "lang":
				if parent == "rPr" && inRun {
					runLang = docxLang{xattr(e, "val"), xattr(e, "eastAsia"), xattr(e, "bidi")}
				}
			case "vanish", "webHidden":
				if parent == "rPr" && inRun && xattr(e, "val") != "0" && xattr(e, "val") != "false" {
					hidden = true
				}
			case "t":
				inText = true
			case "tab", "br", "cr", "ptab":
				if parent == "r" {
					write(" ")
				}
			case "noBreakHyphen":
				write("-")
			case "fldChar":
				switch xattr(e, "fldCharType") {
				case "begin":
					fields = append(fields, &docxField{})
				case "separate":
					if len(fields) > 0 {
						f := fields[len(fields)-1]
						f.result = true
						if w := strings.Fields(f.instr.String()); len(w) > 0 {
							f.kind = strings.ToUpper(w[0])
						}
						markEntry(f.kind)
					}
				case "end":
					if len(fields) > 0 {
						fields = fields[:len(fields)-1]
					}
				}
			case "fldSimple":
				f := &docxField{result: true}
				if w := strings.Fields(xattr(e, "instr")); len(w) > 0 {
					f.kind = strings.ToUpper(w[0])
				}
				markEntry(f.kind)
				fields = append(fields, f)
			case "footnoteReference", "endnoteReference":
				if len(paras) > 0 {
					kind := strings.TrimSuffix(e.Name.Local, "Reference")
					paras[len(paras)-1].notes = append(paras[len(paras)-1].notes, kind+":"+xattr(e, "id"))
				}
			case "docPr", "imagedata":
				alt := xattr(e, "descr")
				if alt == "" {
					alt = xattr(e, "title")
				}
				if meaningfulAlt(alt) {
					writeAlt(alt)
				}
			}
		case xml.CharData:
			if inText {
				write(string(e))
			}
		case xml.EndElement:
			if len(parents) > 0 {
				parents = parents[:len(parents)-1]
			}
			switch e.Name.Local {
			case "t":
				inText = false
			case "r":
				inRun, hidden = false, false
			case "fldSimple":
				if len(fields) > 0 {
					fields = fields[:len(fields)-1]
				}
			case "tbl":
				tables--
			case "p":
				if len(paras) == 0 {
					continue
				}
				p := paras[len(paras)-1]
				paras = paras[:len(paras)-1]
				kind, level, toc := r.role(p.style)
				if toc || p.toc {
					// A table of contents repeats the headings the listener is about
					// to hear, with page numbers that mean nothing in audio.
					continue
				}
				switch {
				case p.outline > 0 && kind != Heading:
					kind, level = Heading, p.outline
				case kind == Heading, kind == Code, kind == Caption:
				case tables > 0:
					kind, level = TableCell, 0
				case p.list > 0:
					kind, level = ListItem, p.list
				}
				if notes != "" {
					kind, level = Footnote, 0
				}
				b.addIn(kind, level, p.text.String(), p.langs.take(""))
				for _, id := range p.notes {
					if noteSeen[id] {
						continue
					}
					noteSeen[id] = true
					b.blocks = append(b.blocks, r.notes[id]...)
				}
			case "footnote", "endnote":
				if notes != "" && noteID != "" {
					r.notes[noteID] = b.blocks
					b.blocks, noteID = nil, ""
				}
			}
		}
	}
	return b.blocks, nil
}

func letters(s string) int {
	n := 0
	for _, c := range s {
		if unicode.IsLetter(c) {
			n++
		}
	}
	return n
}

func charData(d *xmlDecoder) (string, error) {
	var sb strings.Builder
	for depth := 1; depth > 0; {
		t, err := d.Token()
		if err != nil {
			if err == io.EOF {
				return "", invalid("%s ends inside an element", d.name)
			}
			return "", err
		}
		switch t := t.(type) {
		case xml.CharData:
			sb.Write(t)
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return sb.String(), nil
}

// coreProperties takes the title and author from docProps/core.xml.
func (r *docxReader) coreProperties(doc *Document) {
	data, err := r.a.read("docProps/core.xml")
	if err != nil {
		return
	}
	d := newXMLDecoder("docProps/core.xml", data, r.lim)
	for {
		t, err := d.Token()
		if err != nil {
			return
		}
		e, ok := t.(xml.StartElement)
		if !ok {
			continue
		}
		switch e.Name.Local {
		case "title", "creator", "language":
			s, err := charData(d)
			if err != nil {
				return
			}
			s = collapse(s)
			switch e.Name.Local {
			case "title":
				doc.Title = s
			case "creator":
				doc.Author = s
			case "language":
				doc.Language = s
			}
		}
	}
}
