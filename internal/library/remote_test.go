package library_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"readback/internal/library"
	"readback/internal/library/librarytest"
)

func TestMemRemote(t *testing.T) {
	librarytest.Run(t, func(t *testing.T) library.Remote {
		m := library.NewMem()
		srv := httptest.NewServer(m)
		t.Cleanup(srv.Close)
		m.BaseURL = srv.URL
		return m
	}, 12<<20)
}

// newS3 connects to the server's bucket under a folder of its own, with parts
// small enough that the suite's large object goes in several.
func newS3(t testing.TB, v *librarytest.Versity, prefix string) *library.S3 {
	t.Helper()
	r, err := library.NewS3(context.Background(), library.S3Config{Endpoint: v.Endpoint, Bucket: v.Bucket, Prefix: prefix, PathStyle: true},
		library.S3Options{Credentials: v.Credentials()})
	if err != nil {
		t.Fatal(err)
	}
	r.MultipartAbove, r.PartSize = 6<<20, 5<<20
	return r
}

func TestS3Remote(t *testing.T) {
	v := librarytest.StartVersity(t)
	n := 0
	librarytest.Run(t, func(t *testing.T) library.Remote {
		n++
		return newS3(t, v, "team/"+string(rune('a'+n)))
	}, 12<<20)
}
