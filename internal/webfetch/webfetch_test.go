package webfetch

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"readback/internal/fault"
)

func serve(t *testing.T, h http.HandlerFunc) string {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s.URL
}

func wantErr(t *testing.T, err error, code fault.Code, contains string) {
	t.Helper()
	if err == nil || fault.CodeOf(err) != code || !strings.Contains(err.Error(), contains) {
		t.Fatalf("got %v (%s), want %s containing %q", err, fault.CodeOf(err), code, contains)
	}
}

// An address on this machine is refused unless allowed, whether given as an IP or
// as a name that resolves to one; allowed, the page comes back with its final address.
func TestPrivateAddresses(t *testing.T) {
	url := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<p>hello</p>"))
	})
	_, err := (&Fetcher{}).Fetch(context.Background(), url)
	wantErr(t, err, fault.Invalid, "is on this computer or its private network")
	_, err = (&Fetcher{}).Fetch(context.Background(), strings.Replace(url, "127.0.0.1", "localhost", 1))
	wantErr(t, err, fault.Invalid, "is on this computer or its private network")
	p, err := (&Fetcher{AllowPrivate: true}).Fetch(context.Background(), url+"/a")
	if err != nil {
		t.Fatal(err)
	}
	if string(p.Body) != "<p>hello</p>" || p.ContentType != "text/html" || p.URL != url+"/a" {
		t.Fatalf("%+v", p)
	}
}

func TestPublic(t *testing.T) {
	for addr, want := range map[string]bool{
		"93.184.215.14": true, "2606:4700::1111": true,
		"127.0.0.1": false, "10.1.2.3": false, "172.16.0.9": false, "192.168.1.1": false, "169.254.169.254": false,
		"100.64.0.1": false, "0.0.0.0": false, "::1": false, "fc00::1": false, "fe80::1": false, "::ffff:127.0.0.1": false,
		"224.0.0.1": false, "64:ff9b::a9fe:a9fe": false, "64:ff9b::5db8:d70e": true, "2002:c0a8:0101::1": false, "fec0::1": false,
	} {
		if got := Public(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Public(%s) = %v", addr, got)
		}
	}
}

func TestRefusals(t *testing.T) {
	f := &Fetcher{AllowPrivate: true, MaxBytes: 1000, Timeout: 500 * time.Millisecond}
	loop := serve(t, func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, r.URL.Path+"x", http.StatusFound) })
	_, err := f.Fetch(context.Background(), loop)
	wantErr(t, err, fault.Invalid, "more than 5 redirects")

	big := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		if r.URL.Path == "/chunked" {
			w.(http.Flusher).Flush() // no length announced: the limit holds while reading
		}
		w.Write([]byte(strings.Repeat("<p>words</p>", 500)))
	})
	_, err = f.Fetch(context.Background(), big)
	wantErr(t, err, fault.TooLarge, "larger than")
	_, err = f.Fetch(context.Background(), big+"/chunked")
	wantErr(t, err, fault.TooLarge, "larger than")

	release := make(chan struct{})
	slow := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	_, err = f.Fetch(context.Background(), slow)
	wantErr(t, err, fault.Unavailable, "no complete answer within 500ms")

	png := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG"))
	})
	_, err = f.Fetch(context.Background(), png)
	wantErr(t, err, fault.Invalid, "gives image/png")

	missing := serve(t, http.NotFound)
	_, err = f.Fetch(context.Background(), missing)
	wantErr(t, err, fault.Unavailable, "answered 404 Not Found")

	_, err = f.Fetch(context.Background(), "ftp://example.com/a")
	wantErr(t, err, fault.Invalid, "only http and https")
	_, err = f.Fetch(context.Background(), "https://writer:secret@example.com/a")
	wantErr(t, err, fault.Invalid, "user name or password")
	if strings.Contains(err.Error(), "secret") {
		t.Fatal("the message repeats the password")
	}
	_, err = f.Fetch(context.Background(), "notes.md")
	wantErr(t, err, fault.Invalid, "is not a web address")
}
