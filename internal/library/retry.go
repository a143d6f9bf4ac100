package library

import (
	"context"
	"io"
	"time"

	"golang.org/x/time/rate"

	"readback/internal/retry"
)

// Backoff is the shared retry (internal/retry): full jitter, transient failures only.
type Backoff = retry.Backoff

// DefaultBackoff: four attempts, waiting at most 0.5, 1 and 2 s between them (a
// server that is down is said within seconds; the background sync tries again).
var DefaultBackoff = Backoff{Attempts: 4, Base: 250 * time.Millisecond, Max: 8 * time.Second}

// Final wraps err so that Backoff.Do returns it at once: it was retried already, one
// layer down (a Retrying remote's own request).
func Final(err error) error { return retry.Final(err) }

// Retryable tells a failure that may pass (a 5xx, throttling, a dropped
// connection) from one that will not (refused credentials, a missing object, a lost
// condition).
func Retryable(err error) bool { return retry.Retryable(err) }

func sleep(ctx context.Context, d time.Duration) error { return retry.Sleep(ctx, d) }

// Retrying is a Remote that retries transient failures with Backoff and keeps to a
// request rate, so that a sync never floods the bucket nor the laptop's uplink.
type Retrying struct {
	Remote
	Backoff Backoff
	Limit   *rate.Limiter
}

// NewRetrying wraps r: at most perSecond requests a second (bursts of burst).
func NewRetrying(r Remote, b Backoff, perSecond float64, burst int) *Retrying {
	return &Retrying{Remote: r, Backoff: b, Limit: rate.NewLimiter(rate.Limit(perSecond), burst)}
}

func (r *Retrying) do(ctx context.Context, fn func() error) error {
	return r.Backoff.Do(ctx, func() error {
		if err := r.Limit.Wait(ctx); err != nil {
			return err
		}
		return fn()
	})
}

func (r *Retrying) Head(ctx context.Context, key string) (o Object, err error) {
	err = r.do(ctx, func() error { o, err = r.Remote.Head(ctx, key); return err })
	return o, err
}

func (r *Retrying) Get(ctx context.Context, key string, off, n int64) (rc io.ReadCloser, o Object, err error) {
	err = r.do(ctx, func() error { rc, o, err = r.Remote.Get(ctx, key, off, n); return err })
	return rc, o, err
}

func (r *Retrying) Put(ctx context.Context, key string, body io.ReaderAt, size int64, opt PutOptions) (o Object, err error) {
	err = r.do(ctx, func() error { o, err = r.Remote.Put(ctx, key, body, size, opt); return err })
	return o, err
}

func (r *Retrying) List(ctx context.Context, prefix string) (l []Object, err error) {
	err = r.do(ctx, func() error { l, err = r.Remote.List(ctx, prefix); return err })
	return l, err
}

func (r *Retrying) Delete(ctx context.Context, key string) error {
	return r.do(ctx, func() error { return r.Remote.Delete(ctx, key) })
}

// CredentialsExpire passes the question to the remote within.
func (r *Retrying) CredentialsExpire(ctx context.Context) (time.Time, bool) {
	if e, ok := r.Remote.(Expirer); ok {
		return e.CredentialsExpire(ctx)
	}
	return time.Time{}, false
}
