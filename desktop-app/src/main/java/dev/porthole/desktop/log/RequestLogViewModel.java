package dev.porthole.desktop.log;

import dev.porthole.desktop.history.HistoryStore;
import dev.porthole.desktop.platform.UiExecutor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live request log. Tunnels submit entries from their own threads into a queue; the UI thread drains it in one
 * batch every {@link #FLUSH_PERIOD}, so a burst of thousands of requests costs a few list changes, not thousands.
 * The log keeps at most {@code limit} entries and {@code memoryBudget} bytes of captured bodies: past the budget the
 * oldest entries keep only the first {@value #SLIM_BODY_BYTES} bytes of each body, then {@value #GLIMPSE_BODY_BYTES}
 * (the history on disk keeps more), and only when that is not enough are the oldest dropped. Memory follows the limits, not the
 * traffic.
 */
public final class RequestLogViewModel implements ExchangeSink {
    public static final Duration FLUSH_PERIOD = Duration.ofMillis(100);
    public static final long DEFAULT_MEMORY_BUDGET = 48L * 1024 * 1024;
    /** What an old entry keeps of each body once the budget is spent. */
    public static final int SLIM_BODY_BYTES = 4 * 1024;
    /** What it keeps when even that is too much: enough to recognise the body. */
    public static final int GLIMPSE_BODY_BYTES = 512;
    /**
     * At most this many entries move into the list per flush, so one flush stays a few milliseconds even when a
     * burst of thousands arrives at once; the rest follow on the next ticks (10,000 a second).
     */
    public static final int MAX_PER_FLUSH = 1000;

    private final HistoryStore history;
    private final ConcurrentLinkedQueue<LogEntry> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inboxSize = new AtomicInteger();
    private final ObservableList<LogEntry> entries = FXCollections.observableArrayList();
    // Kept by hand rather than as a FilteredList: one flush is then exactly two list changes (old rows out at the
    // end, new rows in at the top), where a FilteredList/SortedList chain costs per element on the UI thread.
    private final ObservableList<LogEntry> visible = FXCollections.observableArrayList();
    private final ObservableList<LogEntry> visibleView = FXCollections.unmodifiableObservableList(visible);
    private final ObservableList<LogEntry> entriesView = FXCollections.unmodifiableObservableList(entries);
    private LogFilter filter = LogFilter.NONE;
    private final Map<Long, LogEntry> byId = new HashMap<>();
    private final List<LogEntry> heldWhilePaused = new ArrayList<>();
    private long capturedBytes;
    private long longestFlushNanos;
    private int limit;
    private final long memoryBudget;

    private final StringProperty filterText = new SimpleStringProperty("");
    private final ObjectProperty<String> method = new SimpleObjectProperty<>();
    private final ObjectProperty<StatusClass> statusClass = new SimpleObjectProperty<>(StatusClass.ALL);
    private final ObjectProperty<String> tunnelKey = new SimpleObjectProperty<>();
    private final BooleanProperty paused = new SimpleBooleanProperty();
    private final ReadOnlyIntegerWrapper heldCount = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper totalCount = new ReadOnlyIntegerWrapper();
    private final ObjectProperty<LogEntry> selected = new SimpleObjectProperty<>();

    public RequestLogViewModel(UiExecutor ui, HistoryStore history, int limit, long memoryBudget) {
        this.history = history;
        this.limit = limit;
        this.memoryBudget = memoryBudget;
        filterText.addListener(o -> refilter());
        method.addListener(o -> refilter());
        statusClass.addListener(o -> refilter());
        tunnelKey.addListener(o -> refilter());
        paused.addListener((o, was, now) -> {
            if (!now) {
                List<LogEntry> held = new ArrayList<>(heldWhilePaused);
                heldWhilePaused.clear();
                heldCount.set(0);
                add(held);
            }
        });
        ui.every(FLUSH_PERIOD, this::flush);
    }

    /** Any thread. */
    @Override
    public void submit(LogEntry entry) {
        inbox.add(entry);
        inboxSize.incrementAndGet();
    }

    /** UI thread: moves everything submitted so far into the log in one change. */
    public void flush() {
        if (inboxSize.get() == 0) {
            return;
        }
        long started = System.nanoTime();
        List<LogEntry> batch = new ArrayList<>(Math.min(inboxSize.get(), MAX_PER_FLUSH));
        LogEntry entry;
        while (batch.size() < MAX_PER_FLUSH && (entry = inbox.poll()) != null) {
            inboxSize.decrementAndGet();
            batch.add(entry);
        }
        history.append(batch);
        if (paused.get()) {
            heldWhilePaused.addAll(batch);
            if (heldWhilePaused.size() > limit) {
                heldWhilePaused.subList(0, heldWhilePaused.size() - limit).clear();
            }
            heldCount.set(heldWhilePaused.size());
        } else {
            add(batch);
        }
        longestFlushNanos = Math.max(longestFlushNanos, System.nanoTime() - started);
    }

    /** Drains everything submitted so far, whatever its size (tests, import). */
    public void flushAll() {
        while (inboxSize.get() > 0) {
            flush();
        }
    }

    /** The longest a single flush took on the UI thread (for the burst benchmark). */
    public long longestFlushNanos() {
        return longestFlushNanos;
    }

    /** UI thread: entries loaded from disk at start, oldest first; they are not written again. */
    public void restore(List<LogEntry> saved) {
        add(saved);
    }

    private void add(List<LogEntry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<LogEntry> incoming = batch.size() > limit ? batch.subList(batch.size() - limit, batch.size()) : batch;
        for (LogEntry e : incoming) {
            byId.put(e.id(), e);
            capturedBytes += e.capturedBytes();
        }
        // first the oldest bodies shrink to their start, then to a glimpse; only then do the oldest entries go
        slimOldest(SLIM_BODY_BYTES);
        slimOldest(GLIMPSE_BODY_BYTES);
        int drop = 0;
        int total = entries.size() + incoming.size();
        long bytes = capturedBytes;
        // Oldest first out: first from the existing rows, then (if one batch alone is over budget) from the batch.
        while (total - drop > limit || (bytes > memoryBudget && total - drop > 1)) {
            LogEntry oldest = drop < entries.size() ? entries.get(drop) : incoming.get(drop - entries.size());
            bytes -= oldest.capturedBytes();
            drop++;
        }
        int dropExisting = Math.min(drop, entries.size());
        for (int i = 0; i < dropExisting; i++) {
            byId.remove(entries.get(i).id());
        }
        List<LogEntry> kept = incoming.subList(drop - dropExisting, incoming.size());
        for (LogEntry e : incoming.subList(0, drop - dropExisting)) {
            byId.remove(e.id());
        }
        capturedBytes = bytes;
        int droppedVisible = 0;
        for (int i = 0; i < dropExisting; i++) {
            if (filter.test(entries.get(i))) {
                droppedVisible++;
            }
        }
        if (dropExisting == entries.size()) {
            entries.setAll(kept);
        } else {
            if (dropExisting > 0) {
                entries.remove(0, dropExisting);
            }
            entries.addAll(kept);
        }
        if (droppedVisible > 0) {
            visible.remove(visible.size() - droppedVisible, visible.size());
        }
        List<LogEntry> newestFirst = new ArrayList<>(kept.size());
        for (int i = kept.size() - 1; i >= 0; i--) {
            if (filter.test(kept.get(i))) {
                newestFirst.add(kept.get(i));
            }
        }
        if (!newestFirst.isEmpty()) {
            visible.addAll(0, newestFirst);
        }
        if (selected.get() != null && !byId.containsKey(selected.get().id())) {
            selected.set(null);
        }
        totalCount.set(entries.size());
    }

    /**
     * Cuts the bodies of the oldest entries (not the one the person is looking at) until the log is within its
     * budget again; the incoming batch, already counted, is cut too if it alone is over.
     */
    private void slimOldest(int keep) {
        for (int i = 0; i < entries.size() && capturedBytes > memoryBudget; i++) {
            LogEntry old = entries.get(i);
            if (old.capturedBytes() <= 2L * keep || old.equals(selected.get())) {
                continue;
            }
            LogEntry slim = old.withBodiesCutTo(keep);
            capturedBytes -= old.capturedBytes() - slim.capturedBytes();
            entries.set(i, slim);
            byId.put(slim.id(), slim);
            int shown = visible.lastIndexOf(old);
            if (shown >= 0) {
                visible.set(shown, slim);
            }
        }
    }

    /** Removes every entry, here and on disk. */
    public void clear() {
        inbox.clear();
        inboxSize.set(0);
        heldWhilePaused.clear();
        heldCount.set(0);
        entries.clear();
        visible.clear();
        byId.clear();
        capturedBytes = 0;
        selected.set(null);
        totalCount.set(0);
        history.clear();
    }

    public void limit(int newLimit) {
        this.limit = newLimit;
        history.limit(newLimit);
        if (entries.size() > newLimit) {
            List<LogEntry> keep = new ArrayList<>(entries.subList(entries.size() - newLimit, entries.size()));
            entries.subList(0, entries.size() - newLimit).forEach(e -> {
                byId.remove(e.id());
                capturedBytes -= e.capturedBytes();
            });
            entries.setAll(keep);
            refilter();
            totalCount.set(entries.size());
        }
    }

    public Optional<LogEntry> find(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The entry the given one replays, while it is still in the log. */
    public Optional<LogEntry> originalOf(LogEntry entry) {
        return entry.replayOf() == null ? Optional.empty() : find(entry.replayOf());
    }

    /** Every entry, oldest first. */
    public ObservableList<LogEntry> entries() {
        return entriesView;
    }

    /** The entries the filter lets through, newest first (the view sorts by a column when asked). */
    public ObservableList<LogEntry> visibleEntries() {
        return visibleView;
    }

    public long capturedBytes() {
        return capturedBytes;
    }

    private void refilter() {
        filter = currentFilter();
        List<LogEntry> newestFirst = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (filter.test(entries.get(i))) {
                newestFirst.add(entries.get(i));
            }
        }
        visible.setAll(newestFirst);
    }

    public LogFilter currentFilter() {
        return new LogFilter(filterText.get(), method.get(), statusClass.get(), tunnelKey.get());
    }

    public StringProperty filterTextProperty() {
        return filterText;
    }

    public ObjectProperty<String> methodProperty() {
        return method;
    }

    public ObjectProperty<StatusClass> statusClassProperty() {
        return statusClass;
    }

    public ObjectProperty<String> tunnelKeyProperty() {
        return tunnelKey;
    }

    public BooleanProperty pausedProperty() {
        return paused;
    }

    /** Entries that arrived while paused, shown once resumed. */
    public ReadOnlyIntegerProperty heldCountProperty() {
        return heldCount.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty totalCountProperty() {
        return totalCount.getReadOnlyProperty();
    }

    public ObjectProperty<LogEntry> selectedProperty() {
        return selected;
    }

    public void resetFilters() {
        filterText.set("");
        method.set(null);
        statusClass.set(StatusClass.ALL);
        tunnelKey.set(null);
    }
}
