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
	"strings"
	"sync"
	"time"
	"unicode/utf16"

	"github.com/klippa-app/go-pdfium"
	pdferrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/responses"
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
	Weight int     // font weight of the first and last characters (the lighter)
	Font   string  // font name of the first character
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
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.pool != nil {
		return nil
	}
	pool, err := webassembly.Init(e.config())
	if err != nil {
		return fmt.Errorf("PDFium could not be started: %w", err)
	}
	e.pool = pool
	return nil
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

// Close lets the module and its instances go; a later Read starts them again.
func (e *Engine) Close() error {
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
		WithCloseOnContextDone(true)
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

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// Read reads data within timeout. The password may be empty, which also opens files
// encrypted with an empty user password. A long file's pages are shared among the
// instances free at the time (each opens the file itself), so a book reads in a
// fraction of the time on a machine with cores to spare.
func (e *Engine) Read(ctx context.Context, data []byte, password string, timeout time.Duration) (*Doc, error) {
	if err := e.Warm(); err != nil {
		return nil, err
	}
	e.mu.Lock()
	pool := e.pool
	e.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	first, err := pool.GetInstanceWithContext(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil, timeoutOr(ctx)
		}
		return nil, fmt.Errorf("PDFium could not be started: %w", err)
	}
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
	// More instances only if they are free now: a second file being read meanwhile
	// keeps its own.
	for len(r.insts) < min(e.workers, pages/minPagesPerInstance) {
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
	err = r.run(func() error {
		var wg sync.WaitGroup
		errs := make([]error, len(r.insts))
		for k, inst := range r.insts {
			from, to := k*pages/len(r.insts), (k+1)*pages/len(r.insts)
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() {
					if p := recover(); p != nil {
						errs[k] = fmt.Errorf("%w: %v", ErrDamaged, p)
					}
				}()
				h := handle
				if k > 0 {
					var err error
					if _, h, _, err = open(inst, data, password); err != nil {
						errs[k] = err
						return
					}
				}
				for i := from; i < to; i++ {
					pg, n, err := readPage(inst, h, i)
					if err != nil {
						errs[k] = fmt.Errorf("%w: page %d: %v", ErrDamaged, i+1, err)
						return
					}
					doc.Pages[i], bad[k] = pg, bad[k]+n
				}
			}()
		}
		wg.Wait()
		return errors.Join(errs...)
	})
	if err != nil {
		return nil, err
	}
	for _, n := range bad {
		doc.Undecodable += n
	}
	if err := r.run(func() error {
		if bm, err := first.GetBookmarks(&requests.GetBookmarks{Document: handle}); err == nil {
			doc.Outline = flatten(bm.Bookmarks, 1, nil)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return doc, nil
}

// minPagesPerInstance keeps short files on one instance: opening the file again in
// another costs more than it saves below this.
const minPagesPerInstance = 8

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

func flatten(bms []responses.GetBookmarksBookmark, level int, out []Entry) []Entry {
	for _, b := range bms {
		if len(out) >= 100000 || level > 64 {
			break
		}
		page := -1
		if b.DestInfo != nil {
			page = b.DestInfo.PageIndex
		}
		out = append(out, Entry{Title: b.Title, Page: page, Level: level})
		out = flatten(b.Children, level+1, out)
	}
	return out
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
	units := 0 // UTF-16 offset of the current line: PDFium's text index
	for _, raw := range splitLines(txt.Text) {
		clean, dropped := decodable(raw)
		bad += dropped
		lead := leadingSpace(raw)
		start := units + utf16Len(raw[:lead])
		units += utf16Len(raw) + 2
		if strings.TrimSpace(clean) == "" {
			continue
		}
		l := Line{Text: clean}
		first := charAt(inst, tp.TextPage, start)
		if first < 0 {
			page.Lines = append(page.Lines, l)
			continue
		}
		if o, err := inst.FPDFText_GetCharOrigin(&requests.FPDFText_GetCharOrigin{TextPage: tp.TextPage, Index: first}); err == nil {
			l.X, l.Y = o.X, o.Y
		}
		if fs, err := inst.FPDFText_GetFontSize(&requests.FPDFText_GetFontSize{TextPage: tp.TextPage, Index: first}); err == nil {
			l.Size = fs.FontSize
			// Generators that set the font at size 1 and scale the text matrix
			// show their real size only here.
			if m, err := inst.FPDFText_GetMatrix(&requests.FPDFText_GetMatrix{TextPage: tp.TextPage, Index: first}); err == nil {
				if s := math.Hypot(float64(m.Matrix.C), float64(m.Matrix.D)); s > 0 {
					l.Size = fs.FontSize * s
				}
			}
		}
		l.Weight = weightAt(inst, tp.TextPage, first)
		if fi, err := inst.FPDFText_GetFontInfo(&requests.FPDFText_GetFontInfo{TextPage: tp.TextPage, Index: first}); err == nil {
			l.Font = fi.FontName
			const forceBold = 1 << 18
			if fi.Flags&forceBold != 0 {
				l.Weight = max(l.Weight, 700)
			}
		}
		// A line that may be bold needs its last character's weight too (a bold
		// lead-in does not make a bold line); most lines are body text and stop here.
		if l.Weight <= 0 || l.Weight >= 500 || BoldName(l.Font) {
			last := units - 3 - utf16Len(raw[len(strings.TrimRight(raw, " \t")):])
			if c := charAt(inst, tp.TextPage, last); c >= 0 && c != first {
				if w := weightAt(inst, tp.TextPage, c); w > 0 {
					l.Weight = min(l.Weight, w)
				}
			}
		}
		page.Lines = append(page.Lines, l)
	}
	return page, bad, nil
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

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
