package dev.porthole.desktop.platform;

import dev.porthole.desktop.event.AppEvent;
import dev.porthole.desktop.event.EventBus;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What happens to an exception no code caught, on any thread (the UI thread included): instead of a thread dying in
 * silence, the whole report goes to {@value #FILE_NAME} in the config directory (owner-only; the older half dropped
 * past {@value #MAX_BYTES} bytes) and the person gets one toast that says the app goes on and where the details are
 * — never the exception's own text. Toasts come at most once per {@link #QUIET}, so a failure in a loop cannot
 * bury the window.
 */
public final class UncaughtErrors implements Thread.UncaughtExceptionHandler {
    private static final System.Logger LOG = System.getLogger(UncaughtErrors.class.getName());
    public static final String FILE_NAME = "errors.log";
    static final long MAX_BYTES = 1024 * 1024;
    static final Duration QUIET = Duration.ofSeconds(10);

    private final Path file;
    private final EventBus bus;
    private final UiExecutor ui;
    private final Clock clock;
    private final ThreadLocal<Boolean> reporting = ThreadLocal.withInitial(() -> false);
    private volatile Instant lastToast = Instant.MIN;

    public UncaughtErrors(Path configDir, EventBus bus, UiExecutor ui, Clock clock) {
        this.file = configDir.resolve(FILE_NAME);
        this.bus = bus;
        this.ui = ui;
        this.clock = clock;
    }

    /** Makes this the handler of every thread that has none of its own. */
    public void install() {
        Thread.setDefaultUncaughtExceptionHandler(this);
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        if (reporting.get()) {
            return; // reporting itself failed: the log line below is all that is left to do
        }
        reporting.set(true);
        try {
            LOG.log(Level.ERROR, "uncaught exception in thread " + thread.getName(), error);
            boolean saved = save(thread, error);
            Instant now = clock.instant();
            if (Duration.between(lastToast, now).compareTo(QUIET) >= 0) {
                lastToast = now;
                String message = "Something went wrong inside Porthole; it keeps running. If something looks wrong, restart it."
                        + (saved ? " The details are in " + file + "." : "");
                ui.execute(() -> bus.publish(AppEvent.Notify.error(message)));
            }
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "could not report an uncaught exception", e);
        } finally {
            reporting.set(false);
        }
    }

    private synchronized boolean save(Thread thread, Throwable error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        String report = clock.instant() + " in thread " + thread.getName() + "\n" + trace + "\n";
        try {
            PrivateFiles.createDirectories(file.getParent());
            if (Files.exists(file) && Files.size(file) > MAX_BYTES) {
                byte[] all = Files.readAllBytes(file);
                PrivateFiles.write(file, java.util.Arrays.copyOfRange(all, all.length / 2, all.length));
            }
            PrivateFiles.append(file, report.getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not write " + file, e);
            return false;
        }
    }
}
