// dragsource: a small window that drags the files named on its command line the way a
// file manager does (text/uri-list, over XDND), so that the real-window scripts can
// drop files on Readback's window under Xvfb: xdotool presses the mouse on this
// window, moves it onto Readback's and lets go. GTK's own drag code speaks to
// WebKitGTK's, as Nautilus's would. It prints "dropped" or "refused" when the drag
// ends and exits.
//
// Build: gcc -o dragsource scripts/dragsource.c $(pkg-config --cflags --libs gtk+-3.0)
// Usage: dragsource X Y FILE…   (the window's top-left corner on the screen)
#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>

static gchar **uris;

static void on_get(GtkWidget *w, GdkDragContext *ctx, GtkSelectionData *data, guint info, guint time, gpointer user)
{
    gtk_selection_data_set_uris(data, uris);
}

static void on_end(GtkWidget *w, GdkDragContext *ctx, gpointer user)
{
    // A drop the target took has an action; a refused one ends with none.
    printf("%s\n", gdk_drag_context_get_selected_action(ctx) != 0 ? "dropped" : "refused");
    fflush(stdout);
    gtk_main_quit();
}

static gboolean on_failed(GtkWidget *w, GdkDragContext *ctx, GtkDragResult result, gpointer user)
{
    printf("refused (%d)\n", result);
    fflush(stdout);
    gtk_main_quit();
    return TRUE;
}

int main(int argc, char **argv)
{
    gtk_init(&argc, &argv);
    if (argc < 4) {
        fprintf(stderr, "usage: dragsource X Y FILE...\n");
        return 2;
    }
    uris = g_new0(gchar *, argc - 2);
    for (int i = 3; i < argc; i++) {
        GFile *f = g_file_new_for_commandline_arg(argv[i]);
        uris[i - 3] = g_file_get_uri(f);
        g_object_unref(f);
    }
    GtkWidget *win = gtk_window_new(GTK_WINDOW_TOPLEVEL);
    gtk_window_set_title(GTK_WINDOW(win), "dragsource");
    gtk_window_set_default_size(GTK_WINDOW(win), 200, 120);
    gtk_window_move(GTK_WINDOW(win), atoi(argv[1]), atoi(argv[2]));
    GtkWidget *label = gtk_button_new_with_label("drag these files");
    GtkTargetEntry target = {"text/uri-list", 0, 0};
    gtk_drag_source_set(label, GDK_BUTTON1_MASK, &target, 1, GDK_ACTION_COPY);
    g_signal_connect(label, "drag-data-get", G_CALLBACK(on_get), NULL);
    g_signal_connect(label, "drag-end", G_CALLBACK(on_end), NULL);
    g_signal_connect(label, "drag-failed", G_CALLBACK(on_failed), NULL);
    gtk_container_add(GTK_CONTAINER(win), label);
    g_signal_connect(win, "destroy", G_CALLBACK(gtk_main_quit), NULL);
    gtk_widget_show_all(win);
    gtk_main();
    return 0;
}
