package dev.porthole.agent;

/** A listener's registration; closing it stops the listener. Closing twice is harmless. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
