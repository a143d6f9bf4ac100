package pdftext

import (
	"bufio"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf16"

	"github.com/klippa-app/go-pdfium"
	pdferrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// The reader process: PDFium runs in a process of its own, this program started
// again with readerEnv set. It answers one request at a time on its standard input
// and output (gob) until its input ends.
//
// PDFium runs there without wazero's termination checks, which make it four times
// slower (a check at every loop and call, and a goroutine for every call into the
// module): what stops a file that makes PDFium spin is the parent killing the
// process, which also takes with it whatever the file did to PDFium's memory.

// readerEnv, set in a process's environment, makes it a reader process.
const readerEnv = "READBACK_PDFIUM_READER"

// The reader process is served before main: any program or test binary that links
// this package can be its own reader.
func init() {
	if os.Getenv(readerEnv) != "1" {
		return
	}
	// Nothing but answers may reach the parent through standard output.
	out := os.Stdout
	os.Stdout = os.Stderr
	os.Exit(serve(os.Stdin, out))
}

// request is one file to read, or (Warm) only PDFium to start. Instances is how
// many PDFium instances the file's pages may be shared among: its share of the
// machine while other files are read at once.
type request struct {
	Data      []byte
	Password  string
	CacheDir  string
	Instances int
	Warm      bool
}

// response is a reading's outcome: the document, or the error's kind and words.
type response struct {
	Doc  *Doc
	Kind errKind
	Err  string
}

type errKind int

const (
	kindNone errKind = iota
	kindPassword
	kindDamaged
	kindUnavailable
)

func serve(in io.Reader, out io.Writer) int {
	dec := gob.NewDecoder(bufio.NewReaderSize(in, 1<<20))
	enc := gob.NewEncoder(out)
	var pd *local
	for {
		var req request
		if err := dec.Decode(&req); err != nil {
			if errors.Is(err, io.EOF) {
				return 0
			}
			fmt.Fprintln(os.Stderr, "pdftext reader:", err)
			return 1
		}
		if pd == nil {
			pd = &local{cacheDir: req.CacheDir, instances: instances()}
		}
		var resp response
		var err error
		if req.Warm {
			_, err = pd.started()
		} else {
			resp.Doc, err = pd.read(req.Data, req.Password, max(req.Instances, 1))
		}
		switch {
		case err == nil:
		case errors.Is(err, ErrPassword):
			resp.Kind, resp.Err = kindPassword, err.Error()
		case errors.Is(err, ErrDamaged):
			resp.Kind, resp.Err = kindDamaged, err.Error()
		default:
			resp.Kind, resp.Err = kindUnavailable, err.Error()
		}
		if err := enc.Encode(&resp); err != nil {
			return 1
		}
	}
}

// local is PDFium in this process: the compiled module and a pool of instances, of
// which one file's pages are shared among up to instances.
type local struct {
	cacheDir  string
	instances int
	pool      pdfium.Pool
}

func (l *local) started() (pdfium.Pool, error) {
	if l.pool != nil {
		return l.pool, nil
	}
	pool, err := webassembly.Init(config(l.cacheDir, l.instances))
	if err != nil {
		return nil, fmt.Errorf("PDFium could not be started: %w", err)
	}
	l.pool = pool
	return pool, nil
}

// config is PDFium's set-up, the same for every process, as the compiled module in
// the cache is only used by a runtime configured as the one that made it.
func config(cacheDir string, instances int) webassembly.Config {
	rc := wazero.NewRuntimeConfig().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		// A file built to make PDFium allocate without end stops at 1 GiB (of the
		// 4 GiB WebAssembly allows) instead of taking the laptop's memory.
		WithMemoryLimitPages(memoryPages)
	if cacheDir != "" {
		if err := os.MkdirAll(cacheDir, 0o700); err == nil {
			if cache, err := wazero.NewCompilationCacheWithDir(cacheDir); err == nil {
				rc = rc.WithCompilationCache(cache)
			}
		}
	}
	return webassembly.Config{
		MinIdle:       0,
		MaxIdle:       0, // every file gets a fresh instance: instantiating is cheap
		MaxTotal:      instances,
		FSConfig:      wazero.NewFSConfig(), // nothing of the disk is visible to PDFium
		RuntimeConfig: rc,
		Stdout:        discard{},
		Stderr:        discard{},
	}
}

// memoryPages is each instance's memory limit in WebAssembly pages of 64 KiB: 1 GiB.
const memoryPages = 16384

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// read reads a file, its pages shared among up to instances instances (the share of
// the machine its parent gives this file); a page that cannot be read is left out
// and listed in Doc.Unreadable.
func (l *local) read(data []byte, password string, instances int) (doc *Doc, err error) {
	pool, err := l.started()
	if err != nil {
		return nil, err
	}
	first, err := pool.GetInstanceWithContext(context.Background())
	if err != nil {
		return nil, fmt.Errorf("PDFium could not be started: %w", err)
	}
	insts := []pdfium.Pdfium{first}
	defer func() {
		for _, inst := range insts {
			inst.Close() // closes the documents it opened
		}
	}()
	// A panic in the bindings is the file's doing: the process stays usable, as
	// PDFium's memory is its instance's and the instance goes with the reading.
	defer func() {
		if p := recover(); p != nil {
			doc, err = nil, fmt.Errorf("%w: %v", ErrDamaged, p)
		}
	}()
	doc, handle, pages, err := open(first, data, password)
	if err != nil {
		return nil, err
	}
	// More instances for a long file. Each holds a copy of the file, so a large
	// file stays on one.
	want := min(l.instances, instances, pages/minPagesPerInstance)
	if len(data) > maxBytesToShare {
		want = 1
	}
	for len(insts) < want {
		inst, err := pool.GetInstanceWithContext(context.Background())
		if err != nil {
			break
		}
		insts = append(insts, inst)
	}
	doc.Pages = make([]Page, pages)
	bad := make([]int, len(insts))
	var failed []int // pages an instance could not read, tried again below
	next := make(chan int, pages)
	for i := range pages {
		next <- i
	}
	close(next)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for k, inst := range insts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if p := recover(); p != nil {
					mu.Lock()
					failed = append(failed, -1)
					mu.Unlock()
				}
			}()
			h := handle
			if k > 0 {
				var err error
				if _, h, _, err = open(inst, data, password); err != nil {
					return // the other instances read its share
				}
			}
			for i := range next {
				pg, n, err := readPage(inst, h, i)
				if err != nil {
					// This instance may be broken now: it stops, and the page is
					// tried again on the first.
					mu.Lock()
					failed = append(failed, i)
					mu.Unlock()
					return
				}
				doc.Pages[i], bad[k] = pg, bad[k]+n
			}
		}()
	}
	wg.Wait()
	// Pages left in the queue by instances that stopped, and those that failed.
	for i := range next {
		failed = append(failed, i)
	}
	for _, i := range failed {
		if i < 0 {
			continue
		}
		if pg, n, err := readPage(first, handle, i); err == nil {
			doc.Pages[i], bad[0] = pg, bad[0]+n
		} else {
			doc.Unreadable = append(doc.Unreadable, i)
		}
	}
	sort.Ints(doc.Unreadable)
	if len(doc.Unreadable) == pages {
		return nil, fmt.Errorf("%w: no page could be read", ErrDamaged)
	}
	for _, n := range bad {
		doc.Undecodable += n
	}
	doc.Outline = outline(first, handle)
	return doc, nil
}

// minPagesPerInstance keeps short files on one instance: opening the file again in
// another costs more than it saves below this.
const minPagesPerInstance = 8

// maxBytesToShare keeps a file larger than this on one instance: each instance
// holds its own copy in its memory.
const maxBytesToShare = 16 << 20

// open opens the file in inst and reads what the whole document says of itself.
func open(inst pdfium.Pdfium, data []byte, password string) (*Doc, references.FPDF_DOCUMENT, int, error) {
	pw := password
	opened, err := inst.OpenDocument(&requests.OpenDocument{File: &data, Password: &pw})
	if err != nil {
		if errors.Is(err, pdferrors.ErrPassword) {
			return nil, "", 0, ErrPassword
		}
		return nil, "", 0, fmt.Errorf("%w (%v)", ErrDamaged, err)
	}
	h := opened.Document
	doc := &Doc{}
	if md, err := inst.GetMetaData(&requests.GetMetaData{Document: h, Tags: &[]string{"Title", "Author"}}); err == nil {
		for _, t := range md.Tags {
			switch t.Tag {
			case "Title":
				doc.Title = t.Value
			case "Author":
				doc.Author = t.Value
			}
		}
	}
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: h})
	if err != nil {
		return nil, "", 0, fmt.Errorf("%w (%v)", ErrDamaged, err)
	}
	return doc, h, count.PageCount, nil
}

// Bounds of the outline walk: an outline may loop back on itself (PDFium leaves that
// to its callers), and a recursive walk of one would never end.
const (
	maxOutlineEntries = 10000
	maxOutlineDepth   = 16
)

// outline walks the bookmarks depth first, without recursion and within bounds.
func outline(inst pdfium.Pdfium, h references.FPDF_DOCUMENT) []Entry {
	type frame struct {
		bm    *references.FPDF_BOOKMARK
		level int
	}
	firstChild := func(parent *references.FPDF_BOOKMARK) *references.FPDF_BOOKMARK {
		r, err := inst.FPDFBookmark_GetFirstChild(&requests.FPDFBookmark_GetFirstChild{Document: h, Bookmark: parent})
		if err != nil {
			return nil
		}
		return r.Bookmark
	}
	var out []Entry
	stack := []frame{}
	if top := firstChild(nil); top != nil {
		stack = append(stack, frame{top, 1})
	}
	for len(stack) > 0 && len(out) < maxOutlineEntries {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		e := Entry{Page: -1, Level: f.level}
		if t, err := inst.FPDFBookmark_GetTitle(&requests.FPDFBookmark_GetTitle{Bookmark: *f.bm}); err == nil {
			e.Title = t.Title
		}
		e.Page = bookmarkPage(inst, h, *f.bm)
		out = append(out, e)
		// The sibling goes under the child, so that the child comes out first.
		if next, err := inst.FPDFBookmark_GetNextSibling(&requests.FPDFBookmark_GetNextSibling{Document: h, Bookmark: *f.bm}); err == nil && next.Bookmark != nil {
			stack = append(stack, frame{next.Bookmark, f.level})
		}
		if f.level < maxOutlineDepth {
			if c := firstChild(f.bm); c != nil {
				stack = append(stack, frame{c, f.level + 1})
			}
		}
	}
	return out
}

// bookmarkPage is the page a bookmark leads to (its destination, or its go-to
// action's), or -1.
func bookmarkPage(inst pdfium.Pdfium, h references.FPDF_DOCUMENT, bm references.FPDF_BOOKMARK) int {
	var dest *references.FPDF_DEST
	if d, err := inst.FPDFBookmark_GetDest(&requests.FPDFBookmark_GetDest{Document: h, Bookmark: bm}); err == nil && d.Dest != nil {
		dest = d.Dest
	} else if a, err := inst.FPDFBookmark_GetAction(&requests.FPDFBookmark_GetAction{Bookmark: bm}); err == nil && a.Action != nil {
		if d, err := inst.FPDFAction_GetDest(&requests.FPDFAction_GetDest{Document: h, Action: *a.Action}); err == nil && d.Dest != nil {
			dest = d.Dest
		}
	}
	if dest == nil {
		return -1
	}
	p, err := inst.FPDFDest_GetDestPageIndex(&requests.FPDFDest_GetDestPageIndex{Document: h, Dest: *dest})
	if err != nil {
		return -1
	}
	return p.Index
}

func readPage(inst pdfium.Pdfium, h references.FPDF_DOCUMENT, index int) (Page, int, error) {
	pg, err := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: h, Index: index})
	if err != nil {
		return Page{}, 0, err
	}
	defer inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: pg.Page})
	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: requests.Page{ByReference: &pg.Page}})
	if err != nil {
		return Page{}, 0, err
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	n, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil || n.Count <= 0 {
		return Page{}, 0, err
	}
	// One call for the page's text; the per-character questions are asked only of
	// each line's first and last characters.
	txt, err := inst.FPDFText_GetText(&requests.FPDFText_GetText{TextPage: tp.TextPage, StartIndex: 0, Count: n.Count})
	if err != nil {
		return Page{}, 0, err
	}
	var page Page
	bad := 0
	placed := []bool{}
	at := 0 // PDFium's text index of the current line
	for _, raw := range splitLines(txt.Text) {
		clean, dropped := decodable(raw)
		bad += dropped
		trimmed := strings.TrimRight(raw, " \t")
		start := at + textLen(raw[:leadingSpace(raw)])
		last := at + textLen(trimmed) - 1
		at += textLen(raw) + 2 // and the "\r\n" PDFium put between lines
		if strings.TrimSpace(clean) == "" {
			continue
		}
		l := Line{Text: clean}
		first := charAt(inst, tp.TextPage, start)
		page.Lines = append(page.Lines, l)
		placed = append(placed, first >= 0)
		if first < 0 {
			continue
		}
		lp := &page.Lines[len(page.Lines)-1]
		if o, err := inst.FPDFText_GetCharOrigin(&requests.FPDFText_GetCharOrigin{TextPage: tp.TextPage, Index: first}); err == nil {
			lp.X, lp.Y = o.X, o.Y
		}
		if fs, err := inst.FPDFText_GetFontSize(&requests.FPDFText_GetFontSize{TextPage: tp.TextPage, Index: first}); err == nil {
			lp.Size = fs.FontSize
			// Generators that set the font at size 1 and scale the text matrix
			// show their real size only here.
			if m, err := inst.FPDFText_GetMatrix(&requests.FPDFText_GetMatrix{TextPage: tp.TextPage, Index: first}); err == nil {
				if s := math.Hypot(float64(m.Matrix.C), float64(m.Matrix.D)); s > 0 {
					lp.Size = fs.FontSize * s
				}
			}
		}
		lp.Weight, lp.Font = fontAt(inst, tp.TextPage, first)
		lp.LastWeight, lp.LastFont = lp.Weight, lp.Font
		// A line that may be bold needs its last character's font too (a bold
		// lead-in does not make a bold line); most lines are body text and stop here.
		if lp.Weight <= 0 || lp.Weight >= 500 || BoldName(lp.Font) {
			if c := charAt(inst, tp.TextPage, last); c >= 0 && c != first {
				lp.LastWeight, lp.LastFont = fontAt(inst, tp.TextPage, c)
			}
		}
	}
	// A line PDFium could not place (its first character not found) takes the
	// position and type of its neighbour, so that it is laid out with them rather
	// than taken for a footnote or a footer at the page's foot.
	for i := range page.Lines {
		if placed[i] {
			continue
		}
		for _, j := range []int{i - 1, i + 1} {
			if j >= 0 && j < len(page.Lines) && placed[j] {
				n := page.Lines[j]
				page.Lines[i].X, page.Lines[i].Size = n.X, n.Size
				page.Lines[i].Weight, page.Lines[i].Font = n.Weight, n.Font
				page.Lines[i].LastWeight, page.Lines[i].LastFont = n.LastWeight, n.LastFont
				page.Lines[i].Y = n.Y - float64(i-j)*n.Size*1.2
				placed[i] = true
				break
			}
		}
	}
	return page, bad, nil
}

// fontAt is the weight (0 when the font does not say) and name of character c's
// font; a font flagged ForceBold weighs at least 700.
func fontAt(inst pdfium.Pdfium, tp references.FPDF_TEXTPAGE, c int) (int, string) {
	w := weightAt(inst, tp, c)
	name := ""
	if fi, err := inst.FPDFText_GetFontInfo(&requests.FPDFText_GetFontInfo{TextPage: tp, Index: c}); err == nil {
		name = fi.FontName
		const forceBold = 1 << 18
		if fi.Flags&forceBold != 0 {
			w = max(w, 700)
		}
	}
	return w, name
}

// textLen is how many of PDFium's text indexes s spans: UTF-16 units, so that a
// character beyond the BMP counts twice (TestLinesAfterAstralCharacters).
func textLen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

var boldName = regexp.MustCompile(`(?i)bold|black|heavy|semibold|demi|^(?:[A-Z]{6}\+)?CMBX`)

// BoldName reports whether a font's name says it is bold (many fonts do not state
// a weight, or state a wrong one).
func BoldName(font string) bool { return boldName.MatchString(font) }

// charAt is the character index of PDFium's text index ti, or -1.
func charAt(inst pdfium.Pdfium, tp references.FPDF_TEXTPAGE, ti int) int {
	ci, err := inst.FPDFText_GetCharIndexFromTextIndex(&requests.FPDFText_GetCharIndexFromTextIndex{TextPage: tp, NTextIndex: ti})
	if err != nil {
		return -1
	}
	return ci.CharIndex
}

// weightAt is the weight of character c's font, or 0 when the font does not say.
func weightAt(inst pdfium.Pdfium, tp references.FPDF_TEXTPAGE, c int) int {
	w, err := inst.FPDFText_GetFontWeight(&requests.FPDFText_GetFontWeight{TextPage: tp, Index: c})
	if err != nil || w.FontWeight < 0 {
		return 0
	}
	return w.FontWeight
}

// splitLines splits PDFium's page text at the line ends it generates.
func splitLines(s string) []string {
	lines := strings.Split(s, "\r\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// decodable drops what cannot be read aloud: U+FFFD (a glyph with no known text),
// control characters (PDFium falls back to a glyph's bare code, which lands in C0 or
// C1 when a font maps its codes to nothing) and private-use code points (a symbol
// font's glyphs). It returns the line and how many it dropped.
func decodable(s string) (string, int) {
	if !strings.ContainsFunc(s, undecodable) {
		return s, 0
	}
	n := 0
	out := strings.Map(func(r rune) rune {
		if undecodable(r) {
			n++
			return -1
		}
		return r
	}, s)
	return out, n
}

func undecodable(r rune) bool {
	return r == '\uFFFD' || (r < 0x20 && r != '\t') || (r >= 0x7F && r <= 0x9F) ||
		(r >= 0xE000 && r <= 0xF8FF) || r == '\uFFFF'
}

func leadingSpace(s string) int { return len(s) - len(strings.TrimLeft(s, " \t")) }
