// Package librarytest is the suite every library.Remote passes, and a real
// S3-compatible server (versitygw) for tests to run it against.
package librarytest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"readback/internal/library"
)

// Bytes returns n reproducible pseudo-random bytes.
func Bytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b := make([]byte, n)
	for i := 0; i+8 <= n; i += 8 {
		v := r.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	return b
}

// Sum is the hex SHA-256 of b.
func Sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Run checks the Remote contract. newRemote returns an empty remote for one
// subtest; bigObject is a size that the remote uploads in several parts.
func Run(t *testing.T, newRemote func(t *testing.T) library.Remote, bigObject int) {
	ctx := context.Background()

	t.Run("put, head, get and ranges", func(t *testing.T) {
		r := newRemote(t)
		data := Bytes(100_000, 1)
		c := library.NewClient(r)
		obj, err := c.UploadBytes(ctx, "voices/a/1/model.onnx", data, library.PutOptions{IfNoneMatch: true})
		if err != nil {
			t.Fatal(err)
		}
		if obj.ETag == "" {
			t.Error("no ETag after put")
		}
		h, err := r.Head(ctx, "voices/a/1/model.onnx")
		if err != nil {
			t.Fatal(err)
		}
		if h.Size != int64(len(data)) || h.SHA256 != Sum(data) || h.ETag != obj.ETag {
			t.Errorf("head = %+v, want size %d, sha256 %s, etag %s", h, len(data), Sum(data), obj.ETag)
		}
		for _, tc := range []struct{ off, n int64 }{{0, -1}, {0, 10}, {99_990, -1}, {12_345, 1000}} {
			rc, o, err := r.Get(ctx, "voices/a/1/model.onnx", tc.off, tc.n)
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			end := int64(len(data))
			if tc.n >= 0 {
				end = tc.off + tc.n
			}
			if !bytes.Equal(got, data[tc.off:end]) {
				t.Errorf("get(%d, %d): %d bytes, not the object's", tc.off, tc.n, len(got))
			}
			if o.Size != int64(len(data)) {
				t.Errorf("get(%d, %d): size %d, want the whole object's %d", tc.off, tc.n, o.Size, len(data))
			}
		}
	})

	t.Run("missing objects", func(t *testing.T) {
		r := newRemote(t)
		if _, err := r.Head(ctx, "nothing/here"); !errors.Is(err, library.ErrNotFound) {
			t.Errorf("head of a missing object: %v, want ErrNotFound", err)
		}
		if _, _, err := r.Get(ctx, "nothing/here", 0, -1); !errors.Is(err, library.ErrNotFound) {
			t.Errorf("get of a missing object: %v, want ErrNotFound", err)
		}
		if err := r.Delete(ctx, "nothing/here"); err != nil {
			t.Errorf("delete of a missing object: %v", err)
		}
	})

	t.Run("conditional writes", func(t *testing.T) {
		r := newRemote(t)
		c := library.NewClient(r)
		first, err := c.UploadBytes(ctx, "index.json", []byte(`{"v":1}`), library.PutOptions{IfNoneMatch: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.UploadBytes(ctx, "index.json", []byte(`{"v":2}`), library.PutOptions{IfNoneMatch: true}); !errors.Is(err, library.ErrPrecondition) {
			t.Errorf("second create: %v, want ErrPrecondition", err)
		}
		// The same bytes again are the same object: a retried create that had landed.
		if _, err := c.UploadBytes(ctx, "index.json", []byte(`{"v":1}`), library.PutOptions{IfNoneMatch: true}); err != nil {
			t.Errorf("create of the same bytes again: %v", err)
		}
		second, err := c.UploadBytes(ctx, "index.json", []byte(`{"v":3}`), library.PutOptions{IfMatch: first.ETag})
		if err != nil {
			t.Fatalf("replace with the current ETag: %v", err)
		}
		if _, err := c.UploadBytes(ctx, "index.json", []byte(`{"v":4}`), library.PutOptions{IfMatch: first.ETag}); !errors.Is(err, library.ErrPrecondition) {
			t.Errorf("replace with a stale ETag: %v, want ErrPrecondition", err)
		}
		data, obj, err := c.ReadSmall(ctx, "index.json", 1<<10)
		if err != nil {
			t.Fatal(err)
		}
		if string(data) != `{"v":3}` || obj.ETag != second.ETag {
			t.Errorf("after the lost writes: %s (etag %s), want {\"v\":3} (etag %s)", data, obj.ETag, second.ETag)
		}
		if _, _, err := c.ReadSmall(ctx, "index.json", 3); err == nil {
			t.Error("an object over the limit was read")
		}
	})

	t.Run("concurrent creates: exactly one wins", func(t *testing.T) {
		r := newRemote(t)
		c := library.NewClient(r)
		const n = 6
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = c.UploadBytes(ctx, "voices/v/3/manifest.json", []byte(fmt.Sprintf(`{"by":%d}`, i)), library.PutOptions{IfNoneMatch: true})
			}()
		}
		wg.Wait()
		won := -1
		for i, err := range errs {
			switch {
			case err == nil && won >= 0:
				t.Errorf("writers %d and %d both won", won, i)
			case err == nil:
				won = i
			case !errors.Is(err, library.ErrPrecondition):
				t.Errorf("writer %d: %v, want ErrPrecondition", i, err)
			}
		}
		if won < 0 {
			t.Fatal("nobody won")
		}
		data, _, err := c.ReadSmall(ctx, "voices/v/3/manifest.json", 1<<10)
		if err != nil || string(data) != fmt.Sprintf(`{"by":%d}`, won) {
			t.Errorf("the object holds %s (%v), want the winner's", data, err)
		}
	})

	t.Run("list and delete", func(t *testing.T) {
		r := newRemote(t)
		c := library.NewClient(r)
		for _, k := range []string{"renditions/index/b.json", "renditions/index/a.json", "renditions/packs/a.pcm", "lexicons/global.json"} {
			if _, err := c.UploadBytes(ctx, k, []byte(k), library.PutOptions{}); err != nil {
				t.Fatal(err)
			}
		}
		l, err := r.List(ctx, "renditions/index/")
		if err != nil {
			t.Fatal(err)
		}
		if len(l) != 2 || l[0].Key != "renditions/index/a.json" || l[1].Key != "renditions/index/b.json" || l[0].Size != int64(len("renditions/index/a.json")) {
			t.Errorf("list = %+v", l)
		}
		if err := r.Delete(ctx, "renditions/index/a.json"); err != nil {
			t.Fatal(err)
		}
		if l, _ := r.List(ctx, "renditions/"); len(l) != 2 {
			t.Errorf("after delete: %+v", l)
		}
	})

	t.Run("large objects: multipart, conditional", func(t *testing.T) {
		r := newRemote(t)
		c := library.NewClient(r)
		data := Bytes(bigObject, 7)
		path := filepath.Join(t.TempDir(), "voice.onnx")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		var last int64
		var calls int
		sum, err := c.UploadFile(ctx, "voices/big/1/voice.onnx", path, library.PutOptions{IfNoneMatch: true,
			Progress: func(done, total int64) { calls++; last = done }})
		if err != nil {
			t.Fatal(err)
		}
		if sum != Sum(data) || last != int64(len(data)) {
			t.Errorf("upload: sum %s, progress ended at %d (%d calls), want %s and %d", sum, last, calls, Sum(data), len(data))
		}
		other := append([]byte(nil), data...)
		other[0] ^= 0xff
		if err := os.WriteFile(path, other, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := c.UploadFile(ctx, "voices/big/1/voice.onnx", path, library.PutOptions{IfNoneMatch: true}); !errors.Is(err, library.ErrPrecondition) {
			t.Errorf("a second large create: %v, want ErrPrecondition", err)
		}
		dest := filepath.Join(t.TempDir(), "got.onnx")
		if err := c.Download(ctx, "voices/big/1/voice.onnx", dest, library.Want{Size: int64(len(data)), SHA256: Sum(data)}, nil); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(dest); !bytes.Equal(got, data) {
			t.Error("the large object came back different")
		}
	})

	t.Run("download resumes where it stopped", func(t *testing.T) {
		r := newRemote(t)
		c := library.NewClient(r)
		data := Bytes(300_000, 3)
		if _, err := c.UploadBytes(ctx, "voices/r/1/m.bin", data, library.PutOptions{}); err != nil {
			t.Fatal(err)
		}
		dest := filepath.Join(t.TempDir(), "m.bin")
		// What an interrupted run left behind.
		if err := os.WriteFile(dest+".part", data[:123_456], 0o644); err != nil {
			t.Fatal(err)
		}
		first := int64(-1)
		err := c.Download(ctx, "voices/r/1/m.bin", dest, library.Want{Size: int64(len(data)), SHA256: Sum(data)}, func(_ string, done, _ int64) {
			if first < 0 {
				first = done
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		if first != 123_456 {
			t.Errorf("the download started at %d, want 123456 (only the rest fetched)", first)
		}
		if got, _ := os.ReadFile(dest); !bytes.Equal(got, data) {
			t.Error("the resumed file differs from the object")
		}
		if _, err := os.Stat(dest + ".part"); !os.IsNotExist(err) {
			t.Errorf("the partial file is still there: %v", err)
		}
	})

	t.Run("a checksum mismatch writes nothing", func(t *testing.T) {
		r := newRemote(t)
		c := library.NewClient(r)
		data := Bytes(50_000, 4)
		if _, err := c.UploadBytes(ctx, "voices/x/1/m.bin", data, library.PutOptions{}); err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		dest := filepath.Join(dir, "m.bin")
		wrong := Sum([]byte("something else"))
		err := c.Download(ctx, "voices/x/1/m.bin", dest, library.Want{Size: int64(len(data)), SHA256: wrong}, nil)
		if !errors.Is(err, library.ErrChecksum) {
			t.Fatalf("download with a wrong checksum: %v, want ErrChecksum", err)
		}
		if !bytes.Contains([]byte(err.Error()), []byte("voices/x/1/m.bin")) {
			t.Errorf("the error does not name the object: %v", err)
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("left behind: %v", left)
		}
		// A wrong size is refused before anything is written too.
		if err := c.Download(ctx, "voices/x/1/m.bin", dest, library.Want{Size: 10, SHA256: Sum(data)}, nil); err == nil {
			t.Error("a download whose size differs from the manifest's passed")
		}
		if _, err := os.Stat(dest); !os.IsNotExist(err) {
			t.Errorf("a file was written under the final name: %v", err)
		}
	})

	t.Run("presigned address", func(t *testing.T) {
		r := newRemote(t)
		c := library.NewClient(r)
		data := Bytes(20_000, 5)
		if _, err := c.UploadBytes(ctx, "narrations/n1/book.m4b", data, library.PutOptions{}); err != nil {
			t.Fatal(err)
		}
		u, err := r.Presign(ctx, "narrations/n1/book.m4b", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !bytes.Equal(got, data) {
			t.Errorf("GET presigned: %d, %d bytes", resp.StatusCode, len(got))
		}
		bad := u + "x"
		if resp, err := http.Get(bad); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				t.Error("a tampered address was served")
			}
		}
	})
}
