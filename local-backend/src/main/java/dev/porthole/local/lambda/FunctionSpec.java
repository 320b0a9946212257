package dev.porthole.local.lambda;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The function as the template describes it.
 *
 * @param handler        {@code class::method}, e.g. {@code dev.porthole.backend.PortholeHandler::handleRequest}
 * @param environment    its environment variables, intrinsics already resolved
 * @param code           the deployment jar to load the function from; empty = this process's class path
 * @param snapStart      the template enables SnapStart: the runtime takes a snapshot once (init and
 *                       {@code beforeCheckpoint}) and runs {@code afterRestore} in every new environment
 * @param perEnvironment what the emulator adds to one environment's variables (given its ID) so it can tell which
 *                       environment owns a connection; the function treats the values as opaque
 */
public record FunctionSpec(String name, String handler, Map<String, String> environment, Duration timeout, int memoryMb,
                           Optional<Path> code, boolean snapStart, Function<String, Map<String, String>> perEnvironment) {
    public FunctionSpec {
        environment = Map.copyOf(environment);
        Objects.requireNonNull(perEnvironment, "perEnvironment");
    }

    /** A function whose environments all get the same variables. */
    public static FunctionSpec of(String name, String handler, Map<String, String> environment, Duration timeout, int memoryMb,
                                  Optional<Path> code, boolean snapStart) {
        return new FunctionSpec(name, handler, environment, timeout, memoryMb, code, snapStart, id -> Map.of());
    }

    public String handlerClass() {
        int separator = handler.indexOf("::");
        return separator < 0 ? handler : handler.substring(0, separator);
    }

    /** The variables one environment sees. */
    Map<String, String> environmentOf(String environmentId) {
        Map<String, String> extra = perEnvironment.apply(environmentId);
        if (extra.isEmpty()) {
            return environment;
        }
        Map<String, String> merged = new java.util.LinkedHashMap<>(environment);
        merged.putAll(extra);
        return merged;
    }
}
