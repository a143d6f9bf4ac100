package neural

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	ort "github.com/yalue/onnxruntime_go"
)

// Models keeps the installed models of a folder as they are on disk: each read once
// (its config parsed by Load) and, once it has spoken, its session. A model another
// process removed and installed again under the same name (another checksum) is
// read again and its old session let go.
type Models[C any] struct {
	Engine string                           // names the engine in errors
	Dir    string                           // the folder of installed models
	Load   func(info *Installed) (C, error) // reads a model's config from its folder

	live   sync.RWMutex // held to speak, taken whole to forget or close
	mu     sync.Mutex
	models map[string]*Model[C]
	closed bool
}

// Model is an installed model, its config, and its session once opened.
type Model[C any] struct {
	Info    *Installed
	Config  C
	checked time.Time // when Info was last found to be what is on disk
	mu      sync.Mutex
	session *ort.DynamicAdvancedSession
	// A failed open is answered again, without reading the model, while its folder
	// is as it was then and for a while: a damaged model fails a book's every
	// sentence at once instead of being read again for each (Kokoro's is 300 MB).
	failed   error
	failedAt time.Time
	failedIn string // the folder's files when it failed
}

// failureKept is how long a failed open is answered again before it is tried anew
// (a passing cause, such as memory short, may have gone).
const failureKept = time.Minute

// recheck is how long an installed model is taken to be as it was last read: a
// book's every sentence asks for its voice's version.
const recheck = time.Second

// Speaking holds the models for a synthesis: none is let go until done is called.
func (m *Models[C]) Speaking() (done func()) {
	m.live.RLock()
	return m.live.RUnlock
}

// Get is the installed model by its name, as it is on disk now.
func (m *Models[C]) Get(name string) (*Model[C], error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil, fmt.Errorf("%s: engine closed", m.Engine)
	}
	got, ok := m.models[name]
	if ok && time.Since(got.checked) < recheck {
		return got, nil
	}
	info, err := ReadInfo(m.Engine, m.Dir, name)
	if err != nil {
		return nil, err
	}
	if ok {
		if got.Info.Version() == info.Version() {
			got.checked = time.Now()
			return got, nil
		}
		// Replaced: its session may be running a sentence begun before, so it is
		// let go once the syntheses under way have ended, as Forget does (the
		// caller may be one of them, holding Speaking).
		delete(m.models, name)
		go func() {
			m.live.Lock()
			defer m.live.Unlock()
			got.close()
		}()
	}
	cfg, err := m.Load(info)
	if err != nil {
		return nil, err
	}
	got = &Model[C]{Info: info, Config: cfg, checked: time.Now()}
	if m.models == nil {
		m.models = map[string]*Model[C]{}
	}
	m.models[name] = got
	return got, nil
}

// Session is the model's session, opened by open at its first sentence (a failure
// is answered again while the model's folder is unchanged, for a minute at most,
// then tried anew); open runs with the model held, so what it sets on the model's
// config is seen by every caller after it.
func (mo *Model[C]) Session(open func(mo *Model[C]) (*ort.DynamicAdvancedSession, error)) (*ort.DynamicAdvancedSession, error) {
	mo.mu.Lock()
	defer mo.mu.Unlock()
	if mo.session != nil {
		return mo.session, nil
	}
	if mo.failed != nil && time.Since(mo.failedAt) < failureKept && folderState(mo.Info.Dir()) == mo.failedIn {
		return nil, mo.failed
	}
	s, err := open(mo)
	if err != nil {
		mo.failed, mo.failedAt, mo.failedIn = err, time.Now(), folderState(mo.Info.Dir())
		return nil, err
	}
	mo.session, mo.failed = s, nil
	return s, nil
}

// folderState names a folder's files with their sizes and times: a file replaced
// or mended changes it.
func folderState(dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "unreadable: " + err.Error()
	}
	var b strings.Builder
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil {
			continue
		}
		fmt.Fprintf(&b, "%s %d %d\n", e.Name(), fi.Size(), fi.ModTime().UnixNano())
	}
	return b.String()
}

// Intact says whether the model's file is still the size it was installed at, the
// one check of it that reads nothing: a file cut short or written over since
// (a copy that failed, a disk that filled) is told of before a book is begun,
// where loading it would fail every sentence.
func (mo *Model[C]) Intact(file string) error {
	fi, err := os.Stat(mo.Path(file))
	if err != nil {
		return fmt.Errorf("the voice %q is damaged: its model is missing (add it again)", mo.Info.ID)
	}
	if mo.Info.Bytes > 0 && fi.Size() != mo.Info.Bytes {
		return fmt.Errorf("the voice %q is damaged: its model is %d bytes, installed as %d (add it again)", mo.Info.ID, fi.Size(), mo.Info.Bytes)
	}
	return nil
}

// Path is a file of the model's folder.
func (mo *Model[C]) Path(name string) string { return filepath.Join(mo.Info.Dir(), name) }

func (mo *Model[C]) close() {
	mo.mu.Lock()
	defer mo.mu.Unlock()
	if mo.session != nil {
		mo.session.Destroy()
		mo.session = nil
	}
}

// Forget drops what is held of a model, after it was removed or replaced, once the
// syntheses under way have ended.
func (m *Models[C]) Forget(name string) {
	m.live.Lock()
	defer m.live.Unlock()
	m.mu.Lock()
	defer m.mu.Unlock()
	if got, ok := m.models[name]; ok {
		got.close()
		delete(m.models, name)
	}
}

// Close lets every session go, once the syntheses under way have ended.
func (m *Models[C]) Close() error {
	m.live.Lock()
	defer m.live.Unlock()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	for _, got := range m.models {
		got.close()
	}
	m.models = nil
	return nil
}

// NewSession opens a model's session on threads intra-op threads (one inter-op:
// the engines run sentences side by side themselves).
func NewSession(path string, threads int, inputs, outputs []string) (*ort.DynamicAdvancedSession, error) {
	opts, err := ort.NewSessionOptions()
	if err != nil {
		return nil, err
	}
	defer opts.Destroy()
	opts.SetIntraOpNumThreads(threads)
	opts.SetInterOpNumThreads(1)
	return ort.NewDynamicAdvancedSession(path, inputs, outputs, opts)
}

// Common is what the Piper and Kokoro engines are alike in, embedded in each.
// Sentences run side by side up to the cores (ONNX Runtime's Run is safe on one
// session from several threads), each on its own thread: the models' operators gain
// little from more, and worker processes already share the cores. A lexicon entry
// reaches both as eSpeak's phonemes (their IPA through eSpeak, which gives the rest
// of the text's) or as IPA (spliced in as written, Transcribe).
type Common struct {
	Parallel int // sentences at once
	Threads  int // intra-op threads of each
}

// NewCommon is Common for this machine's cores.
func NewCommon() Common { return commonFor(runtime.NumCPU()) }

// commonFor shares cores between sentences at once (up to four) and the threads
// of each. The sentences at once are the engine's turns, which the scheduler of
// the process that owns the conversion grants across all its worker processes, so
// however many workers run, the runs at once stay within the cores.
func commonFor(cores int) Common {
	cores = max(cores, 1)
	parallel := min(cores, 4)
	return Common{Parallel: parallel, Threads: max(cores/parallel, 1)}
}

// Concurrency: several sentences at once.
func (c Common) Concurrency() int { return c.Parallel }

// ReadsPhonemes: see Common.
func (Common) ReadsPhonemes() bool { return true }

// ReadsIPA: see Common.
func (Common) ReadsIPA() bool { return true }

// ReadConfig reads a model's config file in its folder with parse.
func ReadConfig[C any](info *Installed, file string, parse func(name string, data []byte) (C, error)) (C, error) {
	raw, err := os.ReadFile(filepath.Join(info.Dir(), file))
	if err != nil {
		var zero C
		return zero, err
	}
	return parse(file, raw)
}
