// Command fakenotifyd owns org.freedesktop.Notifications on the session bus
// (DBUS_SESSION_BUS_ADDRESS) and appends every notification it receives, as a JSON
// line, to the file its one argument names. The end-to-end tests run it on a
// private bus beside the app; it is never installed.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/godbus/dbus/v5"

	"readback/internal/desktop/notifytest"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: fakenotifyd LOG.jsonl")
		os.Exit(2)
	}
	log, err := os.OpenFile(os.Args[1], os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	f := &notifytest.Fake{OnNotify: func(n notifytest.Notification) {
		b, _ := json.Marshal(n)
		log.Write(append(b, '\n'))
		log.Sync()
	}}
	if err := notifytest.Serve(conn, f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("ready")
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
}
