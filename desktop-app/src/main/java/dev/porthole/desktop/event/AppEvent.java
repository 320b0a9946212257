package dev.porthole.desktop.event;

import java.net.URI;

/** Everything that travels on the {@link EventBus}. */
public sealed interface AppEvent {

    /** Show a page of the main window. */
    record ShowPage(Page page) implements AppEvent {
    }

    /** Show the request log narrowed to one tunnel (null: all tunnels). */
    record ShowRequests(String tunnelKey) implements AppEvent {
    }

    /** Select and inspect a log entry, e.g. a replay that just came back. */
    record Inspect(long entryId) implements AppEvent {
    }

    /** A short message for the person, shown as a toast; {@code action} (may be null) is a button on it, e.g. Undo. */
    record Notify(Kind kind, String message, Action action) implements AppEvent {
        public enum Kind { INFO, SUCCESS, WARNING, ERROR }

        /** A button on the toast: pressing it runs {@code run} and closes the toast. */
        public record Action(String label, Runnable run) {
        }

        public Notify(Kind kind, String message) {
            this(kind, message, null);
        }

        public Notify withAction(String label, Runnable run) {
            return new Notify(kind, message, new Action(label, run));
        }

        public static Notify info(String message) {
            return new Notify(Kind.INFO, message);
        }

        public static Notify success(String message) {
            return new Notify(Kind.SUCCESS, message);
        }

        public static Notify error(String message) {
            return new Notify(Kind.ERROR, message);
        }

        public static Notify warning(String message) {
            return new Notify(Kind.WARNING, message);
        }
    }

    /** The light/dark choice changed. */
    record ThemeChanged(boolean dark) implements AppEvent {
    }

    /** A backend's public URL changed (started, moved to the LAN), so open links must follow. */
    record BackendChanged(String backendId, URI publicUrl) implements AppEvent {
    }

    /** The main window's pages. */
    enum Page { TUNNELS, REQUESTS, BACKENDS, SETTINGS }
}
