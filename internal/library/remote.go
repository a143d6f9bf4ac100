package library

import (
	"context"
	"errors"
	"io"
	"time"

	"readback/internal/retry"
)

// Remote is a bucket prefix: the few object operations the shared library needs.
// Every implementation passes librarytest.Run; the S3 one talks to any
// S3-compatible store, the memory one serves tests and dry runs.
type Remote interface {
	// Head describes key, or fails with ErrNotFound.
	Head(ctx context.Context, key string) (Object, error)
	// Get reads n bytes of key from off (n < 0: to the end).
	Get(ctx context.Context, key string, off, n int64) (io.ReadCloser, Object, error)
	// Put writes size bytes from body under key. With IfNoneMatch the object must
	// not exist yet, with IfMatch it must still have that ETag; otherwise
	// ErrPrecondition and nothing is written. The object appears whole or not at all.
	Put(ctx context.Context, key string, body io.ReaderAt, size int64, opt PutOptions) (Object, error)
	// List returns the objects under prefix, in key order.
	List(ctx context.Context, prefix string) ([]Object, error)
	// Delete removes key; removing what is not there is no error.
	Delete(ctx context.Context, key string) error
	// Presign returns an address that reads key without credentials until expires.
	Presign(ctx context.Context, key string, expires time.Duration) (string, error)
}

// Expirer is a remote whose presigned addresses die with its credentials.
type Expirer interface {
	CredentialsExpire(ctx context.Context) (time.Time, bool)
}

// Object is what a remote tells of one object.
type Object struct {
	Key  string
	Size int64
	ETag string
	// SHA256 is the hex digest the uploader recorded in the object's metadata
	// ("" when none was): a hint, verified against the bytes before use.
	SHA256 string
}

// PutOptions are the conditions and metadata of a write.
type PutOptions struct {
	IfNoneMatch bool   // create only
	IfMatch     string // replace only this version
	SHA256      string // recorded in the object's metadata
	ContentType string
	// Progress is told the bytes sent so far (may be nil).
	Progress func(done, total int64)
}

var (
	// ErrNotFound: no object under the key (or no bucket).
	ErrNotFound = errors.New("not found")
	// ErrPrecondition: a conditional write lost: the object exists, or changed.
	ErrPrecondition = errors.New("precondition failed")
	// ErrDenied: the credentials were refused.
	ErrDenied = errors.New("access denied")
	// ErrNoBucket: the bucket does not exist, or these credentials cannot see it.
	ErrNoBucket = errors.New("the bucket does not exist")
	// ErrNoCredentials: the AWS chain found no credentials at all (an ErrDenied).
	ErrNoCredentials = errors.New("no AWS credentials were found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, run 'aws sso login', or name a profile in the settings")
	// ErrTransient: worth trying again (5xx, throttling, a broken connection).
	ErrTransient = retry.ErrTransient
)

// remoteError keeps the category a caller tests with errors.Is and the cause for
// the message. The cause must never hold a secret: remotes build it from status
// codes and error codes only.
type remoteError struct {
	kind  error
	op    string
	key   string
	cause error
}

func (e *remoteError) Error() string {
	msg := e.op + " " + e.key + ": " + e.kind.Error()
	if e.cause != nil {
		msg += ": " + e.cause.Error()
	}
	return msg
}

func (e *remoteError) Is(target error) bool { return target == e.kind }
func (e *remoteError) Unwrap() error        { return e.cause }
