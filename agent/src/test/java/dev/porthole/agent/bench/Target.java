package dev.porthole.agent.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One system under test: where its public side is, the Host header to send (a tunnel that routes by host name), the
 * processes whose CPU it costs (by role: backend, agent…), and how to stop it.
 */
final class Target implements AutoCloseable {
    private final String name;
    private final URI base;
    private final Optional<String> hostHeader;
    private final Map<String, Long> processes;
    private final List<AutoCloseable> resources;
    private final Optional<EmbeddedHarness.Control> control;

    Target(String name, URI base, Optional<String> hostHeader, Map<String, Long> processes, List<AutoCloseable> resources,
           Optional<EmbeddedHarness.Control> control) {
        this.name = name;
        this.base = base;
        this.hostHeader = hostHeader;
        this.processes = processes;
        this.resources = new ArrayList<>(resources);
        this.control = control;
    }

    String name() {
        return name;
    }

    URI url(String path) {
        return base.resolve(path);
    }

    Optional<String> hostHeader() {
        return hostHeader;
    }

    /** Role → process ID, in the order they are reported. */
    Map<String, Long> processes() {
        return processes;
    }

    /** The in-process harness's statistics channel (the embedded backend only). */
    Optional<EmbeddedHarness.Control> control() {
        return control;
    }

    @Override
    public void close() {
        for (AutoCloseable resource : resources.reversed()) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("stopping " + name + ": " + e);
            }
        }
    }
}
