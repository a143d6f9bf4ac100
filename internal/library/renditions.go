package library

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"

	"readback/internal/audio"
	"readback/internal/store"
)

// Shared sentence audio. A rendition's key already hashes everything that makes
// its sound (engine and version, voice, prosody, the exact text), so a teammate's
// rendition under the same key is the audio this library would synthesise. They
// travel as packs: renditions/packs/SHA.pcm holds the PCM of many renditions end
// to end, renditions/index/SHA.json says where each is, with the SHA-256 of its
// bytes. A pack is uploaded before its index, so a reader never finds an index
// whose pack is not whole; both are named by content and created conditionally.

const (
	renditionFormat  = "readback-renditions/1"
	packPrefix       = "renditions/packs/"
	indexPrefix      = "renditions/index/"
	maxPackBytes     = 64 << 20 // per published pack
	maxSharedPack    = 1 << 30  // the largest pack an index may describe
	maxIndexBytes    = 32 << 20
	maxIndexEntries  = 200_000
	maxMarksBytes    = 256 << 10
	maxRenditionSecs = 600
	coalesceGap      = 256 << 10 // fetch neighbours in one ranged read across gaps this small
	maxRangeBytes    = 16 << 20
	refreshTimeout   = 3 * time.Second  // the conversion's look for new packs
	fetchWorkers     = 4                // ranged reads under way at once
	idleTimeout      = 10 * time.Second // a ranged read that receives nothing this long is cut
)

// idleReader cuts a read that waits too long: each read that returns bytes pushes
// the timer back; when it fires it cancels the request.
type idleReader struct {
	r     io.Reader
	t     *time.Timer
	after time.Duration
}

func (i idleReader) Read(p []byte) (int, error) {
	n, err := i.r.Read(p)
	if n > 0 {
		i.t.Reset(i.after)
	}
	if err != nil {
		i.t.Stop()
	}
	return n, err
}

type packIndex struct {
	Format  string                  `json:"format"`
	Pack    string                  `json:"pack"`
	Size    int64                   `json:"size"`
	Author  string                  `json:"author,omitempty"`
	Entries []store.SharedRendition `json:"entries"`
}

func validText(what, s string) error {
	if len(s) > 200 {
		return fmt.Errorf("%s is longer than 200 characters", what)
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return fmt.Errorf("%s holds a control character", what)
		}
	}
	return nil
}

// parsePackIndex reads and checks an index from the bucket: every number in
// bounds, every rendition inside the pack, every key a key.
func parsePackIndex(key, name string, data []byte) (*packIndex, error) {
	var x packIndex
	if err := json.Unmarshal(data, &x); err != nil {
		return nil, fmt.Errorf("%s is not a rendition index: %w", key, err)
	}
	switch {
	case x.Format != renditionFormat:
		return nil, fmt.Errorf("%s has format %q; this Readback reads %q", key, x.Format, renditionFormat)
	case x.Pack != name:
		return nil, fmt.Errorf("%s describes pack %q, not %q", key, x.Pack, name)
	case x.Size < 0 || x.Size > maxSharedPack:
		return nil, fmt.Errorf("%s: a pack of %d bytes is out of bounds", key, x.Size)
	case len(x.Entries) > maxIndexEntries:
		return nil, fmt.Errorf("%s has %d entries, more than %d", key, len(x.Entries), maxIndexEntries)
	}
	for i := range x.Entries {
		e := &x.Entries[i]
		e.Pack = name
		if err := CheckSHA256(key, e.Key); err != nil {
			return nil, fmt.Errorf("%s: entry %d: the key is not a rendition key", key, i)
		}
		if err := CheckSHA256(key, e.SHA256); err != nil {
			return nil, err
		}
		if err := validText("the engine", e.Engine); err != nil {
			return nil, fmt.Errorf("%s: entry %d: %w", key, i, err)
		}
		if err := validText("the voice", e.Voice); err != nil {
			return nil, fmt.Errorf("%s: entry %d: %w", key, i, err)
		}
		switch {
		case e.SampleRate < 8000 || e.SampleRate > 192000:
			return nil, fmt.Errorf("%s: entry %d: a sample rate of %d is out of bounds", key, i, e.SampleRate)
		case e.Samples < 0 || e.Samples > int64(e.SampleRate)*maxRenditionSecs:
			return nil, fmt.Errorf("%s: entry %d: %d samples is out of bounds", key, i, e.Samples)
		case e.Offset < 0 || e.Offset+2*e.Samples > x.Size:
			return nil, fmt.Errorf("%s: entry %d lies outside its pack", key, i)
		case len(e.Marks) > maxMarksBytes || !json.Valid(e.Marks):
			return nil, fmt.Errorf("%s: entry %d: the word marks are not valid", key, i)
		}
	}
	return &x, nil
}

// RefreshRenditions reads the indexes published since the last look; it returns
// how many packs were new.
func (l *Library) RefreshRenditions(ctx context.Context, dry bool) (int, error) {
	return l.refreshRenditions(ctx, l.Client, dry)
}

func (l *Library) refreshRenditions(ctx context.Context, c *Client, dry bool) (int, error) {
	objs, err := c.Remote.List(ctx, indexPrefix)
	if err != nil {
		return 0, err
	}
	known, err := l.Store.SharedPackNames(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	listed := map[string]bool{}
	for _, o := range objs {
		listed[strings.TrimSuffix(strings.TrimPrefix(o.Key, indexPrefix), ".json")] = true
	}
	// A pack whose index is gone (deleted, the bucket emptied) holds nothing any
	// more: forget it, so that what it held is published again.
	if !dry {
		for name := range known {
			if !listed[name] {
				if err := l.Store.ForgetSharedPack(ctx, name); err != nil {
					return n, err
				}
			}
		}
	}
	for _, o := range objs {
		name := strings.TrimSuffix(strings.TrimPrefix(o.Key, indexPrefix), ".json")
		if CheckSHA256(o.Key, name) != nil || !strings.HasSuffix(o.Key, ".json") {
			l.Log.Warn("shared library: ignored an object that is not a rendition index", "key", o.Key)
			continue
		}
		if known[name] {
			continue
		}
		n++
		if dry {
			continue
		}
		data, _, err := c.ReadSmall(ctx, o.Key, maxIndexBytes)
		if err != nil {
			return n, err
		}
		x, err := parsePackIndex(o.Key, name, data)
		if err != nil {
			// One bad index does not stop the others; it is refused whole.
			l.Log.Warn("shared library: refused a rendition index", "key", o.Key, "err", err)
			continue
		}
		if err := l.Store.PutSharedPack(ctx, store.SharedPack{Name: name, Size: x.Size, Entries: len(x.Entries)}, x.Entries); err != nil {
			return n, err
		}
	}
	return n, nil
}

// PublishReport tells what a publish of renditions did (or would do).
type PublishReport struct {
	Renditions int   `json:"renditions"`
	Packs      int   `json:"packs"`
	Bytes      int64 `json:"bytes"`
}

// PublishRenditions uploads the renditions the bucket does not hold yet, in packs
// of up to 64 MB.
func (l *Library) PublishRenditions(ctx context.Context, dry bool, progress Progress) (*PublishReport, error) {
	recs, err := l.Store.UnsharedRenditions(ctx, 1<<30)
	if err != nil {
		return nil, err
	}
	rep := &PublishReport{}
	if dry {
		for _, r := range recs {
			rep.Renditions++
			rep.Bytes += 2 * r.Samples
		}
		rep.Packs = int((rep.Bytes + maxPackBytes - 1) / maxPackBytes)
		return rep, nil
	}
	for len(recs) > 0 {
		var batch []*store.Rendition
		var size int64
		for len(recs) > 0 && (len(batch) == 0 || size+2*recs[0].Samples <= maxPackBytes) {
			batch = append(batch, recs[0])
			size += 2 * recs[0].Samples
			recs = recs[1:]
		}
		n, bytes, err := l.publishPack(ctx, batch, progress)
		if err != nil {
			return rep, err
		}
		rep.Renditions += n
		rep.Bytes += bytes
		if n > 0 {
			rep.Packs++
		}
	}
	return rep, nil
}

func (l *Library) packPath(pack string) string {
	return filepath.Join(l.RenditionsDir(), "packs", filepath.Base(pack))
}

// publishPack writes batch's audio into one pack (a temporary file), uploads it,
// then its index, then records both as shared.
func (l *Library) publishPack(ctx context.Context, batch []*store.Rendition, progress Progress) (int, int64, error) {
	tmp, err := os.CreateTemp(l.RenditionsDir(), ".publish-*.pcm")
	if err != nil {
		return 0, 0, fmt.Errorf("publish renditions: %w", err)
	}
	defer func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}()
	whole := sha256.New()
	w := io.MultiWriter(tmp, whole)
	x := packIndex{Format: renditionFormat, Author: l.Author}
	files := map[string]*os.File{}
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	var off int64
	for _, r := range batch {
		f := files[r.Pack]
		if f == nil {
			if f, err = os.Open(l.packPath(r.Pack)); err != nil {
				l.Log.Warn("shared library: a rendition's pack is missing; not published", "pack", r.Pack, "err", err)
				continue
			}
			files[r.Pack] = f
		}
		buf := make([]byte, 2*r.Samples)
		if _, err := f.ReadAt(buf, r.Offset); err != nil {
			// A crash cut this one short; the next conversion makes it again.
			l.Log.Warn("shared library: a rendition is cut short; not published", "key", r.Key, "err", err)
			continue
		}
		sum := sha256.Sum256(buf)
		if _, err := w.Write(buf); err != nil {
			return 0, 0, fmt.Errorf("publish renditions: %w", err)
		}
		x.Entries = append(x.Entries, store.SharedRendition{Key: r.Key, Offset: off, SHA256: hex.EncodeToString(sum[:]),
			Engine: r.Engine, Voice: r.Voice, SampleRate: r.SampleRate, Samples: r.Samples, Marks: r.Marks})
		off += int64(len(buf))
	}
	if len(x.Entries) == 0 {
		return 0, 0, nil
	}
	if err := tmp.Sync(); err != nil {
		return 0, 0, err
	}
	x.Pack, x.Size = hex.EncodeToString(whole.Sum(nil)), off
	var pr func(done, total int64)
	if progress != nil {
		pr = func(done, total int64) { progress(packPrefix+x.Pack+".pcm", done, total) }
	}
	if _, err := l.Client.UploadFile(ctx, packPrefix+x.Pack+".pcm", tmp.Name(), PutOptions{IfNoneMatch: true, ContentType: "application/octet-stream", Progress: pr}); err != nil {
		return 0, 0, err
	}
	body, err := json.Marshal(x)
	if err != nil {
		return 0, 0, err
	}
	if _, err := l.Client.UploadBytes(ctx, indexPrefix+x.Pack+".json", body, PutOptions{IfNoneMatch: true, ContentType: "application/json"}); err != nil {
		return 0, 0, err
	}
	return len(x.Entries), off, l.Store.PutSharedPack(ctx, store.SharedPack{Name: x.Pack, Size: x.Size, Entries: len(x.Entries)}, x.Entries)
}

// ErrOffline: the bucket was unreachable a moment ago; the caller goes on without it.
var ErrOffline = errors.New("the shared library was unreachable a moment ago")

// Fetch brings the renditions of keys that the bucket holds into this library
// (verified, appended to a local pack, recorded) and returns how many. It is the
// conversion's first resort before synthesis; it never waits long on a network
// that is not there.
func (l *Library) Fetch(ctx context.Context, keys []string) (int, error) {
	if !l.Settings.ShareRenditions || len(keys) == 0 {
		return 0, nil
	}
	if l.offline() {
		return 0, ErrOffline
	}
	// A look for teammates' new packs, kept short: the background sync reads them
	// too, and a conversion goes on with what is known when the bucket is slow.
	rctx, cancel := context.WithTimeout(ctx, refreshTimeout)
	_, err := l.refreshRenditions(rctx, l.quick, false)
	cancel()
	l.noteReach(err)
	if err != nil && !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, ErrTransient) {
		return 0, err
	}
	refreshErr := err
	shared, err := l.Store.SharedRenditions(ctx, keys)
	if err != nil {
		return 0, err
	}
	if len(shared) == 0 {
		return 0, refreshErr
	}
	byPack := map[string][]*store.SharedRendition{}
	for _, s := range shared {
		byPack[s.Pack] = append(byPack[s.Pack], s)
	}
	packs := make([]string, 0, len(byPack))
	for p := range byPack {
		packs = append(packs, p)
	}
	sort.Strings(packs)
	l.packsOnce.Do(func() { l.packs = audio.NewPackWriter(filepath.Join(l.RenditionsDir(), "packs")) })
	// The runs to read: neighbours of one pack close enough together go in one
	// ranged read.
	type run struct {
		pack    string
		entries []*store.SharedRendition
		end     int64
	}
	var runs []run
	for _, p := range packs {
		entries := byPack[p]
		sort.Slice(entries, func(i, j int) bool { return entries[i].Offset < entries[j].Offset })
		for len(entries) > 0 {
			n := 1
			end := entries[0].Offset + 2*entries[0].Samples
			for n < len(entries) && entries[n].Offset-end <= coalesceGap &&
				entries[n].Offset+2*entries[n].Samples-entries[0].Offset <= maxRangeBytes {
				end = max(end, entries[n].Offset+2*entries[n].Samples)
				n++
			}
			runs = append(runs, run{p, entries[:n], end})
			entries = entries[n:]
		}
	}
	// A few reads at once: each waits on the network, then hashes and writes.
	var (
		mu      sync.Mutex
		got     int
		fatal   error
		dropped = map[string]bool{}
		wg      sync.WaitGroup
	)
	fctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan run)
	for range fetchWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range next {
				mu.Lock()
				skip := dropped[r.pack]
				mu.Unlock()
				if skip {
					continue
				}
				n, err := l.fetchRun(fctx, r.pack, r.entries, r.end)
				l.noteReach(err)
				mu.Lock()
				got += n
				switch {
				case err == nil:
				case fctx.Err() != nil || errors.Is(err, ErrTransient) || errors.Is(err, ErrDenied):
					if fatal == nil {
						fatal = err // offline, or refused: the rest would fail alike
					}
					cancel()
				case !dropped[r.pack]:
					// This pack is gone or not what its index says: forget it and go
					// on with the others (what it held is synthesised here).
					dropped[r.pack] = true
					l.Log.Warn("shared library: a rendition pack could not be read; forgotten", "pack", r.pack, "err", err)
					if ferr := l.Store.ForgetSharedPack(context.WithoutCancel(ctx), r.pack); ferr != nil && fatal == nil {
						fatal = ferr
						cancel()
					}
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for _, r := range runs {
		select {
		case next <- r:
		case <-fctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	return got, fatal
}

func (l *Library) fetchRun(ctx context.Context, pack string, entries []*store.SharedRendition, end int64) (int, error) {
	start := entries[0].Offset
	key := packPrefix + pack + ".pcm"
	if end <= start {
		return 0, nil // nothing but empty renditions: nothing to read
	}
	var buf []byte
	err := l.quick.Backoff.Do(ctx, func() error {
		// A connection that stops sending is cut, not waited on.
		rctx, cancel := context.WithCancel(ctx)
		defer cancel()
		rc, _, err := l.quick.Remote.Get(rctx, key, start, end-start)
		if err != nil {
			return Final(err)
		}
		defer rc.Close()
		buf, err = io.ReadAll(io.LimitReader(idleReader{rc, time.AfterFunc(idleTimeout, cancel), idleTimeout}, end-start))
		if err != nil {
			return &remoteError{kind: ErrTransient, op: "get", key: key, cause: netCause(err)}
		}
		if int64(len(buf)) != end-start {
			return fmt.Errorf("get %s: %d bytes of %d", key, len(buf), end-start)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	var recs []*store.Rendition
	for _, e := range entries {
		lo, hi := e.Offset-start, e.Offset-start+2*e.Samples
		if hi > int64(len(buf)) {
			l.Log.Warn("shared library: a pack is shorter than its index says", "key", key)
			break
		}
		b := buf[lo:hi]
		if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != e.SHA256 {
			l.Log.Warn("shared library: a rendition's bytes do not match its checksum; it will be synthesised here", "key", key, "rendition", e.Key)
			continue
		}
		name, off, err := l.packs.AppendPCM(audio.PackEntry{Key: e.Key, Engine: e.Engine, Voice: e.Voice, SampleRate: e.SampleRate, Marks: e.Marks}, b)
		if err != nil {
			return len(recs), fmt.Errorf("shared library: write audio: %w", err)
		}
		recs = append(recs, &store.Rendition{Key: e.Key, Engine: e.Engine, Voice: e.Voice, Pack: name, Offset: off,
			SampleRate: e.SampleRate, Samples: e.Samples, Marks: e.Marks})
	}
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return len(recs), l.Store.PutRenditions(wctx, recs...)
}
