// Command fakenotifyd starts a private session bus (in a folder of its own, with no
// service that could be activated) and owns org.freedesktop.Notifications on it,
// appending every notification it receives, as a JSON line, to the file its one
// argument names. It prints "ready ADDRESS" once the app may connect. The
// end-to-end tests run it beside the app; it is never installed.
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
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "fakenotifyd:", err)
		os.Exit(1)
	}
}

func run(logPath string) error {
	log, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "fakenotifyd-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bus, err := notifytest.StartBus(dir)
	if err != nil {
		return err
	}
	defer bus.Close()
	conn, err := dbus.Connect(bus.Address)
	if err != nil {
		return err
	}
	defer conn.Close()
	f := &notifytest.Fake{OnNotify: func(n notifytest.Notification) {
		b, _ := json.Marshal(n)
		log.Write(append(b, '\n'))
		log.Sync()
	}}
	if err := notifytest.Serve(conn, f); err != nil {
		return err
	}
	fmt.Println("ready", bus.Address)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	return nil
}
