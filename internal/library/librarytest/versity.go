package librarytest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"readback/internal/tts/polly/pollytest"
)

// Versity is a real S3-compatible server (versitygw, posix backend) on loopback,
// for one test.
type Versity struct {
	Endpoint       string
	Access, Secret string
	Bucket         string
	Dir            string
	addr           string
	cmd            *exec.Cmd
	tb             testing.TB
}

// VersityBinary finds versitygw: $READBACK_VERSITYGW, the PATH, or Go's bin folder
// (scripts/bootstrap installs it there).
func VersityBinary() (string, error) {
	if p := os.Getenv("READBACK_VERSITYGW"); p != "" {
		return p, nil
	}
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p, nil
	}
	for _, dir := range []string{os.Getenv("GOBIN"), goEnv("GOBIN"), filepath.Join(goEnv("GOPATH"), "bin")} {
		if dir == "" {
			continue
		}
		if p := filepath.Join(dir, "versitygw"); fileExists(p) {
			return p, nil
		}
	}
	return "", fmt.Errorf("versitygw not found: run scripts/bootstrap (it installs github.com/versity/versitygw/cmd/versitygw@v1.8.0)")
}

func goEnv(name string) string {
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// StartVersity starts a server with one empty bucket; it stops with the test.
func StartVersity(tb testing.TB) *Versity {
	tb.Helper()
	bin, err := VersityBinary()
	if err != nil {
		tb.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	v := &Versity{Endpoint: "http://" + addr, addr: addr, Access: "readbacktest", Secret: "s3cr3t-" + fmt.Sprint(time.Now().UnixNano()),
		Bucket: "shared-library", Dir: tb.TempDir(), tb: tb}
	if err := os.Mkdir(filepath.Join(v.Dir, "root"), 0o755); err != nil {
		tb.Fatal(err)
	}
	v.start(bin)
	tb.Cleanup(func() {
		v.Kill()
		if tb.Failed() {
			if b, err := os.ReadFile(filepath.Join(v.Dir, "versitygw.log")); err == nil && len(b) > 0 {
				tb.Logf("versitygw's log:\n%s", b[max(0, len(b)-4000):])
			}
		}
	})
	c := v.Client()
	if _, err := c.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: &v.Bucket}); err != nil {
		tb.Fatalf("versitygw: create bucket: %v", err)
	}
	return v
}

func (v *Versity) start(bin string) {
	v.tb.Helper()
	// Metadata in extended attributes (no --sidecar): with a sidecar folder an
	// object's ETag and its bytes are written apart, and a GET racing a PUT can
	// answer the new ETag with the old bytes — which defeats If-Match.
	cmd := exec.Command(bin, "--port", v.addr, "--access", v.Access, "--secret", v.Secret, "--region", "us-east-1", "--quiet",
		"posix", filepath.Join(v.Dir, "root"))
	// The server's own lines go to a file, shown only when the test fails: they
	// would otherwise break up go test's output (and the benchmark lines).
	logf, err := os.OpenFile(filepath.Join(v.Dir, "versitygw.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		v.tb.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		v.tb.Fatalf("versitygw: %v", err)
	}
	v.cmd = cmd
	deadline := time.Now().Add(20 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", v.addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			v.Kill()
			v.tb.Fatalf("versitygw did not listen on %s: %v", v.addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Kill stops the server at once (SIGKILL), as a crash or a pulled cable would.
func (v *Versity) Kill() {
	if v.cmd != nil && v.cmd.Process != nil {
		v.cmd.Process.Kill()
		v.cmd.Wait()
		v.cmd = nil
	}
}

// Restart starts the server again on the same address and data.
func (v *Versity) Restart() {
	v.tb.Helper()
	v.Kill()
	bin, err := VersityBinary()
	if err != nil {
		v.tb.Fatal(err)
	}
	v.start(bin)
}

// Credentials are the server's access key and secret.
func (v *Versity) Credentials() aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(v.Access, v.Secret, "")
}

// Client is a bare SDK client of the server, for set-up and for comparisons.
func (v *Versity) Client() *s3.Client {
	return s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String(v.Endpoint), UsePathStyle: true,
		Credentials:                v.Credentials(),
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired})
}

// Polly starts a stand-in for Amazon Polly's task API that writes its results into
// this server, as Polly writes into the bucket it is given; it stops with the test.
func (v *Versity) Polly(tb testing.TB) (*pollytest.Server, string) {
	fake := &pollytest.Server{Put: func(ctx context.Context, bucket, key string, data []byte) error {
		_, err := v.Client().PutObject(ctx, &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: bytes.NewReader(data)})
		return err
	}}
	srv := httptest.NewServer(fake)
	tb.Cleanup(srv.Close)
	return fake, srv.URL
}
