package desktop

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/godbus/dbus/v5"
)

// The desktop's notification service (the freedesktop.org Desktop Notifications
// specification, which GNOME, KDE, Xfce and the others implement on the session bus).
const (
	notifyName   = "org.freedesktop.Notifications"
	notifyPath   = "/org/freedesktop/Notifications"
	notifyMethod = notifyName + ".Notify"
)

// Notice is one notification.
type Notice struct {
	Summary string
	Body    string
	Urgent  bool // a failure: shown until dismissed where the desktop allows
}

// Notifier sends notifications to the desktop's notification service. It connects
// on first use and again after the connection is lost; every method is safe for
// concurrent use.
type Notifier struct {
	App  string // the application's name, as the notification shows it
	Icon string // an icon name from the theme (the package installs "readback")

	mu   sync.Mutex
	conn *dbus.Conn
}

// ErrNoNotifications: there is no session bus or no notification service on it.
var ErrNoNotifications = errors.New("the desktop has no notification service")

// Notify shows n; it does not wait for the writer to see it.
func (nt *Notifier) Notify(ctx context.Context, n Notice) error {
	conn, err := nt.connect()
	if err != nil {
		return err
	}
	urgency := byte(1) // normal
	timeout := int32(-1)
	if n.Urgent {
		urgency, timeout = 2, 0 // critical, never expires
	}
	hints := map[string]dbus.Variant{
		"urgency":       dbus.MakeVariant(urgency),
		"desktop-entry": dbus.MakeVariant("readback"),
		"category":      dbus.MakeVariant(map[bool]string{false: "transfer.complete", true: "transfer.error"}[n.Urgent]),
	}
	call := conn.Object(notifyName, notifyPath).CallWithContext(ctx, notifyMethod, 0,
		nt.App, uint32(0), nt.Icon, n.Summary, n.Body, []string{}, hints, timeout)
	if call.Err != nil {
		var de dbus.Error
		if errors.As(call.Err, &de) && (de.Name == "org.freedesktop.DBus.Error.ServiceUnknown" ||
			de.Name == "org.freedesktop.DBus.Error.NameHasNoOwner" || strings.HasPrefix(de.Name, "org.freedesktop.DBus.Error.Spawn.")) {
			return ErrNoNotifications
		}
		nt.drop(conn)
		return fmt.Errorf("notify: %w", call.Err)
	}
	return nil
}

func (nt *Notifier) connect() (*dbus.Conn, error) {
	nt.mu.Lock()
	defer nt.mu.Unlock()
	if nt.conn != nil && nt.conn.Connected() {
		return nt.conn, nil
	}
	if nt.conn != nil {
		nt.conn.Close()
		nt.conn = nil
	}
	addr := sessionBus()
	if addr == "" {
		return nil, fmt.Errorf("%w (no session bus)", ErrNoNotifications)
	}
	// A private connection: the shared one (dbus.SessionBus) is process-wide and
	// cannot be closed by one of its users.
	conn, err := dbus.Connect(addr)
	if err != nil {
		return nil, fmt.Errorf("%w (the session bus did not answer: %v)", ErrNoNotifications, err)
	}
	nt.conn = conn
	return conn, nil
}

// sessionBus is the session bus's address: the environment's, else the one systemd
// keeps in the runtime folder; "" when there is none. (godbus would otherwise start
// a bus of its own with dbus-launch, which would outlive the app.)
func sessionBus() string {
	if a := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" {
		return a
	}
	if rt := os.Getenv("XDG_RUNTIME_DIR"); rt != "" {
		if st, err := os.Stat(filepath.Join(rt, "bus")); err == nil && st.Mode()&os.ModeSocket != 0 {
			return "unix:path=" + filepath.Join(rt, "bus")
		}
	}
	return ""
}

func (nt *Notifier) drop(conn *dbus.Conn) {
	nt.mu.Lock()
	defer nt.mu.Unlock()
	if nt.conn == conn {
		nt.conn.Close()
		nt.conn = nil
	}
}

// Close closes the connection to the bus.
func (nt *Notifier) Close() {
	nt.mu.Lock()
	defer nt.mu.Unlock()
	if nt.conn != nil {
		nt.conn.Close()
		nt.conn = nil
	}
}
