package dev.porthole.local.lambda;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where an execution environment's classes come from: its own class loader over the deployment jar (or, when the
 * function runs from this process's class path, for the function's own code), so no two environments share the
 * function's static state;
 * or — when isolation is off — this process's classes, shared, with a thin per-environment loader that only marks
 * which environment's code a thread runs (threads inherit it, which is how leftover threads are told apart).
 */
final class FunctionCode {
    private final Optional<Path> jar;
    private final boolean isolated;
    private final ClassLoader runtime;
    private final List<URL> classPath;

    FunctionCode(Optional<Path> jar, boolean isolated, ClassLoader runtime) {
        this.jar = jar;
        this.isolated = isolated || jar.isPresent();
        this.runtime = runtime;
        this.classPath = jar.isPresent() ? List.of() : classPathUrls();
    }

    boolean isolated() {
        return isolated;
    }

    ClassLoader loaderFor(String environmentId) {
        if (jar.isPresent()) {
            return FunctionClassLoader.forJar(environmentId, jar.get(), runtime);
        }
        if (isolated) {
            return FunctionClassLoader.forClassPath(environmentId, classPath, runtime);
        }
        return new SharedCodeMarker(environmentId, runtime);
    }

    private static List<URL> classPathUrls() {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank() && Files.exists(Path.of(entry))) {
                urls.add(FunctionClassLoader.toUrl(Path.of(entry)));
            }
        }
        return urls;
    }

    /**
     * Loads nothing itself; it names the environment whose code a thread runs, and lists the emulator's SDK HTTP
     * client for the function ({@link FunctionHttpServices}).
     */
    static final class SharedCodeMarker extends ClassLoader {
        SharedCodeMarker(String environmentId, ClassLoader shared) {
            super("environment-" + environmentId, shared);
        }

        @Override
        public java.util.Enumeration<URL> getResources(String name) throws java.io.IOException {
            return name.equals(FunctionHttpServices.SERVICES) ? FunctionHttpServices.entries() : super.getResources(name);
        }
    }
}
