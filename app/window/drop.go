//go:build desktop || production || dev || bindings

package window

/*
#cgo linux pkg-config: gtk+-3.0
#include <gtk/gtk.h>

extern void readbackDropped(char *paths, int x, int y);
extern void readbackDragOver(int x, int y);
extern void readbackDragLeft(void);

// motion and leave tell where files being dragged are, for the page to show the
// drop zone under them ready; GTK's own default answers the drag.
static gboolean readback_motion(GtkWidget *w, GdkDragContext *ctx, gint x, gint y, guint time, gpointer user)
{
    readbackDragOver(x, y);
    return FALSE;
}

static void readback_leave(GtkWidget *w, GdkDragContext *ctx, guint time, gpointer user)
{
    readbackDragLeft();
}

// received hands the local files of a drop to Go, one path a line.
static void readback_received(GtkWidget *w, GdkDragContext *ctx, gint x, gint y, GtkSelectionData *data, guint info, guint time, gpointer user)
{
    gchar **uris = gtk_selection_data_get_uris(data);
    gboolean ok = FALSE;
    if (uris != NULL) {
        GString *paths = g_string_new(NULL);
        for (int i = 0; uris[i] != NULL; i++) {
            gchar *p = g_filename_from_uri(uris[i], NULL, NULL);
            if (p == NULL)
                continue; // not a local file
            if (paths->len > 0)
                g_string_append_c(paths, '\n');
            g_string_append(paths, p);
            g_free(p);
        }
        if (paths->len > 0) {
            readbackDropped(paths->str, x, y);
            ok = TRUE;
        }
        g_string_free(paths, TRUE);
        g_strfreev(uris);
    }
    gtk_drag_finish(ctx, ok, FALSE, time);
}

// attach makes each top-level window take files dropped on it (once each).
static gboolean readback_attach(gpointer user)
{
    GList *tops = gtk_window_list_toplevels();
    for (GList *l = tops; l != NULL; l = l->next) {
        GtkWidget *w = GTK_WIDGET(l->data);
        if (gtk_window_get_window_type(GTK_WINDOW(w)) != GTK_WINDOW_TOPLEVEL || g_object_get_data(G_OBJECT(w), "readback-drop") != NULL)
            continue;
        static GtkTargetEntry target = {"text/uri-list", 0, 0};
        gtk_drag_dest_set(w, GTK_DEST_DEFAULT_ALL, &target, 1, GDK_ACTION_COPY);
        g_signal_connect(w, "drag-data-received", G_CALLBACK(readback_received), NULL);
        g_signal_connect(w, "drag-motion", G_CALLBACK(readback_motion), NULL);
        g_signal_connect(w, "drag-leave", G_CALLBACK(readback_leave), NULL);
        g_object_set_data(G_OBJECT(w), "readback-drop", w);
    }
    g_list_free(tops);
    return G_SOURCE_REMOVE;
}

static void readback_accept_drops(void) { g_idle_add(readback_attach, NULL); }
*/
import "C"

import (
	"strings"
	"sync"
)

// Files dropped on the window reach the page through Go, not through WebKitGTK: its
// own handling of a file dragged from a file manager gives the page no files (only
// the text/uri-list type, no "Files") and then opens the file in place of the app —
// a writer's manuscript dropped on the window replaced the whole window with its
// text. The webview is therefore no drop target (options.DragAndDrop's
// DisableWebViewDrop); the window is, and it passes on the local paths with the
// place of the drop, for the page to give to the part under it.

// dropTarget is told of files dragged over the window (Over, with where; Left) and
// dropped on it (Dropped: where, and their paths).
type dropTarget struct {
	Over    func(x, y int)
	Left    func()
	Dropped func(x, y int, paths []string)
}

var (
	dropMu sync.Mutex
	drops  dropTarget
	// What GTK's thread tells goes out in order, off that thread: telling the page
	// goes back through it. A motion is dropped when the page lags far behind.
	dropEvents = make(chan func(), 256)
	dropOnce   sync.Once
)

// acceptDrops makes the window take files dropped on it and tell t. It must be
// called once the window exists (Wails' OnDomReady).
func acceptDrops(t dropTarget) {
	dropMu.Lock()
	drops = t
	dropMu.Unlock()
	dropOnce.Do(func() {
		go func() {
			for f := range dropEvents {
				f()
			}
		}()
	})
	C.readback_accept_drops()
}

func target() dropTarget {
	dropMu.Lock()
	defer dropMu.Unlock()
	return drops
}

//export readbackDragOver
func readbackDragOver(x, y C.int) {
	if f := target().Over; f != nil {
		select {
		case dropEvents <- func() { f(int(x), int(y)) }:
		default:
		}
	}
}

//export readbackDragLeft
func readbackDragLeft() {
	if f := target().Left; f != nil {
		dropEvents <- f
	}
}

//export readbackDropped
func readbackDropped(paths *C.char, x, y C.int) {
	if f := target().Dropped; f != nil {
		list := strings.Split(C.GoString(paths), "\n")
		dropEvents <- func() { f(int(x), int(y), list) }
	}
}
