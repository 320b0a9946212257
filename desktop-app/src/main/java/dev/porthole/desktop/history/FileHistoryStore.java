package dev.porthole.desktop.history;

import dev.porthole.desktop.log.LogEntry;
import dev.porthole.desktop.log.RequestLogViewModel;
import dev.porthole.desktop.platform.Json;
import dev.porthole.desktop.platform.PrivateFiles;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * History as JSON lines ({@code history/requests.jsonl}, owner-only: it holds bodies and form passwords), appended by
 * one background thread. Bodies are cut to
 * {@value #BODY_BYTES_ON_DISK} bytes on disk (the inspector then shows its truncation notice). When the file holds
 * twice the limit it is rewritten with the newest entries only, so it stays bounded. A line that cannot be read
 * (e.g. half-written when the machine lost power) is skipped; the others still load.
 */
public final class FileHistoryStore implements HistoryStore {
    private static final System.Logger LOG = System.getLogger(FileHistoryStore.class.getName());
    static final int BODY_BYTES_ON_DISK = 32 * 1024;

    private final Path file;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "porthole-history");
        t.setDaemon(true);
        return t;
    });
    private volatile int limit;
    private long linesInFile = -1;
    private volatile int skippedLines;

    public FileHistoryStore(Path configDir, int limit) {
        this.file = configDir.resolve("history").resolve("requests.jsonl");
        this.limit = limit;
        // an older version left these readable by others
        PrivateFiles.restrictExisting(file.getParent());
        PrivateFiles.restrictExisting(file);
    }

    public Path file() {
        return file;
    }

    /** Lines the last {@link #load} could not read. */
    public int skippedLines() {
        return skippedLines;
    }

    /**
     * The newest {@code max} entries. Memory stays within {@code bodyBudget} while they are read, as in the log: past it
     * the oldest bodies read so far shrink to their first bytes (a full history holds up to 64 KB a request on disk).
     */
    @Override
    public List<LogEntry> load(int max, long bodyBudget) {
        if (!Files.exists(file)) {
            return List.of();
        }
        Window newest = new Window(max, bodyBudget);
        int skipped = 0;
        long lines = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                lines++;
                try {
                    newest.add(Json.MAPPER.readValue(line, LogEntry.class));
                } catch (IOException | RuntimeException e) {
                    skipped++;
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not read request history " + file, e);
        }
        skippedLines = skipped;
        if (skipped > 0) {
            LOG.log(Level.WARNING, "skipped {0} unreadable lines in {1}", skipped, file);
        }
        long counted = lines;
        writer.execute(() -> linesInFile = counted);
        List<LogEntry> loaded = newest.oldestFirst();
        loaded.stream().mapToLong(LogEntry::id).max().ifPresent(LogEntry::idsAbove);
        return loaded;
    }

    /** The newest entries read so far, in a ring, with their bodies' bytes kept within a budget. */
    private static final class Window {
        private final LogEntry[] ring;
        private final long budget;
        private int start;
        private int size;
        private long bytes;

        Window(int max, long budget) {
            this.ring = new LogEntry[Math.max(1, max)];
            this.budget = budget;
        }

        void add(LogEntry e) {
            if (size == ring.length) {
                bytes -= ring[start].capturedBytes();
                ring[start] = e;
                start = (start + 1) % ring.length;
            } else {
                ring[(start + size) % ring.length] = e;
                size++;
            }
            bytes += e.capturedBytes();
            slim(RequestLogViewModel.SLIM_BODY_BYTES);
            slim(RequestLogViewModel.GLIMPSE_BODY_BYTES);
        }

        private void slim(int keep) {
            for (int i = 0; i < size - 1 && bytes > budget; i++) {
                int at = (start + i) % ring.length;
                LogEntry slim = ring[at].withBodiesCutTo(keep);
                bytes -= ring[at].capturedBytes() - slim.capturedBytes();
                ring[at] = slim;
            }
        }

        List<LogEntry> oldestFirst() {
            List<LogEntry> out = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                out.add(ring[(start + i) % ring.length]);
            }
            return out;
        }
    }

    @Override
    public void append(List<LogEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<LogEntry> copy = List.copyOf(entries);
        writer.execute(() -> write(copy));
    }

    @Override
    public void clear() {
        writer.execute(() -> {
            try {
                Files.deleteIfExists(file);
                linesInFile = 0;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not clear request history " + file, e);
            }
        });
    }

    @Override
    public void limit(int limit) {
        this.limit = limit;
    }

    /** Waits until everything queued so far is on disk (tests, shutdown). */
    public void flush() {
        try {
            writer.submit(() -> { }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "request history did not flush", e);
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(List<LogEntry> entries) {
        try {
            if (linesInFile < 0) {
                linesInFile = Files.exists(file) ? countLines() : 0;
            }
            try (BufferedWriter out = new BufferedWriter(new java.io.OutputStreamWriter(PrivateFiles.appending(file),
                    StandardCharsets.UTF_8))) {
                var json = Json.MAPPER.writer().without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                for (LogEntry entry : entries) {
                    json.writeValue(out, forDisk(entry));
                    out.write('\n');
                }
            }
            linesInFile += entries.size();
            if (linesInFile > 2L * limit) {
                compact();
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not write request history " + file, e);
        }
    }

    private void compact() throws IOException {
        Deque<String> newest = new ArrayDeque<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                newest.addLast(line);
                if (newest.size() > limit) {
                    newest.removeFirst();
                }
            }
        }
        Path temp = PrivateFiles.temporaryNextTo(file);
        try {
            Files.write(temp, newest, StandardCharsets.UTF_8);
            PrivateFiles.moveIntoPlace(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
        linesInFile = newest.size();
    }

    private long countLines() throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        }
    }

    static LogEntry forDisk(LogEntry entry) {
        return entry.withBodiesCutTo(BODY_BYTES_ON_DISK);
    }
}
