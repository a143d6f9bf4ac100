package library

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"readback/internal/fault"
)

// Check is one permission Test connection tried.
type Check struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
}

// TestConnection tries, with a scratch object, each thing the shared library needs
// of the bucket: list, put, get, a conditional put that must be refused, a
// presigned read, and delete. It stops at the first failure of the ones the
// others depend on.
func (l *Library) TestConnection(ctx context.Context) []Check {
	var out []Check
	add := func(name string, err error, ok string) bool {
		c := Check{Name: name, OK: err == nil, Detail: ok}
		if err != nil {
			c.Detail = fault.MessageOf(UserMessage(err))
		}
		out = append(out, c)
		return err == nil
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if _, err := l.quick.Remote.List(ctx, "index"); !add("list", err, "the library's contents can be listed") {
		return out
	}
	b := make([]byte, 8)
	rand.Read(b)
	key := ".readback-check/" + hex.EncodeToString(b)
	body := []byte("readback connection test " + l.Author)
	if _, err := l.Client.UploadBytes(ctx, key, body, PutOptions{IfNoneMatch: true}); !add("put", err, "objects can be written") {
		return out
	}
	defer l.Client.Remote.Delete(context.WithoutCancel(ctx), key)
	data, _, err := l.Client.ReadSmall(ctx, key, 1<<10)
	if err == nil && string(data) != string(body) {
		err = errors.New("the object read back differs from the one written")
	}
	add("get", err, "objects can be read")
	_, err = l.Client.Remote.Put(ctx, key, bytesReaderAt("another body"), int64(len("another body")), PutOptions{IfNoneMatch: true})
	switch {
	case errors.Is(err, ErrPrecondition):
		add("conditional put", nil, "a second create of the same object is refused, so two laptops cannot overwrite each other")
	case err == nil:
		add("conditional put", errors.New("the bucket accepted a create of an object that exists (If-None-Match is ignored): two laptops could overwrite each other's versions"), "")
	default:
		add("conditional put", err, "")
	}
	u, err := l.Client.Remote.Presign(ctx, key, time.Hour)
	if err == nil {
		err = getURL(ctx, u)
	}
	add("presign", err, "share links work")
	add("delete", l.Client.Remote.Delete(ctx, key), "objects can be removed")
	return out
}

type bytesReaderAt string

func (s bytesReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off >= int64(len(s)) {
		return 0, io.EOF
	}
	n := copy(p, s[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func getURL(ctx context.Context, u string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("a presigned address could not be read: %w", netCause(err))
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("a presigned address was answered with HTTP %d", resp.StatusCode)
	}
	return nil
}
