// Command fakepolly serves the Polly stand-in (pollytest.Speech) on a loopback port
// for the window's end-to-end tests: it prints its address on the first line, and
// accepts only the access key it is given.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"time"

	"readback/internal/tts/polly/pollytest"
)

func main() {
	key := flag.String("access-key", "", "the only access key accepted")
	latency := flag.Duration("latency", 0, "wait before each answer")
	flag.Parse()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("http://%s\n", ln.Addr())
	os.Stdout.Sync()
	srv := &http.Server{Handler: &pollytest.Speech{AccessKey: *key, Latency: *latency}, ReadHeaderTimeout: 10 * time.Second}
	log.Fatal(srv.Serve(ln))
}
