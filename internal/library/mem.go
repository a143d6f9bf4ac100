package library

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Mem is a remote held in memory, with the same conditional and ranged semantics as
// S3. Its presigned addresses are served by its own ServeHTTP under BaseURL.
type Mem struct {
	// BaseURL is where ServeHTTP is reachable, for presigned addresses.
	BaseURL string
	Now     func() time.Time

	mu      sync.Mutex
	objects map[string]memObject
	version int
	secret  []byte
}

type memObject struct {
	data []byte
	etag string
	sum  string
}

var _ Remote = (*Mem)(nil)

// NewMem returns an empty remote.
func NewMem() *Mem {
	secret := make([]byte, 32)
	rand.Read(secret)
	return &Mem{objects: map[string]memObject{}, secret: secret, Now: time.Now}
}

func (m *Mem) object(key string) (memObject, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	o, ok := m.objects[key]
	return o, ok
}

func (m *Mem) Head(ctx context.Context, key string) (Object, error) {
	if err := ctx.Err(); err != nil {
		return Object{}, err
	}
	o, ok := m.object(key)
	if !ok {
		return Object{}, &remoteError{kind: ErrNotFound, op: "head", key: key}
	}
	return Object{Key: key, Size: int64(len(o.data)), ETag: o.etag, SHA256: o.sum}, nil
}

func (m *Mem) Get(ctx context.Context, key string, off, n int64) (io.ReadCloser, Object, error) {
	obj, err := m.Head(ctx, key)
	if err != nil {
		return nil, Object{}, &remoteError{kind: ErrNotFound, op: "get", key: key}
	}
	o, _ := m.object(key)
	if off < 0 || off > int64(len(o.data)) || (off == int64(len(o.data)) && off > 0) {
		return nil, Object{}, fmt.Errorf("get %s: range from %d is outside its %d bytes", key, off, len(o.data))
	}
	end := int64(len(o.data))
	if n >= 0 && off+n < end {
		end = off + n
	}
	return io.NopCloser(bytes.NewReader(o.data[off:end])), obj, nil
}

func (m *Mem) Put(ctx context.Context, key string, body io.ReaderAt, size int64, opt PutOptions) (Object, error) {
	data := make([]byte, size)
	if n, err := body.ReadAt(data, 0); int64(n) != size {
		return Object{}, fmt.Errorf("put %s: read %d of %d bytes: %w", key, n, size, err)
	}
	if err := ctx.Err(); err != nil {
		return Object{}, err
	}
	if opt.Progress != nil {
		opt.Progress(size, size)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	cur, exists := m.objects[key]
	if opt.IfNoneMatch && exists || opt.IfMatch != "" && (!exists || cur.etag != opt.IfMatch) {
		return Object{}, &remoteError{kind: ErrPrecondition, op: "put", key: key}
	}
	m.version++
	h := sha256.Sum256(data)
	o := memObject{data: data, etag: fmt.Sprintf(`"%d-%x"`, m.version, h[:6]), sum: opt.SHA256}
	m.objects[key] = o
	return Object{Key: key, Size: size, ETag: o.etag, SHA256: o.sum}, nil
}

func (m *Mem) List(ctx context.Context, prefix string) ([]Object, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Object
	for k, o := range m.objects {
		if strings.HasPrefix(k, prefix) {
			out = append(out, Object{Key: k, Size: int64(len(o.data)), ETag: o.etag})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

func (m *Mem) Delete(ctx context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.objects, key)
	return nil
}

func (m *Mem) sign(key string, exp int64) string {
	mac := hmac.New(sha256.New, m.secret)
	fmt.Fprintf(mac, "%s\x00%d", key, exp)
	return hex.EncodeToString(mac.Sum(nil))
}

func (m *Mem) Presign(ctx context.Context, key string, expires time.Duration) (string, error) {
	if _, err := m.Head(ctx, key); err != nil {
		return "", err
	}
	exp := m.Now().Add(expires).Unix()
	q := url.Values{"expires": {strconv.FormatInt(exp, 10)}, "signature": {m.sign(key, exp)}}
	return m.BaseURL + "/" + (&url.URL{Path: key}).EscapedPath() + "?" + q.Encode(), nil
}

// ServeHTTP answers presigned GETs: the signature must match and not have expired.
func (m *Mem) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := strings.TrimPrefix(r.URL.Path, "/")
	exp, err := strconv.ParseInt(r.URL.Query().Get("expires"), 10, 64)
	if err != nil || !hmac.Equal([]byte(r.URL.Query().Get("signature")), []byte(m.sign(key, exp))) {
		http.Error(w, "bad signature", http.StatusForbidden)
		return
	}
	if m.Now().Unix() > exp {
		http.Error(w, "expired", http.StatusForbidden)
		return
	}
	o, ok := m.object(key)
	if !ok {
		http.NotFound(w, r)
		return
	}
	http.ServeContent(w, r, key, time.Time{}, bytes.NewReader(o.data))
}
