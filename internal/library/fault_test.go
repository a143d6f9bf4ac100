package library_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"readback/internal/library"
	"readback/internal/library/librarytest"
)

var quick = library.Backoff{Attempts: 3, Base: 5 * time.Millisecond, Max: 20 * time.Millisecond}

func TestKilledMidUpload(t *testing.T) {
	ctx := context.Background()
	v := librarytest.StartVersity(t)
	r := newS3(t, v, "team")
	r.PartWorkers, r.Backoff = 1, quick
	c := library.NewClient(r)
	c.Backoff = quick
	data := librarytest.Bytes(24<<20, 11)
	path := filepath.Join(t.TempDir(), "voice.onnx")
	os.WriteFile(path, data, 0o644)
	var once sync.Once
	_, err := c.UploadFile(ctx, "voices/v/1/voice.onnx", path, library.PutOptions{IfNoneMatch: true,
		Progress: func(done, total int64) { once.Do(v.Kill) }})
	if err == nil {
		t.Fatal("the upload succeeded with the server killed under it")
	}
	v.Restart()
	if _, err := r.Head(ctx, "voices/v/1/voice.onnx"); !errors.Is(err, library.ErrNotFound) {
		t.Fatalf("after the interrupted upload, head: %v, want ErrNotFound (no partial object)", err)
	}
	if l, err := r.List(ctx, ""); err != nil || len(l) != 0 {
		t.Fatalf("after the interrupted upload the bucket lists %v (%v)", l, err)
	}
	if _, err := c.UploadFile(ctx, "voices/v/1/voice.onnx", path, library.PutOptions{IfNoneMatch: true}); err != nil {
		t.Fatalf("the rerun: %v", err)
	}
	dest := filepath.Join(t.TempDir(), "got")
	if err := c.Download(ctx, "voices/v/1/voice.onnx", dest, library.Want{Size: int64(len(data)), SHA256: librarytest.Sum(data)}, nil); err != nil {
		t.Fatal(err)
	}
}

func TestKilledMidDownload(t *testing.T) {
	ctx := context.Background()
	v := librarytest.StartVersity(t)
	r := newS3(t, v, "team")
	c := library.NewClient(r)
	c.Backoff = quick
	data := librarytest.Bytes(24<<20, 12)
	if _, err := c.UploadBytes(ctx, "voices/v/1/voice.onnx", data, library.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "voice.onnx")
	want := library.Want{Size: int64(len(data)), SHA256: librarytest.Sum(data)}
	var once sync.Once
	err := c.Download(ctx, "voices/v/1/voice.onnx", dest, want, func(_ string, done, _ int64) {
		if done >= 4<<20 {
			once.Do(v.Kill)
		}
	})
	if err == nil {
		t.Fatal("the download succeeded with the server killed under it")
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Fatalf("a file is under the final name after the interrupted download: %v", err)
	}
	st, err := os.Stat(dest + ".part")
	if err != nil || st.Size() < 4<<20 || st.Size() >= int64(len(data)) {
		t.Fatalf("the partial file: %v, %v", st, err)
	}
	v.Restart()
	first := int64(-1)
	var fetched int64
	err = c.Download(ctx, "voices/v/1/voice.onnx", dest, want, func(_ string, done, _ int64) {
		if first < 0 {
			first = done
		}
		fetched = done - first
	})
	if err != nil {
		t.Fatalf("the rerun: %v", err)
	}
	if first != st.Size() || fetched != int64(len(data))-st.Size() {
		t.Errorf("the rerun started at %d and fetched %d, want %d and %d", first, fetched, st.Size(), int64(len(data))-st.Size())
	}
	if got, _ := os.ReadFile(dest); !bytes.Equal(got, data) {
		t.Error("the resumed download differs from the object")
	}
}

// faulty sits between the client and the server: it answers 503 to the first
// fail requests, or holds every answer for delay.
type faulty struct {
	proxy    *httputil.ReverseProxy
	fail     atomic.Int64
	delay    atomic.Int64 // ns
	requests atomic.Int64
}

func (f *faulty) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.requests.Add(1)
	if f.fail.Add(-1) >= 0 {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>ServiceUnavailable</Code><Message>Please reduce your request rate.</Message></Error>`))
		return
	}
	if d := time.Duration(f.delay.Load()); d > 0 {
		select {
		case <-time.After(d):
		case <-r.Context().Done():
			return
		}
	}
	f.proxy.ServeHTTP(w, r)
}

func TestUnavailableAndSlow(t *testing.T) {
	ctx := context.Background()
	v := librarytest.StartVersity(t)
	target, _ := url.Parse(v.Endpoint)
	f := &faulty{proxy: httputil.NewSingleHostReverseProxy(target)}
	srv := httptest.NewServer(f)
	defer srv.Close()
	r, err := library.NewS3(ctx, library.S3Config{Endpoint: srv.URL, Bucket: v.Bucket, PathStyle: true},
		library.S3Options{Credentials: v.Credentials(), HeaderTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	remote := library.NewRetrying(r, quick, 1000, 100)
	c := library.NewClient(remote)
	c.Backoff = quick
	if _, err := c.UploadBytes(ctx, "lexicons/global.json", []byte("{}"), library.PutOptions{}); err != nil {
		t.Fatal(err)
	}

	t.Run("503s pass with retries", func(t *testing.T) {
		f.fail.Store(2)
		f.requests.Store(0)
		if _, err := remote.Head(ctx, "lexicons/global.json"); err != nil {
			t.Fatalf("head through two 503s: %v", err)
		}
		if n := f.requests.Load(); n != 3 {
			t.Errorf("%d requests, want 3 (two 503s, then the answer)", n)
		}
	})
	t.Run("503s that do not pass end in a clear error", func(t *testing.T) {
		f.fail.Store(100)
		f.requests.Store(0)
		_, err := remote.Head(ctx, "lexicons/global.json")
		if !errors.Is(err, library.ErrTransient) || !strings.Contains(err.Error(), "503") {
			t.Errorf("err = %v, want a temporary failure naming HTTP 503", err)
		}
		if n := f.requests.Load(); n != int64(quick.Attempts) {
			t.Errorf("%d requests, want %d attempts", n, quick.Attempts)
		}
		f.fail.Store(0)
	})
	t.Run("slow answers are retried, then a clear error", func(t *testing.T) {
		f.delay.Store(int64(time.Second))
		f.requests.Store(0)
		start := time.Now()
		_, err := remote.Head(ctx, "lexicons/global.json")
		if !errors.Is(err, library.ErrTransient) || !strings.Contains(err.Error(), "in time") {
			t.Errorf("err = %v, want a temporary failure saying no answer came in time", err)
		}
		if n := f.requests.Load(); n != int64(quick.Attempts) {
			t.Errorf("%d requests, want %d attempts", n, quick.Attempts)
		}
		t.Logf("gave up after %s", time.Since(start))
		f.delay.Store(0)
	})
}

func TestRefusedCredentials(t *testing.T) {
	ctx := context.Background()
	v := librarytest.StartVersity(t)
	for _, tc := range []struct{ name, access, secret string }{
		{"wrong secret", v.Access, "not-the-secret-0123456789"},
		{"unknown access key", "nobody-known", "another-secret-9876543210"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := library.NewS3(ctx, library.S3Config{Endpoint: v.Endpoint, Bucket: v.Bucket, PathStyle: true},
				library.S3Options{Credentials: credentials.NewStaticCredentialsProvider(tc.access, tc.secret, "")})
			if err != nil {
				t.Fatal(err)
			}
			// A listing, not a HEAD: versitygw answers an unknown key with a bare 404, which
			// only a response with a body can tell from a missing object.
			_, err = library.NewRetrying(r, quick, 100, 10).List(ctx, "lexicons/")
			if !errors.Is(err, library.ErrDenied) {
				t.Errorf("err = %v, want ErrDenied", err)
			}
			if err != nil && strings.Contains(err.Error(), tc.secret) {
				t.Errorf("the error holds the secret: %v", err)
			}
		})
	}
}
