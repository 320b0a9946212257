package dev.porthole.probe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.crac.Core;
import org.crac.Resource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A function for the local Lambda runtime's own tests (outside the emulator's packages, so environments with code of their
 * own load it anew). It answers with what it knows of its environment — an instance
 * number, a static counter (shared only if environments share static state), the SnapStart hooks it saw — and
 * does what the event asks: sleep, throw, answer a given number of bytes. Its initialisation can be told (by the
 * {@code LEAK} variable) to leave a thread or a connection behind.
 */
public final class RuntimeProbeFunction implements RequestStreamHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Counts constructions: 1 in every environment unless environments share static state. */
    public static final AtomicInteger CONSTRUCTED = new AtomicInteger();
    private final int instance;
    private final List<String> hooks = new ArrayList<>();
    private final Resource resource = new Resource() {
        @Override
        public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
            synchronized (hooks) {
                hooks.add("beforeCheckpoint");
            }
        }

        @Override
        public void afterRestore(org.crac.Context<? extends Resource> context) {
            synchronized (hooks) {
                hooks.add("afterRestore");
            }
        }
    };

    public RuntimeProbeFunction(Map<String, String> env) throws IOException {
        instance = CONSTRUCTED.incrementAndGet();
        Core.getGlobalContext().register(resource);
        switch (env.getOrDefault("LEAK", "")) {
            case "thread" -> Thread.ofPlatform().name("left-behind-by-init").daemon().start(() -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            case "socket" -> new Socket("127.0.0.1", Integer.parseInt(env.get("LEAK_PORT")));
            default -> {
            }
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        if (event.path("sleep").asLong(0) > 0) {
            try {
                Thread.sleep(event.path("sleep").asLong());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (event.path("throw").asBoolean(false)) {
            throw new IllegalStateException("the probe was asked to fail");
        }
        if (event.path("bytes").asInt(0) > 0) {
            output.write("x".repeat(event.path("bytes").asInt()).getBytes(StandardCharsets.US_ASCII));
            return;
        }
        List<String> seen;
        synchronized (hooks) {
            seen = List.copyOf(hooks);
        }
        output.write(JSON.writeValueAsBytes(Map.of("instance", instance, "constructed", CONSTRUCTED.get(), "hooks", seen,
            "loader", String.valueOf(getClass().getClassLoader().getName()))));
    }
}
