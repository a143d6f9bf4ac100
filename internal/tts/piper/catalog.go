package piper

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"readback/internal/fault"
	"readback/internal/tts/neural"
)

// The voice catalogue is Piper's voices.json: each voice by its key, with its
// language, quality, speakers and files (paths relative to the catalogue's folder,
// each with its size and MD5). Readback reads it from an address the writer may
// change (Settings), by default the official voice repository's.
const DefaultCatalog = "https://huggingface.co/rhasspy/piper-voices/resolve/v1.0.0/voices.json"

// CatalogVoice is a voice the catalogue offers.
type CatalogVoice struct {
	Key         string                 `json:"key"`
	Name        string                 `json:"name"`
	Language    CatalogLanguage        `json:"language"`
	Quality     string                 `json:"quality"`
	NumSpeakers int                    `json:"num_speakers"`
	Files       map[string]CatalogFile `json:"files"`

	// Bytes is the model's and config's size together; Sample is the address of a
	// recording of the voice, when the catalogue has one.
	Bytes  int64  `json:"bytes"`
	Sample string `json:"sample,omitempty"`
}

// CatalogLanguage is a catalogue voice's language ("en_GB", "English", "United
// Kingdom").
type CatalogLanguage struct {
	Code           string `json:"code"`
	Family         string `json:"family"`
	Region         string `json:"region"`
	NameNative     string `json:"name_native"`
	NameEnglish    string `json:"name_english"`
	CountryEnglish string `json:"country_english"`
}

// CatalogFile is one file of a catalogue voice. Piper's own catalogue gives each
// file's MD5; a catalogue of the writer's or the team's may give its SHA-256 too
// (or instead), which is then checked as well.
type CatalogFile struct {
	SizeBytes int64  `json:"size_bytes"`
	MD5       string `json:"md5_digest"`
	SHA256    string `json:"sha256_digest,omitempty"`
}

// maxCatalog bounds voices.json (the official one is about 1 MB).
const maxCatalog = 32 << 20

// httpTimeout bounds a catalogue request without a body's time: a voice of 100 MB
// takes as long as it takes, a server that does not answer does not.
const httpTimeout = 30 * time.Second

// Client is the HTTP client of the catalogue: no overall deadline (downloads are
// long), but bounded waits for a connection and for an answer's headers.
var Client = &http.Client{Transport: &http.Transport{
	Proxy:                 http.ProxyFromEnvironment,
	DialContext:           (&net.Dialer{Timeout: httpTimeout, KeepAlive: 30 * time.Second}).DialContext,
	TLSHandshakeTimeout:   httpTimeout,
	ResponseHeaderTimeout: httpTimeout,
	IdleConnTimeout:       90 * time.Second,
}}

// Catalog reads the catalogue at address and returns its voices by language and
// name, each with the files a voice needs (model and config) and their size.
func Catalog(ctx context.Context, address string) ([]CatalogVoice, error) {
	base, err := catalogURL(address)
	if err != nil {
		return nil, err
	}
	resp, err := get(ctx, base.String(), 0)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fault.New(fault.Unavailable, "%s: the voice catalogue answered %s", address, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxCatalog+1))
	if err != nil {
		return nil, fault.New(fault.Unavailable, "%s: the voice catalogue could not be read: %v", address, err)
	}
	if len(body) > maxCatalog {
		return nil, fault.New(fault.TooLarge, "%s: the voice catalogue is larger than %d MB", address, maxCatalog>>20)
	}
	var raw map[string]CatalogVoice
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fault.New(fault.Invalid, "%s: not a Piper voice catalogue (voices.json): %v", address, err)
	}
	var out []CatalogVoice
	for key, v := range raw {
		v.Key = key
		model, config, ok := v.pair()
		if !ok || !neural.IDPattern.MatchString(key) {
			continue // a voice without its two files, or a name Readback cannot keep
		}
		v.Bytes = v.Files[model].SizeBytes + v.Files[config].SizeBytes
		for name := range v.Files {
			if strings.Contains(name, "/samples/") && (strings.HasSuffix(name, ".mp3") || strings.HasSuffix(name, ".wav")) {
				v.Sample = resolve(base, name)
				break
			}
		}
		if v.Sample == "" {
			// The official repository keeps a sample beside each voice without listing it.
			v.Sample = resolve(base, path.Join(path.Dir(model), "samples", "speaker_0.mp3"))
		}
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Language.Code != out[j].Language.Code {
			return out[i].Language.Code < out[j].Language.Code
		}
		return out[i].Key < out[j].Key
	})
	return out, nil
}

// pair names the voice's model and config among its files.
func (v *CatalogVoice) pair() (model, config string, ok bool) {
	for name := range v.Files {
		if path.Base(name) == v.Key+".onnx" {
			model = name
		}
		if path.Base(name) == v.Key+".onnx.json" {
			config = name
		}
	}
	return model, config, model != "" && config != ""
}

// Download fetches a catalogue voice's model and config into partDir (resuming what
// an earlier attempt left there), checks each file's size and digests against the
// catalogue, and installs the voice into dir. progress is told the bytes so far and
// the total. The partial files stay for the next attempt when a download fails or
// is cancelled, and go once the voice is installed.
func Download(ctx context.Context, address string, v CatalogVoice, dir, partDir string, progress func(done, total int64)) (*Installed, error) {
	base, err := catalogURL(address)
	if err != nil {
		return nil, err
	}
	model, config, ok := v.pair()
	if !ok {
		return nil, fault.New(fault.Invalid, "%s: the catalogue lists no model and config for this voice", v.Key)
	}
	if !neural.IDPattern.MatchString(v.Key) {
		return nil, fault.New(fault.Invalid, "%q is not a voice's name", v.Key)
	}
	parts := filepath.Join(partDir, v.Key)
	if err := os.MkdirAll(parts, 0o755); err != nil {
		return nil, err
	}
	total := v.Files[model].SizeBytes + v.Files[config].SizeBytes
	var before int64 // the bytes of the files already fetched
	var files []File
	for _, name := range []string{config, model} {
		f := v.Files[name]
		local := filepath.Join(parts, path.Base(name)) // the key's own folder, the file's base name: nothing outside it
		data, err := fetchFile(ctx, resolve(base, name), local, f, func(n int64) {
			if progress != nil {
				progress(before+n, total)
			}
		})
		if err != nil {
			return nil, err
		}
		before += int64(len(data))
		files = append(files, File{Name: path.Base(name), Data: data})
	}
	// The voice's card, when the catalogue lists one, says its licence; a card that
	// cannot be fetched is done without.
	for name, f := range v.Files {
		if path.Base(name) == cardFile && path.Dir(name) == path.Dir(model) && f.SizeBytes > 0 && f.SizeBytes <= maxCard {
			if data, err := fetchFile(ctx, resolve(base, name), filepath.Join(parts, cardFile), f, func(int64) {}); err == nil {
				files = append(files, File{Name: cardFile, Data: data})
			}
		}
	}
	got, err := InstallFiles(dir, files...)
	if err != nil {
		return nil, err
	}
	os.RemoveAll(parts)
	return got, nil
}

// fetchFile downloads one file to local+".part", resuming from what is there with a
// range request, and returns its bytes once their size and digests (MD5, SHA-256:
// those the catalogue gives) are the catalogue's. A file that fails its check is deleted, so the next attempt starts
// over.
func fetchFile(ctx context.Context, address, local string, want CatalogFile, progress func(int64)) ([]byte, error) {
	part := local + ".part"
	name := path.Base(local)
	if want.SizeBytes <= 0 || want.SizeBytes > neural.MaxModel {
		return nil, fault.New(fault.Invalid, "%s: the catalogue gives it %d bytes", name, want.SizeBytes)
	}
	have := int64(0)
	if st, err := os.Stat(part); err == nil {
		have = st.Size()
	}
	if have > want.SizeBytes {
		os.Remove(part)
		have = 0
	}
	if have < want.SizeBytes {
		resp, err := get(ctx, address, have)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		flags := os.O_CREATE | os.O_WRONLY | os.O_APPEND
		switch {
		case resp.StatusCode == http.StatusPartialContent && have > 0 && contentStart(resp) == have:
		case resp.StatusCode == http.StatusPartialContent:
			os.Remove(part)
			return nil, fault.New(fault.Unavailable, "%s: the server resumed it from another place; try again", name)
		case resp.StatusCode == http.StatusOK:
			have, flags = 0, os.O_CREATE|os.O_WRONLY|os.O_TRUNC // the server sends it whole
		case resp.StatusCode == http.StatusRequestedRangeNotSatisfiable:
			os.Remove(part)
			return nil, fault.New(fault.Unavailable, "%s: the server refused to resume it; try again", name)
		default:
			return nil, fault.New(fault.Unavailable, "%s: the server answered %s", name, resp.Status)
		}
		out, err := os.OpenFile(part, flags, 0o644)
		if err != nil {
			return nil, err
		}
		progress(have)
		w := &counting{w: out, n: have, report: progress}
		_, err = io.Copy(w, io.LimitReader(resp.Body, want.SizeBytes-have+1))
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fault.New(fault.Unavailable, "%s: the download stopped at %d of %d bytes (%v); it resumes from there", name, w.n, want.SizeBytes, err)
		}
	}
	data, err := os.ReadFile(part)
	if err != nil {
		return nil, err
	}
	if int64(len(data)) != want.SizeBytes {
		if int64(len(data)) > want.SizeBytes {
			os.Remove(part)
		}
		return nil, fault.New(fault.Unavailable, "%s: %d of %d bytes arrived; try again to resume", name, len(data), want.SizeBytes)
	}
	md5Sum, sha256Sum := md5.Sum(data), sha256.Sum256(data)
	if (want.MD5 != "" && !strings.EqualFold(hex.EncodeToString(md5Sum[:]), want.MD5)) ||
		(want.SHA256 != "" && !strings.EqualFold(hex.EncodeToString(sha256Sum[:]), want.SHA256)) {
		os.Remove(part)
		return nil, fault.New(fault.Invalid, "%s: its checksum is not the catalogue's (damaged in transit, or changed on the server); removed", name)
	}
	progress(int64(len(data)))
	return data, nil
}

func get(ctx context.Context, address string, from int64) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, address, nil)
	if err != nil {
		return nil, fault.New(fault.Invalid, "%s: not an address: %v", address, err)
	}
	req.Header.Set("User-Agent", "Readback (voice catalogue)")
	if from > 0 {
		req.Header.Set("Range", "bytes="+strconv.FormatInt(from, 10)+"-")
	}
	resp, err := Client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		// As the web import says it: a writer offline meets this first.
		if dns, ok := errors.AsType[*net.DNSError](err); ok {
			return nil, fault.Wrap(err, fault.Unavailable, "%s: the name %s could not be found (offline?)", address, dns.Name)
		}
		return nil, fault.New(fault.Unavailable, "%s: could not be reached: %v", address, errors.Unwrap(err))
	}
	return resp, nil
}

// contentStart is where a partial answer's bytes start (Content-Range), or -1.
func contentStart(resp *http.Response) int64 {
	cr := resp.Header.Get("Content-Range")
	rest, ok := strings.CutPrefix(cr, "bytes ")
	if !ok {
		return -1
	}
	from, _, ok := strings.Cut(rest, "-")
	if !ok {
		return -1
	}
	n, err := strconv.ParseInt(from, 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// catalogURL checks the catalogue's address: http or https.
func catalogURL(address string) (*url.URL, error) {
	if address == "" {
		address = DefaultCatalog
	}
	u, err := url.Parse(address)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fault.New(fault.Invalid, "%q is not a voice catalogue's address (http or https)", address)
	}
	return u, nil
}

// resolve is a catalogue file's address: relative to the catalogue's folder, each
// segment escaped.
func resolve(base *url.URL, name string) string {
	var segs []string
	for _, s := range strings.Split(name, "/") {
		segs = append(segs, url.PathEscape(s))
	}
	rel, _ := url.Parse(strings.Join(segs, "/"))
	return base.ResolveReference(rel).String()
}

type counting struct {
	w      io.Writer
	n      int64
	report func(int64)
	last   time.Time
}

func (c *counting) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	if now := time.Now(); now.Sub(c.last) > 100*time.Millisecond {
		c.last = now
		c.report(c.n)
	}
	return n, err
}

// maxSample bounds a voice's recording.
const maxSample = 8 << 20

// Sample fetches a catalogue voice's recording (an MP3, as the official repository
// keeps them).
func Sample(ctx context.Context, v CatalogVoice) ([]byte, error) {
	if v.Sample == "" {
		return nil, fault.New(fault.NotFound, "%s: the catalogue has no recording of this voice", v.Key)
	}
	resp, err := get(ctx, v.Sample, 0)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fault.New(fault.NotFound, "%s: no recording of this voice (the server answered %s)", v.Key, resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxSample+1))
	if err != nil {
		return nil, fault.New(fault.Unavailable, "%s: the recording could not be read: %v", v.Key, err)
	}
	if len(b) > maxSample {
		return nil, fault.New(fault.TooLarge, "%s: the recording is larger than %d MB", v.Key, maxSample>>20)
	}
	return b, nil
}
