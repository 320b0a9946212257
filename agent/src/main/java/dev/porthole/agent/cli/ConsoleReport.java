package dev.porthole.agent.cli;

import dev.porthole.agent.TunnelStatus;
import dev.porthole.agent.capture.Exchange;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * What the command line prints. Standard output is for scripts: first exactly
 * {@code Forwarding <public-url> -> <local-url>}, then one line per request. Everything about the connection
 * (retries, reconnects, the reason for giving up) goes to standard error.
 */
final class ConsoleReport {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    static final Duration FLUSH_WITHIN = Duration.ofMillis(50);

    private final PrintWriter out;
    private final PrintWriter err;
    private final URI local;
    private final ZoneId zone;
    private URI announced;
    private boolean flushPending;

    ConsoleReport(PrintWriter out, PrintWriter err, URI local, ZoneId zone) {
        this.out = out;
        this.err = err;
        this.local = local;
        this.zone = zone;
    }

    synchronized void status(TunnelStatus status) {
        switch (status) {
            case TunnelStatus.Online online when announced == null || !announced.equals(online.publicUrl()) -> {
                announced = online.publicUrl();
                out.println("Forwarding " + online.publicUrl() + " -> " + local);
                out.flush();
            }
            case TunnelStatus.Online online -> err.println("Back online: " + online.publicUrl());
            case TunnelStatus.Reconnecting r -> err.println(r.message() + "; retrying in "
                + seconds(Duration.between(Instant.now(), r.nextAttemptAt())) + " (attempt " + r.attempt() + ")");
            case TunnelStatus.Failed failed -> err.println("porthole: " + failed.message());
            case TunnelStatus.Connecting c -> { }
            case TunnelStatus.Stopped s -> { }
        }
        err.flush();
    }

    /**
     * {@code 14:03:22.123 POST /hooks/stripe?x=1 200 12 ms}, plus the reason when the agent answered for the local service,
     * and what the traffic rules did: {@code 14:03:25.480 POST /hooks/github 401 (refused by rule 1 (verify-webhook): …)}
     * for a request they kept from this computer (no duration: it never came here), {@code [allowed (rule 2 (rate-limit))]}
     * after one they let through.
     */
    synchronized void exchange(Exchange e) {
        LocalTime at = LocalTime.ofInstant(e.timings().received(), zone);
        String line = TIME.format(at) + " " + e.request().method() + " " + e.request().target() + " " + e.response().status();
        if (e.keptByRule()) {
            printSoon(line + " (" + e.policy() + ")");
            return;
        }
        printSoon(line + " " + e.timings().total().toMillis() + " ms"
            + (e.error() == null ? "" : " (" + e.error() + ")")
            + (e.policy() == null || e.policy().equals("allowed") ? "" : " [" + e.policy() + "]")
            + (e.request().caught() ? " (kept while offline since " + TIME.format(LocalTime.ofInstant(e.request().caughtAt(), zone)) + ")" : ""));
    }

    /**
     * A request's line goes out at most {@link #FLUSH_WITHIN} after it is printed, with every line printed meanwhile:
     * under load that is one write for many requests instead of one system call each, and a person or a script
     * reading the output sees no difference. ({@code print}, not {@code println}: an auto-flushing writer flushes on
     * {@code println}.)
     */
    private void printSoon(String line) {
        out.print(line + System.lineSeparator());
        if (!flushPending) {
            flushPending = true;
            Thread.ofVirtual().name("porthole-console-flush").start(() -> {
                try {
                    Thread.sleep(FLUSH_WITHIN);
                } catch (InterruptedException interrupted) {
                    // flush now
                }
                flush();
            });
        }
    }

    /** Writes out every line printed so far; the command calls it before it ends. */
    synchronized void flush() {
        flushPending = false;
        out.flush();
    }

    private static String seconds(Duration d) {
        long millis = Math.max(0, d.toMillis());
        return millis < 10_000 ? String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0) : (millis / 1000) + " s";
    }
}
