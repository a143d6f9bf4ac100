package pipertest

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// CatalogServer serves a voices.json in Piper's format with two voices, and their
// files, honouring ranges (http.ServeContent). cut, when above zero, makes the next
// request for the model stop after that many bytes, as a dropped connection does.
type CatalogServer struct {
	*httptest.Server
	Files  map[string][]byte
	mu     sync.Mutex
	cut    int
	ranges []string // the Range headers of the model's requests
}

func NewCatalogServer(t testing.TB) *CatalogServer {
	t.Helper()
	model, config := Model(1), Config(22050, 1)
	cs := &CatalogServer{Files: map[string][]byte{
		"en/en_US/test/x_low/en_US-test-x_low.onnx":      model,
		"en/en_US/test/x_low/en_US-test-x_low.onnx.json": config,
		"de/de_DE/probe/low/de_DE-probe-low.onnx":        model,
		"de/de_DE/probe/low/de_DE-probe-low.onnx.json":   config,
	}}
	md5Of := func(b []byte) string { s := md5.Sum(b); return hex.EncodeToString(s[:]) }
	sha256Of := func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }
	sum := md5Of
	entry := func(key, dir, code, family string) map[string]any {
		files := map[string]any{}
		for _, f := range []string{key + ".onnx", key + ".onnx.json"} {
			b := cs.Files[dir+"/"+f]
			// Piper's catalogue gives MD5s; the German voice's entry gives SHA-256s
			// instead, as a catalogue of the team's may.
			if family == "de" {
				files[dir+"/"+f] = map[string]any{"size_bytes": len(b), "md5_digest": "", "sha256_digest": sha256Of(b)}
			} else {
				files[dir+"/"+f] = map[string]any{"size_bytes": len(b), "md5_digest": md5Of(b)}
			}
		}
		card := []byte("# Model card for " + key + "\n\n## Dataset\n\n* URL: https://example.org/\n* License: CC BY 4.0\n")
		cs.Files[dir+"/MODEL_CARD"] = card
		files[dir+"/MODEL_CARD"] = map[string]any{"size_bytes": len(card), "md5_digest": sum(card)}
		return map[string]any{"key": key, "name": strings.Split(key, "-")[1], "quality": strings.SplitN(key, "-", 3)[2], "num_speakers": 1,
			"language": map[string]any{"code": code, "family": family, "name_english": family}, "files": files, "aliases": []string{}}
	}
	catalog, _ := json.Marshal(map[string]any{
		"en_US-test-x_low": entry("en_US-test-x_low", "en/en_US/test/x_low", "en_US", "en"),
		"de_DE-probe-low":  entry("de_DE-probe-low", "de/de_DE/probe/low", "de_DE", "de"),
		"xx-broken":        map[string]any{"key": "xx-broken", "files": map[string]any{}},
	})
	cs.Files["voices.json"] = catalog
	cs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/v1/")
		b, ok := cs.Files[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if strings.HasSuffix(name, ".onnx") {
			cs.mu.Lock()
			cs.ranges = append(cs.ranges, r.Header.Get("Range"))
			cut := cs.cut
			cs.cut = 0
			cs.mu.Unlock()
			if cut > 0 {
				w.Header().Set("Content-Length", fmt.Sprint(len(b)))
				w.WriteHeader(http.StatusOK)
				w.Write(b[:cut])
				w.(http.Flusher).Flush()
				if h, ok := w.(http.Hijacker); ok { // drop the connection mid-file
					conn, _, _ := h.Hijack()
					conn.Close()
				}
				return
			}
		}
		http.ServeContent(w, r, name, time.Time{}, strings.NewReader(string(b)))
	}))
	t.Cleanup(cs.Close)
	return cs
}

func (cs *CatalogServer) Address() string { return cs.URL + "/v1/voices.json" }

// Cut makes the next request for a model stop after n bytes.
func (cs *CatalogServer) Cut(n int) {
	cs.mu.Lock()
	cs.cut = n
	cs.mu.Unlock()
}

// Ranges are the Range headers of the models' requests so far.
func (cs *CatalogServer) Ranges() []string {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return append([]string(nil), cs.ranges...)
}
