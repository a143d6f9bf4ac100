package library

import (
	"bytes"
	"context"
	"crypto/sha256"

	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"time"

	"readback/internal/retry"
)

// Client moves objects between the data directory and a remote: verified, atomic
// and resumable. Its Remote is usually a Retrying one.
type Client struct {
	Remote  Remote
	Backoff Backoff
	// IdleTimeout ends a download that receives nothing for this long, so that a
	// stalled connection is retried instead of hanging (default 30 s).
	IdleTimeout time.Duration
}

// NewClient uses r with the default backoff.
func NewClient(r Remote) *Client {
	return &Client{Remote: r, Backoff: DefaultBackoff, IdleTimeout: 30 * time.Second}
}

// Progress is told how far one object's transfer is.
type Progress func(key string, done, total int64)

// UploadFile writes the file at path under key, with its SHA-256 in the object's
// metadata; it returns the digest.
func (c *Client) UploadFile(ctx context.Context, key, path string, opt PutOptions) (string, error) {
	if err := CheckKey(key); err != nil {
		return "", err
	}
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("upload %s: %w", path, err)
	}
	defer f.Close()
	h := sha256.New()
	size, err := io.Copy(h, f)
	if err != nil {
		return "", fmt.Errorf("upload %s: %w", path, err)
	}
	opt.SHA256 = hex.EncodeToString(h.Sum(nil))
	_, err = c.put(ctx, key, f, size, opt)
	return opt.SHA256, err
}

// UploadBytes writes data under key, with its SHA-256 in the object's metadata.
func (c *Client) UploadBytes(ctx context.Context, key string, data []byte, opt PutOptions) (Object, error) {
	if err := CheckKey(key); err != nil {
		return Object{}, err
	}
	sum := sha256.Sum256(data)
	opt.SHA256 = hex.EncodeToString(sum[:])
	return c.put(ctx, key, bytes.NewReader(data), int64(len(data)), opt)
}

func (c *Client) put(ctx context.Context, key string, body io.ReaderAt, size int64, opt PutOptions) (Object, error) {
	o, err := c.Remote.Put(ctx, key, body, size, opt)
	if errors.Is(err, ErrPrecondition) && opt.IfNoneMatch {
		// A create whose answer was lost and was retried finds its own object: the
		// same bytes are there, which is what was asked.
		if cur, herr := c.Remote.Head(ctx, key); herr == nil && cur.SHA256 == opt.SHA256 && cur.Size == size {
			return cur, nil
		}
	}
	return o, err
}

// ReadSmall reads a whole object of at most limit bytes (a manifest, an index) and
// returns it with its ETag.
func (c *Client) ReadSmall(ctx context.Context, key string, limit int64) ([]byte, Object, error) {
	if err := CheckKey(key); err != nil {
		return nil, Object{}, err
	}
	var data []byte
	var obj Object
	err := c.Backoff.Do(ctx, func() error {
		rc, o, err := c.Remote.Get(ctx, key, 0, -1)
		if err != nil {
			return Final(err) // the remote retries its own requests
		}
		defer rc.Close()
		if o.Size > limit {
			return fmt.Errorf("%s is %d bytes, more than the %d allowed", key, o.Size, limit)
		}
		data, err = io.ReadAll(io.LimitReader(rc, limit+1))
		if err != nil {
			return &remoteError{kind: ErrTransient, op: "get", key: key, cause: netCause(err)}
		}
		if int64(len(data)) > limit {
			return fmt.Errorf("%s is more than the %d bytes allowed", key, limit)
		}
		obj = o
		return nil
	})
	return data, obj, err
}

// Want is what a download must turn out to be.
type Want struct {
	Size   int64
	SHA256 string // "": not known, only the size is checked
}

// ErrChecksum: the bytes downloaded are not the ones the manifest promised.
var ErrChecksum = errors.New("checksum mismatch")

// Download fetches key into dest. The bytes go to dest+".part" first: an
// interrupted download (a dropped connection, a cancel, a killed process) keeps
// what it has and the next attempt asks only for the rest, with a ranged read. The
// file is renamed into place only when its size and SHA-256 match want; a mismatch
// deletes the partial file and names the object.
func (c *Client) Download(ctx context.Context, key, dest string, want Want, progress Progress) error {
	if err := CheckKey(key); err != nil {
		return err
	}
	// Without a checksum (Polly's outputs have none) only the size is checked.
	if want.SHA256 != "" {
		if err := CheckSHA256(key, want.SHA256); err != nil {
			return err
		}
	}
	if want.Size < 0 || want.Size > MaxVoiceFile {
		return fmt.Errorf("download %s: a size of %d bytes is out of bounds", key, want.Size)
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return fmt.Errorf("download %s: %w", key, err)
	}
	part := dest + ".part"
	f, err := os.OpenFile(part, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return fmt.Errorf("download %s: %w", key, err)
	}
	defer f.Close()
	h := sha256.New()
	have, err := resumeHash(f, h, want.Size)
	if err != nil {
		return fmt.Errorf("download %s: %w", key, err)
	}
	if progress != nil {
		progress(key, have, want.Size)
	}
	tries := 0
	for have < want.Size {
		n, err := c.fetchRange(ctx, key, f, h, have, want.Size, progress)
		have += n
		if err == nil {
			continue
		}
		if cause, ok := retry.FinalCause(err); ok {
			return cause
		}
		if ctx.Err() != nil || !Retryable(err) {
			return err
		}
		if n == 0 {
			tries++
		} else {
			tries = 1 // progress was made: the count starts again
		}
		if tries >= max(c.Backoff.Attempts, 1) {
			return err
		}
		if serr := sleep(ctx, c.Backoff.Wait(tries)); serr != nil {
			return err
		}
	}
	if got := hex.EncodeToString(h.Sum(nil)); want.SHA256 != "" && got != want.SHA256 {
		f.Close()
		os.Remove(part)
		return fmt.Errorf("download %s: %w: its SHA-256 is %s, the manifest says %s; the partial file was deleted", key, ErrChecksum, got, want.SHA256)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("download %s: %w", key, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("download %s: %w", key, err)
	}
	if err := os.Rename(part, dest); err != nil {
		return fmt.Errorf("download %s: %w", key, err)
	}
	return nil
}

// resumeHash hashes what an earlier attempt left in f and returns its length; a
// leftover longer than the object is thrown away.
func resumeHash(f *os.File, h hash.Hash, size int64) (int64, error) {
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	if st.Size() > size {
		if err := f.Truncate(0); err != nil {
			return 0, err
		}
		return 0, nil
	}
	n, err := io.Copy(h, f)
	return n, err
}

// fetchRange appends key's bytes from off to f until the object ends, the
// connection breaks or nothing arrives for IdleTimeout; it returns how many it wrote.
func (c *Client) fetchRange(ctx context.Context, key string, f *os.File, h hash.Hash, off, size int64, progress Progress) (int64, error) {
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	rc, obj, err := c.Remote.Get(rctx, key, off, -1)
	if err != nil {
		return 0, Final(err) // the remote retries its own requests
	}
	defer rc.Close()
	if obj.Size != size {
		return 0, fmt.Errorf("download %s: the object is %d bytes, the manifest says %d", key, obj.Size, size)
	}
	idle := c.IdleTimeout
	if idle <= 0 {
		idle = 30 * time.Second
	}
	watchdog := time.AfterFunc(idle, cancel)
	defer watchdog.Stop()
	if _, err := f.Seek(off, io.SeekStart); err != nil {
		return 0, err
	}
	buf := make([]byte, 256<<10)
	var n int64
	for off+n < size {
		m, rerr := rc.Read(buf[:min(int64(len(buf)), size-off-n)])
		if m > 0 {
			watchdog.Reset(idle)
			if _, err := f.Write(buf[:m]); err != nil {
				return n, fmt.Errorf("download %s: %w", key, err)
			}
			h.Write(buf[:m])
			n += int64(m)
			if progress != nil {
				progress(key, off+n, size)
			}
		}
		if rerr != nil {
			if off+n == size {
				break
			}
			if ctx.Err() != nil {
				return n, fmt.Errorf("download %s: %w", key, ctx.Err())
			}
			if rctx.Err() != nil {
				return n, &remoteError{kind: ErrTransient, op: "get", key: key, cause: fmt.Errorf("nothing received for %s", idle)}
			}
			return n, &remoteError{kind: ErrTransient, op: "get", key: key, cause: netCause(rerr)}
		}
	}
	return n, nil
}

// Throttle passes p at most once every interval (and always the last call of a
// transfer): for progress shown to a person.
func Throttle(p Progress, interval time.Duration) Progress {
	var last time.Time
	return func(key string, done, total int64) {
		if time.Since(last) < interval && done < total {
			return
		}
		last = time.Now()
		p(key, done, total)
	}
}
