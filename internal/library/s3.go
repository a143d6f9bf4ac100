package library

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"readback/internal/cloud"
)

// S3Config says where the shared library is. It holds no secret: credentials come
// from the AWS chain (environment, shared files, SSO, instance roles) or a named
// profile in the shared files, so that nothing secret is ever stored in the library.
type S3Config struct {
	Endpoint  string `json:"endpoint"` // "" for AWS itself
	Region    string `json:"region"`
	Bucket    string `json:"bucket"`
	Prefix    string `json:"prefix"` // a folder in the bucket, "" for its root
	PathStyle bool   `json:"path_style"`
	Profile   string `json:"profile"` // a profile of the shared AWS files, "" for the default chain
}

// Validate checks the settings before any connection is tried.
func (c *S3Config) Validate() error {
	c.Endpoint, c.Region, c.Bucket = strings.TrimSpace(c.Endpoint), strings.TrimSpace(c.Region), strings.TrimSpace(c.Bucket)
	c.Prefix = strings.Trim(strings.TrimSpace(c.Prefix), "/")
	switch {
	case c.Bucket == "":
		return fmt.Errorf("the shared library needs a bucket name")
	case len(c.Bucket) < 3 || len(c.Bucket) > 63 || strings.ContainsAny(c.Bucket, "/ \\"):
		return fmt.Errorf("%q is not a bucket name (3–63 characters, no slashes or spaces)", c.Bucket)
	case c.Endpoint != "" && !strings.HasPrefix(c.Endpoint, "https://") && !strings.HasPrefix(c.Endpoint, "http://"):
		return fmt.Errorf("the endpoint %q must start with https:// (or http:// for a server on this machine)", c.Endpoint)
	}
	if c.Endpoint != "" {
		// A user name, password, query or fragment has no place in it (and a
		// secret written there would be stored and shown).
		u, err := url.Parse(c.Endpoint)
		if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
			return fmt.Errorf("the endpoint must be just https://HOST[:PORT][/PATH], without credentials or a query")
		}
	}
	if c.Prefix != "" {
		if err := CheckKey(c.Prefix); err != nil {
			return fmt.Errorf("the folder in the bucket: %w", err)
		}
	}
	if c.Region == "" {
		c.Region = "us-east-1"
	}
	return nil
}

// S3 is a Remote on an S3-compatible bucket, through aws-sdk-go-v2. Uploads above
// MultipartAbove are multipart (parts in parallel, each retried alone), written by
// hand rather than with the SDK's upload manager so that the completion itself can
// be conditional (If-None-Match / If-Match) and parts can be retried one by one.
type S3 struct {
	client *s3.Client
	bucket string
	prefix string // "" or ending in "/"

	MultipartAbove int64
	PartSize       int64
	PartWorkers    int
	Backoff        Backoff // for parts
}

var _ Remote = (*S3)(nil)

// S3Options tune a connection (tests shorten the timeouts).
type S3Options struct {
	// Credentials replaces the AWS chain (tests and benchmarks); nil uses the chain.
	Credentials aws.CredentialsProvider
	// HeaderTimeout bounds the wait for a response's headers (default 30 s).
	HeaderTimeout time.Duration
}

// NewS3 connects (lazily: no request is made) to the bucket of cfg.
func NewS3(ctx context.Context, cfg S3Config, opt S3Options) (*S3, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if opt.HeaderTimeout <= 0 {
		opt.HeaderTimeout = 30 * time.Second
	}
	httpClient := awshttp.NewBuildableClient().WithTransportOptions(func(tr *http.Transport) {
		tr.ResponseHeaderTimeout = opt.HeaderTimeout
		tr.MaxIdleConnsPerHost = 16
	})
	awsCfg, err := cloud.Config(ctx, cfg.Region, cfg.Profile, awsconfig.WithHTTPClient(httpClient))
	if err != nil {
		return nil, err
	}
	client := s3.NewFromConfig(awsCfg, func(o *s3.Options) {
		if cfg.Endpoint != "" {
			o.BaseEndpoint = aws.String(cfg.Endpoint)
		}
		o.UsePathStyle = cfg.PathStyle
		// S3-compatible stores differ in the checksums they accept; ours is SHA-256
		// in the metadata, verified on download.
		o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
		if opt.Credentials != nil {
			o.Credentials = opt.Credentials
		}
	})
	prefix := cfg.Prefix
	if prefix != "" {
		prefix += "/"
	}
	return &S3{client: client, bucket: cfg.Bucket, prefix: prefix,
		MultipartAbove: 16 << 20, PartSize: 8 << 20, PartWorkers: 4, Backoff: DefaultBackoff}, nil
}

func (s *S3) full(key string) string { return s.prefix + key }

// classify turns an SDK error into one of the package's kinds. The cause keeps only
// the service's error code and HTTP status, or the network failure: never a
// message the server wrote, never anything of the request's signature.
func classify(ctx context.Context, op, key string, err error) error {
	if err == nil {
		return nil
	}
	// The caller's own end (a cancel, its deadline) is not the network's: net/http's
	// header timeout also reports itself as a deadline, and that one is retried.
	if ctx.Err() != nil {
		return fmt.Errorf("%s %s: %w", op, key, ctx.Err())
	}
	status, code := cloud.Response(err)
	var nsk *types.NoSuchKey
	var nf *types.NotFound
	var nsb *types.NoSuchBucket
	kind := error(nil)
	switch {
	// versitygw answers an unknown access key with 404 XAdminUserNotFound.
	case code == "InvalidAccessKeyId" || code == "SignatureDoesNotMatch" || code == "AccessDenied" || code == "XAdminUserNotFound" ||
		code == "InvalidToken" || code == "ExpiredToken" || status == 401 || status == 403:
		kind = ErrDenied
	case errors.As(err, &nsb) || code == "NoSuchBucket":
		kind = ErrNoBucket
	case errors.As(err, &nsk) || errors.As(err, &nf) || status == 404:
		kind = ErrNotFound
	case code == "PreconditionFailed" || code == "ConditionalRequestConflict" || status == 412 || status == 409:
		kind = ErrPrecondition
	case status == 429 || status >= 500 || code == "SlowDown" || code == "RequestTimeout" || code == "Throttling":
		kind = ErrTransient
	}
	if kind != nil {
		var cause error
		if code != "" {
			cause = fmt.Errorf("%s (HTTP %d)", code, status)
		} else if status != 0 {
			cause = fmt.Errorf("HTTP %d", status)
		}
		return &remoteError{kind: kind, op: op, key: key, cause: cause}
	}
	if status == 0 {
		// No answer at all: the connection was refused, reset or timed out. A
		// certificate that does not verify or a malformed address is not that: it
		// would fail again, and its cause is said.
		var ne net.Error
		var oe *net.OpError
		if errors.As(err, &oe) || (errors.As(err, &ne) && ne.Timeout()) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return &remoteError{kind: ErrTransient, op: op, key: key, cause: netCause(err)}
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			return fmt.Errorf("%s %s: the server could not be reached: %v", op, key, ue.Err)
		}
	}
	if status == 0 && strings.Contains(err.Error(), "get identity: get credentials") {
		// The SDK has no type for "the chain found nothing"; its message is stable.
		return &remoteError{kind: ErrDenied, op: op, key: key, cause: ErrNoCredentials}
	}
	if code != "" {
		return fmt.Errorf("%s %s: %s (HTTP %d)", op, key, code, status)
	}
	return fmt.Errorf("%s %s: %w", op, key, err)
}

// netCause names a network failure without the request it was part of.
func netCause(err error) error {
	var oe *net.OpError
	if errors.As(err, &oe) {
		return fmt.Errorf("%s %s: %v", oe.Op, oe.Addr, oe.Err)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return errors.New("the connection closed early")
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return errors.New("no answer in time")
	}
	return errors.New("network error")
}

func (s *S3) Head(ctx context.Context, key string) (Object, error) {
	out, err := s.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &s.bucket, Key: aws.String(s.full(key))})
	if err != nil {
		return Object{}, classify(ctx, "head", key, err)
	}
	return Object{Key: key, Size: aws.ToInt64(out.ContentLength), ETag: aws.ToString(out.ETag), SHA256: out.Metadata["sha256"]}, nil
}

func (s *S3) Get(ctx context.Context, key string, off, n int64) (io.ReadCloser, Object, error) {
	in := &s3.GetObjectInput{Bucket: &s.bucket, Key: aws.String(s.full(key))}
	if off > 0 || n >= 0 {
		r := "bytes=" + strconv.FormatInt(off, 10) + "-"
		if n >= 0 {
			r += strconv.FormatInt(off+n-1, 10)
		}
		in.Range = &r
	}
	out, err := s.client.GetObject(ctx, in)
	if err != nil {
		return nil, Object{}, classify(ctx, "get", key, err)
	}
	size := aws.ToInt64(out.ContentLength)
	if cr := aws.ToString(out.ContentRange); cr != "" {
		if i := strings.LastIndexByte(cr, '/'); i >= 0 {
			if total, err := strconv.ParseInt(cr[i+1:], 10, 64); err == nil {
				size = total
			}
		}
	}
	return out.Body, Object{Key: key, Size: size, ETag: aws.ToString(out.ETag), SHA256: out.Metadata["sha256"]}, nil
}

func (s *S3) meta(opt PutOptions) map[string]string {
	if opt.SHA256 == "" {
		return nil
	}
	return map[string]string{"sha256": opt.SHA256}
}

func (s *S3) Put(ctx context.Context, key string, body io.ReaderAt, size int64, opt PutOptions) (Object, error) {
	if size > s.MultipartAbove {
		return s.putMultipart(ctx, key, body, size, opt)
	}
	in := &s3.PutObjectInput{Bucket: &s.bucket, Key: aws.String(s.full(key)), Body: io.NewSectionReader(body, 0, size),
		ContentLength: aws.Int64(size), Metadata: s.meta(opt)}
	if opt.ContentType != "" {
		in.ContentType = &opt.ContentType
	}
	if opt.IfNoneMatch {
		in.IfNoneMatch = aws.String("*")
	}
	if opt.IfMatch != "" {
		in.IfMatch = aws.String(opt.IfMatch)
	}
	out, err := s.client.PutObject(ctx, in)
	if err != nil {
		return Object{}, classify(ctx, "put", key, err)
	}
	if opt.Progress != nil {
		opt.Progress(size, size)
	}
	return Object{Key: key, Size: size, ETag: aws.ToString(out.ETag), SHA256: opt.SHA256}, nil
}

// putMultipart uploads parts in parallel and completes conditionally; on any
// failure the upload is aborted, so no part of it is ever visible as the object.
func (s *S3) putMultipart(ctx context.Context, key string, body io.ReaderAt, size int64, opt PutOptions) (obj Object, err error) {
	full := s.full(key)
	in := &s3.CreateMultipartUploadInput{Bucket: &s.bucket, Key: &full, Metadata: s.meta(opt)}
	if opt.ContentType != "" {
		in.ContentType = &opt.ContentType
	}
	created, err := s.client.CreateMultipartUpload(ctx, in)
	if err != nil {
		return Object{}, classify(ctx, "put", key, err)
	}
	uploadID := created.UploadId
	defer func() {
		if err != nil {
			actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			s.client.AbortMultipartUpload(actx, &s3.AbortMultipartUploadInput{Bucket: &s.bucket, Key: &full, UploadId: uploadID})
			cancel()
		}
	}()
	partSize := max(s.PartSize, 5<<20)
	n := int((size + partSize - 1) / partSize)
	parts := make([]types.CompletedPart, n)
	var (
		mu       sync.Mutex
		sent     int64
		firstErr error
		wg       sync.WaitGroup
	)
	next := make(chan int)
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range max(s.PartWorkers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				off := int64(i) * partSize
				length := min(partSize, size-off)
				var etag *string
				err := s.Backoff.Do(pctx, func() error {
					out, err := s.client.UploadPart(pctx, &s3.UploadPartInput{Bucket: &s.bucket, Key: &full, UploadId: uploadID,
						PartNumber: aws.Int32(int32(i + 1)), Body: io.NewSectionReader(body, off, length), ContentLength: aws.Int64(length)})
					if err != nil {
						return classify(pctx, "put", fmt.Sprintf("%s (part %d of %d)", key, i+1, n), err)
					}
					etag = out.ETag
					return nil
				})
				mu.Lock()
				if err != nil {
					if firstErr == nil {
						firstErr = err
					}
					cancel()
				} else {
					parts[i] = types.CompletedPart{ETag: etag, PartNumber: aws.Int32(int32(i + 1))}
					sent += length
					if opt.Progress != nil {
						opt.Progress(sent, size)
					}
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-pctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return Object{}, firstErr
	}
	if err := ctx.Err(); err != nil {
		return Object{}, fmt.Errorf("put %s: %w", key, err)
	}
	cin := &s3.CompleteMultipartUploadInput{Bucket: &s.bucket, Key: &full, UploadId: uploadID,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: parts}}
	if opt.IfNoneMatch {
		cin.IfNoneMatch = aws.String("*")
	}
	if opt.IfMatch != "" {
		cin.IfMatch = aws.String(opt.IfMatch)
	}
	out, err := s.client.CompleteMultipartUpload(ctx, cin)
	if err != nil {
		return Object{}, classify(ctx, "put", key, err)
	}
	return Object{Key: key, Size: size, ETag: aws.ToString(out.ETag), SHA256: opt.SHA256}, nil
}

func (s *S3) List(ctx context.Context, prefix string) ([]Object, error) {
	var out []Object
	p := s3.NewListObjectsV2Paginator(s.client, &s3.ListObjectsV2Input{Bucket: &s.bucket, Prefix: aws.String(s.full(prefix))})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, classify(ctx, "list", prefix, err)
		}
		for _, o := range page.Contents {
			out = append(out, Object{Key: strings.TrimPrefix(aws.ToString(o.Key), s.prefix), Size: aws.ToInt64(o.Size), ETag: aws.ToString(o.ETag)})
		}
	}
	return out, nil
}

func (s *S3) Delete(ctx context.Context, key string) error {
	_, err := s.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &s.bucket, Key: aws.String(s.full(key))})
	if err := classify(ctx, "delete", key, err); err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	return nil
}

// MaxPresign is the longest a presigned address may live under SigV4.
const MaxPresign = 7 * 24 * time.Hour

func (s *S3) Presign(ctx context.Context, key string, expires time.Duration) (string, error) {
	if expires <= 0 || expires > MaxPresign {
		return "", fmt.Errorf("a shared address lives between 1 second and 7 days, not %s", expires)
	}
	req, err := s3.NewPresignClient(s.client).PresignGetObject(ctx, &s3.GetObjectInput{Bucket: &s.bucket, Key: aws.String(s.full(key))},
		s3.WithPresignExpires(expires))
	if err != nil {
		return "", classify(ctx, "presign", key, err)
	}
	return req.URL, nil
}

// CredentialsExpire tells when the credentials in use stop working (temporary
// ones: SSO, roles), after which a presigned address stops working too.
func (s *S3) CredentialsExpire(ctx context.Context) (time.Time, bool) {
	c, err := s.client.Options().Credentials.Retrieve(ctx)
	if err != nil || !c.CanExpire {
		return time.Time{}, false
	}
	return c.Expires, true
}
