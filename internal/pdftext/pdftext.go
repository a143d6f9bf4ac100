// Package pdftext reads the text layer of PDFs through PDFium, compiled to WebAssembly
// and run by wazero: pure Go, no cgo, no download. The PDF is handed over as bytes
// with no filesystem mounted into the module, each file gets an instance of its own
// that is killed when its time is up, and the compiled module is kept on disk so that
// only the first PDF after an install pays for compiling it.
//
// It returns lines with what layout needs (position, rendered font size, weight,
// font name) and the outline; deciding what is a heading, a running header or a
// paragraph is the document package's job.
package pdftext

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
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

// Join marks where PDFium joined a word that a line end broke with a hyphen. Whether
// the hyphen belonged to the word ("non-record") or only to the line ("manip-ulation")
// is for the reader of the whole document to judge.
const Join = '\uFFFE'

// Line is one line of a page as PDFium orders them (content order, so the columns of
// a page come one after the other).
type Line struct {
	Text   string
	X, Y   float64 // origin of the first character, in points from the bottom left
	Size   float64 // rendered font size of the first character, in points
	Weight int     // font weight of the first character (0: the font does not say)
	Font   string  // font name of the first character
	// LastWeight and LastFont are the last character's, asked only when the line
	// may be bold (else the first character's): a bold lead-in is not a bold line.
	LastWeight int
	LastFont   string
}

// Page is one page's lines.
type Page struct{ Lines []Line }

// Entry is one outline (bookmark) entry.
type Entry struct {
	Title string
	Page  int // 0-based; -1 when its destination is not a page of this file
	Level int // 1 for top-level entries
}

// Doc is what was read.
type Doc struct {
	Title, Author string
	Pages         []Page
	Outline       []Entry
	// Undecodable counts the characters PDFium could not map to text (U+FFFD, or no
	// code at all); they are left out of the lines.
	Undecodable int
	// Unreadable lists the pages (0-based) PDFium could not read; they are empty.
	Unreadable []int
}

var (
	// ErrPassword means the file is encrypted and the password given (or none) does
	// not open it.
	ErrPassword = errors.New("the PDF is protected by a password")
	// ErrTimeout means reading took longer than allowed; the instance was killed.
	ErrTimeout = errors.New("reading the PDF took too long")
	// ErrDamaged means PDFium could not make sense of the file.
	ErrDamaged = errors.New("the file is not a PDF PDFium can read")
)

// Engine owns the compiled PDFium module and hands each file an instance of its own.
type Engine struct {
	cacheDir string
	workers  int

	mu   sync.Mutex
	pool pdfium.Pool
	// use is held (shared) by every Read for its whole length and (exclusively) by
	// Close, which must not tear the pool down under a read.
	use sync.RWMutex
}

// New returns an engine that keeps its compiled module in cacheDir ("" for no disk
// cache) and reads at most workers files at once.
func New(cacheDir string, workers int) *Engine {
	return &Engine{cacheDir: cacheDir, workers: max(workers, 1)}
}

var (
	defaultMu     sync.Mutex
	defaultEngine *Engine
)

// Default is the process's engine, its cache in the user's cache directory
// ($XDG_CACHE_HOME/readback/pdfium, else ~/.cache/readback/pdfium).
func Default() *Engine {
	defaultMu.Lock()
	defer defaultMu.Unlock()
	if defaultEngine == nil {
		dir := ""
		if base, err := os.UserCacheDir(); err == nil {
			dir = filepath.Join(base, "readback", "pdfium")
		}
		defaultEngine = New(dir, min(max(runtime.NumCPU(), 2), 4))
	}
	return defaultEngine
}

// Warm compiles the module (or loads it from the cache) and keeps it ready. Safe to
// call from any goroutine, any number of times; a failure is tried again next time.
func (e *Engine) Warm() error {
	_, err := e.started()
	return err
}

func (e *Engine) started() (pdfium.Pool, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.pool != nil {
		return e.pool, nil
	}
	pool, err := webassembly.Init(e.config())
	if err != nil {
		return nil, fmt.Errorf("PDFium could not be started: %w", err)
	}
	e.pool = pool
	return pool, nil
}

// Precompile fills the disk cache with the compiled module and lets the compiler's
// memory go again, for an app to call in the background at start: the first PDF then
// waits a tenth of a second instead of seconds, and a session without PDFs keeps no
// PDFium in memory. It does nothing when the engine has no cache or is running.
func (e *Engine) Precompile() error {
	if e.cacheDir == "" {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.pool != nil {
		return nil
	}
	pool, err := webassembly.Init(e.config())
	if err != nil {
		return fmt.Errorf("PDFium could not be compiled: %w", err)
	}
	return pool.Close()
}

// Close lets the module and its instances go, once the reads under way have ended;
// a later Read starts them again.
func (e *Engine) Close() error {
	e.use.Lock()
	defer e.use.Unlock()
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.pool == nil {
		return nil
	}
	err := e.pool.Close()
	e.pool = nil
	return err
}

func (e *Engine) config() webassembly.Config {
	rc := wazero.NewRuntimeConfig().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		// A killed instance must stop mid-call, not at its next return.
		WithCloseOnContextDone(true).
		// A file built to make PDFium allocate without end stops at 1 GiB (of the
		// 4 GiB WebAssembly allows) instead of taking the laptop's memory.
		WithMemoryLimitPages(memoryPages)
	if e.cacheDir != "" {
		if err := os.MkdirAll(e.cacheDir, 0o700); err == nil {
			if cache, err := wazero.NewCompilationCacheWithDir(e.cacheDir); err == nil {
				rc = rc.WithCompilationCache(cache)
			}
		}
	}
	return webassembly.Config{
		MinIdle:       0,
		MaxIdle:       0,
		MaxTotal:      e.workers,
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

// Read reads data within timeout, which starts once an instance is free (a file
// waiting for another to finish is not stopped for it). The password may be empty,
// which also opens files encrypted with an empty user password. A long file's pages
// are shared among up to the engine's workers instances, each opening the file
// itself; a page that cannot be read is left out and listed in Doc.Unreadable.
func (e *Engine) Read(ctx context.Context, data []byte, password string, timeout time.Duration) (*Doc, error) {
	e.use.RLock()
	defer e.use.RUnlock()
	pool, err := e.started()
	if err != nil {
		return nil, err
	}
	first, err := pool.GetInstanceWithContext(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("PDFium could not be started: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	r := &reading{ctx: ctx, insts: []pdfium.Pdfium{first}}
	defer r.close()

	var doc *Doc
	var handle references.FPDF_DOCUMENT
	var pages int
	if err := r.run(func() (err error) {
		doc, handle, pages, err = open(first, data, password)
		return err
	}); err != nil {
		return nil, err
	}
	// More instances for a long file, if the pool has room for them now. Each holds
	// a copy of the file, so a large file stays on one.
	want := min(e.workers, pages/minPagesPerInstance)
	if len(data) > maxBytesToShare {
		want = 1
	}
	for len(r.insts) < want {
		now, stop := context.WithTimeout(ctx, time.Millisecond)
		inst, err := pool.GetInstanceWithContext(now)
		stop()
		if err != nil {
			break
		}
		r.insts = append(r.insts, inst)
	}
	doc.Pages = make([]Page, pages)
	bad := make([]int, len(r.insts))
	var failed []int // pages an instance could not read, tried again below
	err = r.run(func() error {
		next := make(chan int, pages)
		for i := range pages {
			next <- i
		}
		close(next)
		var mu sync.Mutex
		var wg sync.WaitGroup
		for k, inst := range r.insts {
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
						// This instance may be broken now: it stops, and the page
						// is tried again on the first.
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
			if r.ctx.Err() != nil {
				return r.ctx.Err() // killed: nothing is left to retry with
			}
			if i < 0 {
				continue
			}
			if pg, n, err := readPage(first, handle, i); err == nil {
				doc.Pages[i], bad[0] = pg, bad[0]+n
			} else {
				doc.Unreadable = append(doc.Unreadable, i)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Ints(doc.Unreadable)
	if len(doc.Unreadable) == pages {
		return nil, fmt.Errorf("%w: no page could be read", ErrDamaged)
	}
	for _, n := range bad {
		doc.Undecodable += n
	}
	if err := r.run(func() error {
		doc.Outline = outline(first, handle)
		return nil
	}); err != nil {
		return nil, err
	}
	return doc, nil
}

// minPagesPerInstance keeps short files on one instance: opening the file again in
// another costs more than it saves below this.
const minPagesPerInstance = 8

// maxBytesToShare keeps a file larger than this on one instance: each instance
// holds its own copy in its memory.
const maxBytesToShare = 16 << 20

// reading is one file's instances, killed together when its time is up.
type reading struct {
	ctx    context.Context
	insts  []pdfium.Pdfium
	killed bool
}

// run runs f, or kills every instance (stopping f mid-call) when the reading's
// time is up or it is cancelled.
func (r *reading) run(f func() error) error {
	done := make(chan error, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- fmt.Errorf("%w: %v", ErrDamaged, p)
			}
		}()
		done <- f()
	}()
	select {
	case err := <-done:
		return err
	case <-r.ctx.Done():
		// The instances are thrown away with whatever they were doing; the pool
		// makes fresh ones for the next file.
		for _, inst := range r.insts {
			inst.Kill()
		}
		r.killed = true
		<-done
		return timeoutOr(r.ctx)
	}
}

func (r *reading) close() {
	if r.killed {
		return
	}
	for _, inst := range r.insts {
		inst.Close() // closes the documents it opened
	}
}

func timeoutOr(ctx context.Context) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return ErrTimeout
	}
	return ctx.Err()
}

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

// pagesRead counts the pages read whole in this process, for a test to see a
// reading stopped part way.
var pagesRead atomic.Int64

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
	pagesRead.Add(1)
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
