package dev.porthole.local.lambda;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The function as the template describes it.
 *
 * @param handler     {@code class::method}, e.g. {@code dev.porthole.backend.PortholeHandler::handleRequest}
 * @param environment its environment variables, intrinsics already resolved
 * @param code        the deployment jar to load the function from, in isolation; empty = this classpath
 */
public record FunctionSpec(String name, String handler, Map<String, String> environment, Duration timeout, int memoryMb,
                           Optional<Path> code) {
    public FunctionSpec {
        environment = Map.copyOf(environment);
    }

    public String handlerClass() {
        int separator = handler.indexOf("::");
        return separator < 0 ? handler : handler.substring(0, separator);
    }
}
