package audio

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// PackWriter appends renditions' PCM to pack files: one open file per writing
// process instead of one new file per sentence, which on ext4 costs an inode
// allocation each. A pack is only ever appended to by the process that created it;
// a crash leaves at most a tail that nothing refers to.
type PackWriter struct {
	dir  string
	mu   sync.Mutex
	f    *os.File
	name string
	size int64
}

// MaxPackBytes is when a new pack is started.
const MaxPackBytes = 1 << 30

// NewPackWriter writes packs into dir.
func NewPackWriter(dir string) *PackWriter { return &PackWriter{dir: dir} }

// Append writes samples to the current pack and returns where they are.
func (p *PackWriter) Append(samples []int16) (pack string, offset int64, err error) {
	return p.AppendPCM(PCMBytes(samples))
}

// AppendPCM writes 16-bit little-endian PCM as it is (audio fetched from the
// shared library, already in the packs' form).
func (p *PackWriter) AppendPCM(b []byte) (pack string, offset int64, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.f == nil || p.size+int64(len(b)) > MaxPackBytes {
		if err := p.rotate(); err != nil {
			return "", 0, err
		}
	}
	// The end of the file, not a count of what was written: if the pack was cut
	// short under us, the offset must still be where the bytes land.
	if offset, err = p.f.Seek(0, io.SeekEnd); err != nil {
		return "", 0, fmt.Errorf("pack %s: %w", p.name, err)
	}
	n, err := p.f.Write(b)
	p.size = offset + int64(n)
	if err != nil {
		return "", 0, fmt.Errorf("pack %s: %w", p.name, err)
	}
	return p.name, offset, nil
}

func (p *PackWriter) rotate() error {
	if p.f != nil {
		p.f.Close()
	}
	if err := os.MkdirAll(p.dir, 0o755); err != nil {
		return err
	}
	name := fmt.Sprintf("%d-%d.pcm", time.Now().UnixNano(), os.Getpid())
	f, err := os.OpenFile(filepath.Join(p.dir, name), os.O_CREATE|os.O_EXCL|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	p.f, p.name, p.size = f, name, 0
	return nil
}

// Close closes the current pack.
func (p *PackWriter) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.f == nil {
		return nil
	}
	err := p.f.Close()
	p.f = nil
	return err
}
