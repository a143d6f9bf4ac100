//go:build desktop || production || dev || bindings

package window

/*
#cgo linux pkg-config: gtk+-3.0
#include <gtk/gtk.h>

extern void readbackDropped(char **paths, int n, int x, int y);
extern void readbackDragOver(int x, int y);
extern void readbackDragLeft(void);

// webview finds the window's WebKitWebView, by its type's name (no WebKit headers).
static GtkWidget *readback_webview(GtkWidget *w)
{
    if (g_strcmp0(G_OBJECT_TYPE_NAME(w), "WebKitWebView") == 0)
        return w;
    if (!GTK_IS_CONTAINER(w))
        return NULL;
    GList *children = gtk_container_get_children(GTK_CONTAINER(w));
    GtkWidget *found = NULL;
    for (GList *l = children; l != NULL && found == NULL; l = l->next)
        found = readback_webview(GTK_WIDGET(l->data));
    g_list_free(children);
    return found;
}

// page turns a place on the window into the page's: a title bar GTK draws itself
// (Wayland) and the window's shadow lie between them.
static void readback_page(GtkWidget *w, gint x, gint y, gint *px, gint *py)
{
    GtkWidget *view = g_object_get_data(G_OBJECT(w), "readback-drop");
    if (view == NULL || !gtk_widget_translate_coordinates(w, view, x, y, px, py)) {
        *px = x;
        *py = y;
    }
}

// motion and leave tell where files being dragged are, for the page to show the
// drop zone under them ready; GTK's default (DEFAULT_MOTION) answers the drag.
static gboolean readback_motion(GtkWidget *w, GdkDragContext *ctx, gint x, gint y, guint time, gpointer user)
{
    gint px, py;
    readback_page(w, x, y, &px, &py);
    readbackDragOver(px, py);
    return FALSE;
}

static void readback_leave(GtkWidget *w, GdkDragContext *ctx, guint time, gpointer user)
{
    readbackDragLeft();
}

// drop asks for the files' list; received finishes the drop.
static gboolean readback_drop(GtkWidget *w, GdkDragContext *ctx, gint x, gint y, guint time, gpointer user)
{
    GdkAtom target = gtk_drag_dest_find_target(w, ctx, NULL);
    if (target == GDK_NONE) {
        gtk_drag_finish(ctx, FALSE, FALSE, time);
        return TRUE;
    }
    gtk_drag_get_data(w, ctx, target, time);
    return TRUE;
}

// received hands the local files of a drop to Go, with where they fell on the page.
static void readback_received(GtkWidget *w, GdkDragContext *ctx, gint x, gint y, GtkSelectionData *data, guint info, guint time, gpointer user)
{
    gchar **uris = gtk_selection_data_get_uris(data);
    int n = 0;
    if (uris != NULL) {
        gchar **paths = g_new0(gchar *, g_strv_length(uris) + 1);
        for (int i = 0; uris[i] != NULL; i++) {
            gchar *p = g_filename_from_uri(uris[i], NULL, NULL);
            if (p != NULL) // else not a local file
                paths[n++] = p;
        }
        if (n > 0) {
            gint px, py;
            readback_page(w, x, y, &px, &py);
            readbackDropped(paths, n, px, py);
        }
        g_strfreev(paths);
        g_strfreev(uris);
    }
    gtk_drag_finish(ctx, n > 0, FALSE, time);
}

// attach makes the app's window (the top-level holding the webview; not a dialog)
// take files dropped on it, once.
static gboolean readback_attach(gpointer user)
{
    GList *tops = gtk_window_list_toplevels();
    for (GList *l = tops; l != NULL; l = l->next) {
        GtkWidget *w = GTK_WIDGET(l->data);
        if (g_object_get_data(G_OBJECT(w), "readback-drop") != NULL)
            continue;
        GtkWidget *view = readback_webview(w);
        if (view == NULL)
            continue;
        static GtkTargetEntry target = {"text/uri-list", 0, 0};
        gtk_drag_dest_set(w, GTK_DEST_DEFAULT_MOTION, &target, 1, GDK_ACTION_COPY);
        g_signal_connect(w, "drag-drop", G_CALLBACK(readback_drop), NULL);
        g_signal_connect(w, "drag-data-received", G_CALLBACK(readback_received), NULL);
        g_signal_connect(w, "drag-motion", G_CALLBACK(readback_motion), NULL);
        g_signal_connect(w, "drag-leave", G_CALLBACK(readback_leave), NULL);
        g_object_set_data(G_OBJECT(w), "readback-drop", view);
    }
    g_list_free(tops);
    return G_SOURCE_REMOVE;
}

static void readback_accept_drops(void) { g_idle_add(readback_attach, NULL); }
*/
import "C"

import (
	"sync"
	"unsafe"
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
func readbackDropped(paths **C.char, n, x, y C.int) {
	if f := target().Dropped; f != nil {
		list := make([]string, 0, n)
		for _, p := range unsafe.Slice(paths, int(n)) {
			list = append(list, C.GoString(p))
		}
		dropEvents <- func() { f(int(x), int(y), list) }
	}
}
