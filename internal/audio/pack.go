package audio

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// PackWriter appends renditions' PCM to pack files: one open file per writing
// process instead of one new file per sentence, which on ext4 costs an inode
// allocation each. A pack is only ever appended to by the process that created it.
//
// Each rendition is written as one entry that describes itself (PackEntry): its
// header, its PCM, a checksum, in one write. A run killed after writing a sentence
// and before recording it in the library leaves an entry that the next run finds
// (ScanPack) instead of synthesising the sentence again; a run killed mid-write
// leaves a tail that fails its checksum and is passed over. Packs from before
// (".pcm") are PCM alone and stay readable.
type PackWriter struct {
	dir  string
	mu   sync.Mutex
	f    *os.File
	name string
	size int64
}

// PackEntry is what an entry says of its audio.
type PackEntry struct {
	Key        string          `json:"key"`
	Engine     string          `json:"engine,omitempty"`
	Voice      string          `json:"voice,omitempty"`
	SampleRate int             `json:"rate"`
	Marks      json.RawMessage `json:"marks,omitempty"`
}

// An entry: entryMagic, the header's length (uint32) and the header (JSON), the
// PCM's length (uint64) and the PCM, then the CRC-32C of header and PCM (uint32), all
// little-endian.
const (
	entryMagic = "RBE1"
	// PackExt names the packs of self-describing entries; LegacyPackExt the
	// packs of bare PCM written before them.
	PackExt       = ".rbp"
	LegacyPackExt = ".pcm"
	maxHeader     = 1 << 20
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// MaxPackBytes is when a new pack is started.
const MaxPackBytes = 1 << 30

// NewPackWriter writes packs into dir.
func NewPackWriter(dir string) *PackWriter { return &PackWriter{dir: dir} }

// Append writes a rendition's samples to the current pack and returns where its
// PCM is.
func (p *PackWriter) Append(e PackEntry, samples []int16) (pack string, offset int64, err error) {
	return p.AppendPCM(e, PCMBytes(samples))
}

// AppendPCM writes 16-bit little-endian PCM as it is (audio fetched from the
// shared library, already in the packs' form).
func (p *PackWriter) AppendPCM(e PackEntry, pcm []byte) (pack string, offset int64, err error) {
	b, at, err := EncodeEntry(e, pcm)
	if err != nil {
		return "", 0, err
	}

	p.mu.Lock()
	defer p.mu.Unlock()
	if p.f == nil || p.size+int64(len(b)) > MaxPackBytes {
		if err := p.rotate(); err != nil {
			return "", 0, err
		}
	}
	// The end of the file, not a count of what was written: if the pack was cut
	// short under us, the offset must still be where the bytes land.
	start, err := p.f.Seek(0, io.SeekEnd)
	if err != nil {
		return "", 0, fmt.Errorf("pack %s: %w", p.name, err)
	}
	n, err := p.f.Write(b)
	p.size = start + int64(n)
	if err != nil {
		// A torn entry would hide every later one from a scan: the pack is cut back
		// to where the entry began, and the next one goes to a new pack.
		p.f.Truncate(start)
		p.f.Close()
		p.f = nil
		return "", 0, fmt.Errorf("pack %s: %w", p.name, err)
	}
	return p.name, start + int64(at), nil
}

// EncodeEntry is a pack entry's bytes, and where its PCM begins in them.
func EncodeEntry(e PackEntry, pcm []byte) (b []byte, at int, err error) {
	head, err := json.Marshal(e)
	if err != nil {
		return nil, 0, err
	}
	b = make([]byte, 0, len(entryMagic)+4+len(head)+8+len(pcm)+4)
	b = append(b, entryMagic...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(head)))
	b = append(b, head...)
	b = binary.LittleEndian.AppendUint64(b, uint64(len(pcm)))
	at = len(b)
	b = append(b, pcm...)
	sum := crc32.Update(crc32.Checksum(head, castagnoli), castagnoli, pcm)
	return binary.LittleEndian.AppendUint32(b, sum), at, nil
}

// PackWriterPID is the process that wrote (and may still be appending to) the pack
// name, as named by a PackWriter; ok is false for a name it did not give.
func PackWriterPID(name string) (pid int, ok bool) {
	base := strings.TrimSuffix(strings.TrimSuffix(name, PackExt), LegacyPackExt)
	_, p, found := strings.Cut(base, "-")
	if !found {
		return 0, false
	}
	pid, err := strconv.Atoi(p)
	return pid, err == nil && pid > 0
}

// ScannedEntry is an entry found in a pack: what it says, where its PCM is, and
// where the entry ends.
type ScannedEntry struct {
	PackEntry
	Start         int64 // the entry
	Offset, Bytes int64 // its PCM
	End           int64 // the next entry
}

// EntryEnd is where the entry whose PCM is [offset, offset+bytes) ends, and the
// next begins.
func EntryEnd(offset, bytes int64) int64 { return offset + bytes + 4 }

// ScanPack reads a pack's entries from the entry at from (0, or an EntryEnd) to its
// end, checking each one's checksum, and stops at the first that is cut short or
// damaged: what a killed run was writing. It reads the PCM to check it.
func ScanPack(path string, from int64, fn func(ScannedEntry) error) error {
	return scanPack(path, from, true, fn)
}

// ScanPackHeaders is ScanPack without reading the PCM: entries are found by their
// headers and lengths, their checksums unchecked.
func ScanPackHeaders(path string, fn func(ScannedEntry) error) error {
	return scanPack(path, 0, false, fn)
}

func scanPack(path string, from int64, verify bool, fn func(ScannedEntry) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	size := st.Size()
	for at := from; at < size; {
		e, head, ok := readEntryHead(f, at, size)
		if !ok || verify && !checksumHolds(f, e, head) {
			return nil
		}
		if err := fn(e); err != nil {
			return err
		}
		at = e.End
	}
	return nil
}

// readEntryHead reads the entry at at of a pack of size bytes: what it says and
// where its PCM is, with its header's bytes; ok is false for anything but a whole
// entry's frame.
func readEntryHead(f io.ReaderAt, at, size int64) (e ScannedEntry, head []byte, ok bool) {
	var fixed [8]byte
	if _, err := f.ReadAt(fixed[:], at); err != nil || string(fixed[:4]) != entryMagic {
		return e, nil, false
	}
	hl := int64(binary.LittleEndian.Uint32(fixed[4:]))
	if hl > maxHeader || at+8+hl+8 > size {
		return e, nil, false
	}
	b := make([]byte, hl+8)
	if _, err := f.ReadAt(b, at+8); err != nil {
		return e, nil, false
	}
	head = b[:hl]
	pl := int64(binary.LittleEndian.Uint64(b[hl:]))
	pcmAt := at + 8 + hl + 8
	if pl < 0 || pl > size || pcmAt+pl+4 > size {
		return e, nil, false
	}
	if json.Unmarshal(head, &e.PackEntry) != nil || e.Key == "" {
		return e, nil, false
	}
	e.Start, e.Offset, e.Bytes, e.End = at, pcmAt, pl, EntryEnd(pcmAt, pl)
	return e, head, true
}

// checksumHolds reads the entry's PCM and checks its CRC-32C with the header's.
func checksumHolds(f io.ReaderAt, e ScannedEntry, head []byte) bool {
	h := crc32.New(castagnoli)
	h.Write(head)
	if _, err := io.Copy(h, io.NewSectionReader(f, e.Offset, e.Bytes)); err != nil {
		return false
	}
	var want [4]byte
	if _, err := f.ReadAt(want[:], e.Offset+e.Bytes); err != nil {
		return false
	}
	return binary.LittleEndian.Uint32(want[:]) == h.Sum32()
}

func (p *PackWriter) rotate() error {
	if p.f != nil {
		p.f.Close()
	}
	if err := os.MkdirAll(p.dir, 0o755); err != nil {
		return err
	}
	name := fmt.Sprintf("%d-%d%s", time.Now().UnixNano(), os.Getpid(), PackExt)
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
