// Package webfetch fetches a manuscript by its address, as a careful client: http and
// https only, no proxy, a bounded size, time and number of redirects, only the
// content types Readback reads, and never an address on this machine or its private
// network unless the writer allows it. The check is made on the address actually
// connected to, after DNS, so a name that resolves (or re-resolves) to a private
// address is refused too.
package webfetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"readback/internal/fault"
)

// Fetcher fetches pages. Its zero value is usable with the defaults below.
type Fetcher struct {
	// AllowPrivate lets the fetcher reach loopback, private and link-local addresses
	// (a draft served on the writer's own network; the tests' local server).
	AllowPrivate bool
	MaxBytes     int64         // body size; default 20 MB
	Timeout      time.Duration // the whole fetch, redirects included; default 30 s
	MaxRedirects int           // default 5
	UserAgent    string
	Now          func() time.Time // the clock FetchedAt is read from; time.Now when nil
}

// Page is what was fetched.
type Page struct {
	URL         string // after redirects
	ContentType string // the media type, without parameters
	Body        []byte
	FetchedAt   time.Time
}

// Readable lists the media types a page may have; anything else is refused.
var Readable = map[string]bool{
	"text/html": true, "application/xhtml+xml": true, "text/plain": true, "text/markdown": true,
	"application/pdf": true, "application/epub+zip": true,
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": true,
}

// ErrNotAllowed marks an address the fetcher refuses to connect to.
var ErrNotAllowed = errors.New("address not allowed")

// Check parses an address as a writer may type it and refuses what is never fetched.
func Check(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, fault.New(fault.Invalid, "%q is not a web address (it should start with https://)", raw)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fault.New(fault.Invalid, "%s: only http and https addresses are fetched", raw)
	}
	if u.User != nil {
		return nil, fault.New(fault.Invalid, "%s: an address with a user name or password in it is not fetched", u.Redacted())
	}
	return u, nil
}

// IsAddress reports whether s looks like a web address rather than a file name.
func IsAddress(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// Fetch gets the page at raw.
func (f *Fetcher) Fetch(ctx context.Context, raw string) (*Page, error) {
	u, err := Check(raw)
	if err != nil {
		return nil, err
	}
	maxBytes, timeout, redirects := f.MaxBytes, f.Timeout, f.MaxRedirects
	if maxBytes <= 0 {
		maxBytes = 20 << 20
	}
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	if redirects <= 0 {
		redirects = 5
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	dialer := &net.Dialer{Timeout: 10 * time.Second, Control: f.control}
	client := &http.Client{
		Transport: &http.Transport{
			Proxy:                  nil, // a proxy would be the address checked, not the page's
			DialContext:            dialer.DialContext,
			TLSHandshakeTimeout:    10 * time.Second,
			ResponseHeaderTimeout:  15 * time.Second,
			MaxResponseHeaderBytes: 1 << 20,
			DisableKeepAlives:      true, // one page, then nothing left open
			ForceAttemptHTTP2:      true,
		},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > redirects {
				return fault.New(fault.Invalid, "%s: more than %d redirects (a redirect loop?)", u.Redacted(), redirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fault.New(fault.Invalid, "%s: redirected to a %s address, which is not fetched", u.Redacted(), req.URL.Scheme)
			}
			return nil
		},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fault.Wrap(err, fault.Invalid, "%s: %v", u.Redacted(), err)
	}
	agent := f.UserAgent
	if agent == "" {
		agent = "Readback (a narration studio; fetches one page a writer asked for)"
	}
	req.Header.Set("User-Agent", agent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,text/plain;q=0.8,application/pdf;q=0.8,*/*;q=0.1")
	resp, err := client.Do(req)
	if err != nil {
		return nil, f.explain(ctx, u, err, timeout)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fault.New(fault.Unavailable, "%s: the server answered %s", u.Redacted(), resp.Status)
	}
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if ct == "" {
		ct = "text/html"
	}
	if !Readable[ct] {
		return nil, fault.New(fault.Invalid, "%s: the address gives %s, not a page or a manuscript Readback reads", u.Redacted(), ct)
	}
	if resp.ContentLength > maxBytes {
		return nil, tooLarge(u, maxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBytes+1))
	if err != nil {
		return nil, f.explain(ctx, u, err, timeout)
	}
	if int64(len(body)) > maxBytes {
		return nil, tooLarge(u, maxBytes)
	}
	now := time.Now
	if f.Now != nil {
		now = f.Now
	}
	return &Page{URL: resp.Request.URL.String(), ContentType: ct, Body: body, FetchedAt: now()}, nil
}

func tooLarge(u *url.URL, max int64) error {
	return fault.New(fault.TooLarge, "%s: the page is larger than %s, the most fetched", u.Redacted(), humanSize(max))
}

func humanSize(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", max(n>>10, 1))
}

// explain turns a transport error into the writer's terms.
func (f *Fetcher) explain(ctx context.Context, u *url.URL, err error, timeout time.Duration) error {
	var fe *fault.Error
	switch {
	case errors.As(err, &fe):
		return fe
	case errors.Is(err, ErrNotAllowed):
		return fault.Wrap(err, fault.Invalid, "%s: the address is on this computer or its private network, which is not fetched (Settings → Import allows it)", u.Redacted())
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fault.Wrap(err, fault.Unavailable, "%s: no complete answer within %s", u.Redacted(), timeout)
	case ctx.Err() != nil:
		return fault.Wrap(err, fault.Invalid, "fetching %s was cancelled", u.Redacted())
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return fault.Wrap(err, fault.Unavailable, "%s: the name %s could not be found (offline?)", u.Redacted(), dns.Name)
	}
	return fault.Wrap(err, fault.Unavailable, "%s: %v", u.Redacted(), err)
}

// control refuses, at connect time, the addresses that are not the public internet.
func (f *Fetcher) control(network, address string, _ syscall.RawConn) error {
	if f.AllowPrivate {
		return nil
	}
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return err
	}
	if !Public(ip) {
		return fmt.Errorf("%w: %s", ErrNotAllowed, ip)
	}
	return nil
}

// Public reports whether ip is on the public internet: not loopback, private (RFC 1918,
// unique local), link-local, shared (RFC 6598), multicast or unspecified.
func Public(ip netip.Addr) bool {
	ip = ip.Unmap()
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(ip) {
			return false
		}
	}
	// An IPv4 address carried inside an IPv6 one (NAT64, 6to4) is judged as itself.
	if ip.Is6() {
		b := ip.As16()
		switch {
		case netip.MustParsePrefix("64:ff9b::/96").Contains(ip):
			return Public(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
		case netip.MustParsePrefix("2002::/16").Contains(ip):
			return Public(netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}))
		}
	}
	return true
}

var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("fec0::/10"), // site-local, deprecated but routed by some
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"), // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b:1::/48"),
}
