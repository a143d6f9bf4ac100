package library_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"readback/internal/library"
	"readback/internal/library/librarytest"
)

// BenchmarkTransfers moves a 64 MB voice file through a local versitygw: Readback's
// upload (multipart, conditional, SHA-256 in the metadata) and download (ranged,
// hashed, verified, written to a temporary name, synced and renamed), beside the
// bare SDK doing a plain PutObject and a GetObject copied to a file, in the same
// run; and a download resumed from half, which fetches only the other half.
// scripts/bench-shared prints the ratios.
func BenchmarkTransfers(b *testing.B) {
	ctx := context.Background()
	v := librarytest.StartVersity(b)
	const size = 64 << 20
	data := librarytest.Bytes(size, 64)
	dir := b.TempDir()
	src := filepath.Join(dir, "voice.onnx")
	if err := os.WriteFile(src, data, 0o644); err != nil {
		b.Fatal(err)
	}
	sum := librarytest.Sum(data)
	r, err := library.NewS3(ctx, library.S3Config{Endpoint: v.Endpoint, Bucket: v.Bucket, PathStyle: true}, library.S3Options{Credentials: v.Credentials()})
	if err != nil {
		b.Fatal(err)
	}
	c := library.NewClient(r)
	bare := v.Client()
	want := library.Want{Size: size, SHA256: sum}
	if _, err := c.UploadFile(ctx, "voices/bench/files/"+sum, src, library.PutOptions{IfNoneMatch: true}); err != nil {
		b.Fatal(err)
	}

	b.Run("upload/readback", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			b.StopTimer()
			r.Delete(ctx, "voices/bench/up")
			b.StartTimer()
			if _, err := c.UploadFile(ctx, "voices/bench/up", src, library.PutOptions{IfNoneMatch: true}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("upload/sdk", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			f, _ := os.Open(src)
			_, err := bare.PutObject(ctx, &s3.PutObjectInput{Bucket: &v.Bucket, Key: aws.String("bare/voice.onnx"), Body: f, ContentLength: aws.Int64(size)})
			f.Close()
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("download/readback", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			dest := filepath.Join(dir, "got.onnx")
			os.Remove(dest)
			if err := c.Download(ctx, "voices/bench/files/"+sum, dest, want, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("download/sdk", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			out, err := bare.GetObject(ctx, &s3.GetObjectInput{Bucket: &v.Bucket, Key: aws.String("voices/bench/files/" + sum)})
			if err != nil {
				b.Fatal(err)
			}
			f, _ := os.Create(filepath.Join(dir, "bare.onnx"))
			_, err = io.Copy(f, out.Body)
			out.Body.Close()
			f.Close()
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("download/resumed-from-half", func(b *testing.B) {
		var fetched int64
		for b.Loop() {
			dest := filepath.Join(dir, "half.onnx")
			os.Remove(dest)
			b.StopTimer()
			os.WriteFile(dest+".part", data[:size/2], 0o644)
			b.StartTimer()
			first := int64(-1)
			err := c.Download(ctx, "voices/bench/files/"+sum, dest, want, func(_ string, done, _ int64) {
				if first < 0 {
					first = done
				}
				fetched = done - first
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(fetched)/(1<<20), "MiB-fetched")
	})
}
