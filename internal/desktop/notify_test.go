package desktop_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"readback/internal/desktop"
	"readback/internal/desktop/notifytest"
)

func TestNotifyReachesTheDesktopsNotificationService(t *testing.T) {
	bus, err := notifytest.StartBus(t.TempDir())
	if err != nil {
		t.Fatalf("no private session bus (scripts/bootstrap installs dbus-daemon): %v", err)
	}
	defer bus.Close()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", bus.Address)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	n := &desktop.Notifier{App: "Readback", Icon: "readback"}
	defer n.Close()
	// No service on the bus yet: said as such, not as a broken bus.
	if err := n.Notify(ctx, desktop.Notice{Summary: "x"}); !errors.Is(err, desktop.ErrNoNotifications) {
		t.Fatalf("with no service: %v", err)
	}

	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fake := &notifytest.Fake{}
	if err := notifytest.Serve(conn, fake); err != nil {
		t.Fatal(err)
	}
	if err := n.Notify(ctx, desktop.Notice{Summary: "“The Lighthouse” is ready", Body: "Saved to /home/w/Audiobooks/The Lighthouse.m4b"}); err != nil {
		t.Fatal(err)
	}
	if err := n.Notify(ctx, desktop.Notice{Summary: "“The Lighthouse” could not be converted", Body: "the disk is full", Urgent: true}); err != nil {
		t.Fatal(err)
	}
	got := fake.Received()
	if len(got) != 2 {
		t.Fatalf("received %d notifications: %+v", len(got), got)
	}
	if g := got[0]; g.App != "Readback" || g.Icon != "readback" || g.Summary != "“The Lighthouse” is ready" ||
		g.Hints["urgency"] != "1" || g.Hints["desktop-entry"] != "readback" || g.Timeout != -1 {
		t.Errorf("done: %+v", g)
	}
	if g := got[1]; g.Hints["urgency"] != "2" || g.Hints["category"] != "transfer.error" || g.Timeout != 0 || g.Body != "the disk is full" {
		t.Errorf("failed: %+v", g)
	}
}

func TestNotifyWithoutASessionBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
	n := &desktop.Notifier{App: "Readback"}
	if err := n.Notify(context.Background(), desktop.Notice{Summary: "x"}); !errors.Is(err, desktop.ErrNoNotifications) {
		t.Fatalf("no bus: %v", err)
	}
}
