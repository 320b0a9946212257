package dev.porthole.desktop.log;

/** Where tunnels and replays hand their entries; callable from any thread. */
@FunctionalInterface
public interface ExchangeSink {
    void submit(LogEntry entry);
}
