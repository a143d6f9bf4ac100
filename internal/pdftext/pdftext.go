// Package pdftext reads the text layer of PDFs through PDFium, compiled to WebAssembly
// and run by wazero: pure Go, no cgo, no download. PDFium runs in a reader process of
// its own (this program started again), which is handed the PDF as bytes, mounts no
// filesystem into the module, and is killed when a file's time is up; the compiled
// module is kept on disk so that only the first PDF after an install pays for
// compiling it.
//
// It returns lines with what layout needs (position, rendered font size, weight,
// font name) and the outline; deciding what is a heading, a running header or a
// paragraph is the document package's job.
package pdftext

import (
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"readback/internal/helper"
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

// Engine hands each file to a reader process, at most workers at once. A reader
// that has answered is kept for the next file for a while (the window imports
// several PDFs in a row), then let go with all its memory.
type Engine struct {
	cacheDir string
	workers  int
	slots    chan struct{}
	// idleFor is how long a reader waits for another file before it is let go.
	idleFor time.Duration

	mu   sync.Mutex
	idle []*reader

	// lastPID is the newest reader's process, for tests to see it gone.
	lastPID atomic.Int64
}

// New returns an engine that keeps its compiled module in cacheDir ("" for no disk
// cache) and reads at most workers files at once.
func New(cacheDir string, workers int) *Engine {
	workers = max(workers, 1)
	return &Engine{cacheDir: cacheDir, workers: workers, slots: make(chan struct{}, workers), idleFor: 30 * time.Second}
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

// CloseDefault lets the default engine's readers go, if it was ever made.
func CloseDefault() {
	defaultMu.Lock()
	e := defaultEngine
	defaultMu.Unlock()
	if e != nil {
		e.Close()
	}
}

// instances is how many PDFium instances one reader shares a long file's pages
// among.
func instances() int { return min(max(runtime.NumCPU(), 1), 4) }

// Warm starts a reader with PDFium loaded (compiling it, or loading it from the
// cache) and keeps it for the next file.
func (e *Engine) Warm() error {
	r, _, err := e.take(false)
	if err != nil {
		return err
	}
	if _, err := r.ask(context.Background(), e.warmRequest()); err != nil {
		r.kill()
		return err
	}
	e.put(r)
	return nil
}

// Precompile fills the disk cache with the compiled module, in a reader that is
// let go afterwards, for an app to call in the background at start: the first PDF
// then waits a tenth of a second instead of seconds, and compiling's memory is
// returned with the process. It does nothing when the engine has no cache.
func (e *Engine) Precompile() error {
	if e.cacheDir == "" || e.compiledForThisBuild() {
		return nil
	}
	r, err := e.start()
	if err != nil {
		return err
	}
	defer r.kill()
	if _, err := r.ask(context.Background(), e.warmRequest()); err != nil {
		return fmt.Errorf("PDFium could not be compiled: %w", err)
	}
	return nil
}

// warmRequest asks a reader to start PDFium and read nothing.
func (e *Engine) warmRequest() *request { return &request{Warm: true, CacheDir: e.cacheDir} }

// compiledForThisBuild reports whether the cache was filled after the running binary
// was written: then it holds this build's compiled module, and starting a reader at
// every start of the window only to find it there would be work for nothing.
func (e *Engine) compiledForThisBuild() bool {
	exe, err := helper.Self()
	if err != nil {
		return false
	}
	bin, err := os.Stat(exe)
	if err != nil {
		return false
	}
	newer := false
	filepath.WalkDir(e.cacheDir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil && info.ModTime().After(bin.ModTime()) {
				newer = true
				return fs.SkipAll
			}
		}
		return nil
	})
	return newer
}

// Close lets the idle readers go; a later Read starts one again.
func (e *Engine) Close() error {
	e.mu.Lock()
	idle := e.idle
	e.idle = nil
	e.mu.Unlock()
	for _, r := range idle {
		r.kill()
	}
	return nil
}

// Read reads data within timeout, which starts once a reader is free (a file
// waiting for another to finish is not stopped for it): when it is up, or ctx is
// cancelled, the reader is killed where it is. The password may be empty, which
// also opens files encrypted with an empty user password.
func (e *Engine) Read(ctx context.Context, data []byte, password string, timeout time.Duration) (*Doc, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	select {
	case e.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-e.slots }()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// The machine's cores are shared among the files read at once: each reader takes
	// its share of PDFium instances (each may grow to 1 GiB) when its file begins.
	req := &request{Data: data, Password: password, CacheDir: e.cacheDir, Instances: max(1, instances()/len(e.slots))}
	for fresh := false; ; fresh = true {
		r, reused, err := e.take(fresh)
		if err != nil {
			return nil, err
		}
		resp, err := r.ask(ctx, req)
		if err != nil {
			switch {
			case ctx.Err() != nil:
				return nil, timeoutOr(ctx)
			case reused:
				// A reader that waited may have been lost meanwhile (the
				// system's memory killer): the file is not to blame until a
				// fresh reader fails on it too.
				continue
			}
			return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
		}
		e.put(r)
		switch resp.Kind {
		case kindNone:
			return resp.Doc, nil
		case kindPassword:
			return nil, ErrPassword
		case kindDamaged:
			// The reader's words begin with ErrDamaged's own.
			return nil, fmt.Errorf("%w%s", ErrDamaged, strings.TrimPrefix(resp.Err, ErrDamaged.Error()))
		default:
			return nil, errors.New(resp.Err)
		}
	}
}

func timeoutOr(ctx context.Context) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return ErrTimeout
	}
	return ctx.Err()
}

// take returns an idle reader (reused), unless fresh, or starts one.
func (e *Engine) take(fresh bool) (r *reader, reused bool, err error) {
	e.mu.Lock()
	for !fresh && len(e.idle) > 0 {
		r = e.idle[len(e.idle)-1]
		e.idle = e.idle[:len(e.idle)-1]
		if r.expiry.Stop() {
			e.mu.Unlock()
			return r, true, nil
		}
		go r.kill()
	}
	e.mu.Unlock()
	r, err = e.start()
	return r, false, err
}

// put keeps a reader that has answered for the next file, for idleFor.
func (e *Engine) put(r *reader) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.idle) >= e.workers {
		go r.kill()
		return
	}
	e.idle = append(e.idle, r)
	r.expiry = time.AfterFunc(e.idleFor, func() {
		e.mu.Lock()
		for i, x := range e.idle {
			if x == r {
				e.idle = append(e.idle[:i], e.idle[i+1:]...)
				break
			}
		}
		e.mu.Unlock()
		r.kill()
	})
}

// reader is one reader process.
type reader struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *os.File
	enc    *gob.Encoder
	dec    *gob.Decoder
	stderr *head
	exited chan struct{} // closed once the process has ended
	once   sync.Once
	expiry *time.Timer // while idle
}

func (e *Engine) start() (*reader, error) {
	exe, err := helper.Self()
	if err != nil {
		return nil, fmt.Errorf("PDFium could not be started: %w", err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("PDFium could not be started: %w", err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), readerEnv+"=1")
	cmd.Stdout = outW
	r := &reader{cmd: cmd, stdout: outR, stderr: &head{}, exited: make(chan struct{})}
	cmd.Stderr = r.stderr
	if r.stdin, err = cmd.StdinPipe(); err == nil {
		err = helper.Start(cmd)
	}
	outW.Close() // the reader's copy is its own; EOF here means it has ended
	if err != nil {
		outR.Close()
		return nil, fmt.Errorf("PDFium could not be started: %w", err)
	}
	e.lastPID.Store(int64(cmd.Process.Pid))
	go func() {
		cmd.Wait()
		close(r.exited)
	}()
	r.enc, r.dec = gob.NewEncoder(r.stdin), gob.NewDecoder(outR)
	return r, nil
}

// ask sends one request and waits for its answer, or kills the reader when ctx is
// done first.
func (r *reader) ask(ctx context.Context, req *request) (*response, error) {
	type answer struct {
		resp response
		err  error
	}
	ch := make(chan answer, 1)
	go func() {
		var a answer
		if a.err = r.enc.Encode(req); a.err == nil {
			a.err = r.dec.Decode(&a.resp)
		}
		ch <- a
	}()
	select {
	case a := <-ch:
		if a.err != nil {
			r.kill()
			return nil, r.failure(a.err)
		}
		return &a.resp, nil
	case <-ctx.Done():
		r.kill()
		<-ch
		return nil, ctx.Err()
	}
}

// kill ends the process, whatever it is doing, and waits for it to be gone.
func (r *reader) kill() {
	r.once.Do(func() {
		r.cmd.Process.Kill()
		<-r.exited
		r.stdout.Close()
	})
}

// failure says why a reader stopped answering: how it ended and its last words.
func (r *reader) failure(err error) error {
	<-r.exited
	why := err.Error()
	if st := r.cmd.ProcessState; st != nil {
		why = "PDFium's process ended: " + st.String()
	}
	if first := r.stderr.first(); first != "" {
		why += " (" + first + ")"
	}
	return errors.New(why)
}

// head keeps the start of a reader's standard error, where a dying Go program puts
// its reason ("fatal error: …", "panic: …") before its stacks. A reader writes
// nothing there otherwise.
type head struct {
	mu  sync.Mutex
	buf []byte
}

func (h *head) Write(p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if room := 4096 - len(h.buf); room > 0 {
		h.buf = append(h.buf, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// first is the first line written.
func (h *head) first() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	s, _, _ := strings.Cut(strings.TrimSpace(string(h.buf)), "\n")
	return s
}
