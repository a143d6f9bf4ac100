// Package notifytest is a stand-in for the desktop's notification service: a
// private session bus (dbus-daemon) and a service owning org.freedesktop.Notifications
// on it that records every notification it is sent.
package notifytest

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
)

// Notification is one call to Notify, as the service received it.
type Notification struct {
	App     string            `json:"app"`
	Icon    string            `json:"icon"`
	Summary string            `json:"summary"`
	Body    string            `json:"body"`
	Hints   map[string]string `json:"hints"`
	Timeout int32             `json:"timeout"`
}

// Fake is the notification service.
type Fake struct {
	mu   sync.Mutex
	got  []Notification
	next uint32
	// OnNotify, when set, is told of each notification as it arrives.
	OnNotify func(Notification)
}

// Notify implements org.freedesktop.Notifications.Notify.
func (f *Fake) Notify(app string, replaces uint32, icon, summary, body string, actions []string,
	hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	n := Notification{App: app, Icon: icon, Summary: summary, Body: body, Hints: map[string]string{}, Timeout: timeout}
	for k, v := range hints {
		n.Hints[k] = fmt.Sprint(v.Value())
	}
	f.mu.Lock()
	f.got = append(f.got, n)
	f.next++
	id := f.next
	cb := f.OnNotify
	f.mu.Unlock()
	if cb != nil {
		cb(n)
	}
	return id, nil
}

// GetCapabilities implements the method of the same name.
func (f *Fake) GetCapabilities() ([]string, *dbus.Error) { return []string{"body"}, nil }

// GetServerInformation implements the method of the same name.
func (f *Fake) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "notifytest", "readback", "1", "1.2", nil
}

// CloseNotification implements the method of the same name.
func (f *Fake) CloseNotification(uint32) *dbus.Error { return nil }

// Received returns the notifications so far.
func (f *Fake) Received() []Notification {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Notification(nil), f.got...)
}

// Serve exports f on conn and takes the service's name.
func Serve(conn *dbus.Conn, f *Fake) error {
	if err := conn.Export(f, "/org/freedesktop/Notifications", "org.freedesktop.Notifications"); err != nil {
		return err
	}
	reply, err := conn.RequestName("org.freedesktop.Notifications", dbus.NameFlagDoNotQueue)
	if err != nil {
		return err
	}
	if reply != dbus.RequestNameReplyPrimaryOwner {
		return fmt.Errorf("notifytest: org.freedesktop.Notifications is taken")
	}
	return nil
}

// Bus is a private session bus.
type Bus struct {
	Address string
	cmd     *exec.Cmd
}

// busConfig is a session bus that starts no service of its own: the machine's
// notification daemon (dunst, mako, a desktop's) is never activated in a test.
const busConfig = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=%s</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`

// StartBus starts dbus-daemon on a socket in dir, with no service directories.
func StartBus(dir string) (*Bus, error) {
	socket := filepath.Join(dir, "bus")
	conf := filepath.Join(dir, "bus.conf")
	if err := os.WriteFile(conf, []byte(fmt.Sprintf(busConfig, socket)), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command("dbus-daemon", "--config-file="+conf, "--nofork", "--nopidfile", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("notifytest: start dbus-daemon: %w", err)
	}
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(out).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case addr := <-line:
		if addr == "" {
			cmd.Process.Kill()
			cmd.Wait()
			return nil, fmt.Errorf("notifytest: dbus-daemon printed no address")
		}
		return &Bus{Address: addr, cmd: cmd}, nil
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		return nil, fmt.Errorf("notifytest: dbus-daemon did not start")
	}
}

// Close stops the bus.
func (b *Bus) Close() {
	b.cmd.Process.Signal(os.Interrupt)
	b.cmd.Process.Kill()
	b.cmd.Wait()
}
