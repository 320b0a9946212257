package dev.porthole.local.lambda;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * Loads the function from its deployment jar, isolated from the emulator's own classpath the way Lambda
 * isolates a function from its runtime: everything comes from the jar, except the runtime interface
 * ({@code com.amazonaws.services.lambda.runtime}, which the runtime provides) and the JDK. A class the
 * shaded jar forgot fails here as it would on AWS.
 */
final class FunctionClassLoader extends URLClassLoader {
    private static final String RUNTIME_API = "com.amazonaws.services.lambda.runtime.";
    private final ClassLoader runtime;

    FunctionClassLoader(Path jar, ClassLoader runtime) {
        super("function", new URL[]{toUrl(jar)}, ClassLoader.getPlatformClassLoader());
        this.runtime = runtime;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(RUNTIME_API) && !name.startsWith(RUNTIME_API + "events.")) {
            return runtime.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    private static URL toUrl(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(jar.toString(), e);
        }
    }
}
