package dev.porthole.desktop.history;

import dev.porthole.desktop.log.LogEntry;

import java.util.List;

/** The request log kept on disk so it survives a restart. Writes never block the caller. */
public interface HistoryStore extends AutoCloseable {

    /**
     * The newest {@code limit} entries, oldest first, holding at most about {@code bodyBudget} bytes of bodies (the
     * oldest keep only the start of theirs). Blocking: call it off the UI thread.
     */
    List<LogEntry> load(int limit, long bodyBudget);

    /** Queues entries to be written. */
    void append(List<LogEntry> entries);

    /** Queues removal of everything. */
    void clear();

    /** Changes how many entries are kept. */
    void limit(int limit);

    @Override
    void close();

    /** A store that keeps nothing (e.g. for a smoke test that must not touch the person's files). */
    HistoryStore NONE = new HistoryStore() {
        public List<LogEntry> load(int limit, long bodyBudget) {
            return List.of();
        }

        public void append(List<LogEntry> entries) {
        }

        public void clear() {
        }

        public void limit(int limit) {
        }

        public void close() {
        }
    };
}
