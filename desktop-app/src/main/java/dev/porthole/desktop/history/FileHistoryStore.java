package dev.porthole.desktop.history;

import dev.porthole.agent.capture.CapturedBody;
import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.agent.capture.CapturedResponse;
import dev.porthole.agent.capture.Exchange;
import dev.porthole.desktop.log.LogEntry;
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
import java.util.Arrays;
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

    @Override
    public List<LogEntry> load(int max) {
        if (!Files.exists(file)) {
            return List.of();
        }
        Deque<LogEntry> newest = new ArrayDeque<>();
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
                    newest.addLast(Json.MAPPER.readValue(line, LogEntry.class));
                    if (newest.size() > max) {
                        newest.removeFirst();
                    }
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
        newest.stream().mapToLong(LogEntry::id).max().ifPresent(LogEntry::idsAbove);
        return new ArrayList<>(newest);
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
        Exchange x = entry.exchange();
        CapturedRequest request = x.request();
        CapturedResponse response = x.response();
        Exchange trimmed = new Exchange(x.id(), x.tunnelId(),
                new CapturedRequest(request.method(), request.target(), request.headers(), cut(request.body()), request.prefix(),
                        request.caughtAt()),
                response == null ? null : new CapturedResponse(response.status(), response.headers(), cut(response.body())),
                x.timings(), x.error(), x.replayOf());
        return new LogEntry(entry.id(), entry.tunnelKey(), entry.tunnelName(), entry.publicUrl(), trimmed, entry.replayOf());
    }

    private static CapturedBody cut(CapturedBody body) {
        return body.bytes().length <= BODY_BYTES_ON_DISK ? body
                : new CapturedBody(Arrays.copyOf(body.bytes(), BODY_BYTES_ON_DISK), body.size());
    }
}
