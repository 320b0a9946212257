package dev.porthole.local.lambda;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads the function's code for one execution environment, isolated from the emulator's own classes the way
 * Lambda isolates a function from its runtime: everything comes from the function's code, except what the runtime
 * provides — the runtime interface ({@code com.amazonaws.services.lambda.runtime}, not its {@code events}), the
 * CRaC entry points ({@code dev.porthole.local.lambda.crac}) — and the JDK. A class the shaded jar forgot fails here
 * as it would on AWS, and static state is the environment's own.
 */
final class FunctionClassLoader extends URLClassLoader {
    private static final String RUNTIME_API = "com.amazonaws.services.lambda.runtime.";
    private static final String RUNTIME_CRAC = "dev.porthole.local.lambda.crac.";
    private final ClassLoader runtime;

    FunctionClassLoader(String environmentId, List<URL> code, ClassLoader runtime) {
        super("function-" + environmentId, code.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        this.runtime = runtime;
    }

    static FunctionClassLoader forJar(String environmentId, Path jar, ClassLoader runtime) {
        return new FunctionClassLoader(environmentId, List.of(toUrl(jar)), runtime);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(RUNTIME_API) && !name.startsWith(RUNTIME_API + "events.") || name.startsWith(RUNTIME_CRAC)) {
            return runtime.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    static URL toUrl(Path path) {
        try {
            return path.toUri().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(path.toString(), e);
        }
    }
}
