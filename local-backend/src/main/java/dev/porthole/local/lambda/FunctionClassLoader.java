package dev.porthole.local.lambda;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads the function's code for one execution environment, so that its static state is the environment's own, as on
 * AWS where every environment is a JVM of its own.
 *
 * <p>From a deployment jar, everything comes from the jar except what the Lambda runtime provides — the runtime
 * interface ({@code com.amazonaws.services.lambda.runtime}, not its {@code events}), the CRaC entry points
 * ({@code dev.porthole.local.lambda.crac}) — and the JDK: a class the shaded jar forgot fails here as it would on AWS.
 * From this process's class path, the function's own code ({@code dev.porthole.*}) and {@code org.crac} are loaded
 * again for each environment and the libraries (the SDK, Jackson) are shared: their state holds no request's data,
 * and loading them anew per environment would make every cold start pay seconds of class loading on this machine.
 */
final class FunctionClassLoader extends URLClassLoader {
    private static final String RUNTIME_API = "com.amazonaws.services.lambda.runtime.";
    private static final String RUNTIME_CRAC = "dev.porthole.local.lambda.crac.";
    private static final String EMULATOR = "dev.porthole.local.";
    private static final List<String> OWN_CODE = List.of("dev.porthole.", "org.crac.");

    private final ClassLoader runtime;
    private final boolean sharesLibraries;

    private FunctionClassLoader(String environmentId, List<URL> code, ClassLoader runtime, boolean sharesLibraries) {
        super("function-" + environmentId, code.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        this.runtime = runtime;
        this.sharesLibraries = sharesLibraries;
    }

    /** Everything from the jar (and the JDK), as Lambda loads a deployment package. */
    static FunctionClassLoader forJar(String environmentId, Path jar, ClassLoader runtime) {
        return new FunctionClassLoader(environmentId, List.of(toUrl(jar)), runtime, false);
    }

    /** The function's own code from the class path again, the libraries shared with this process. */
    static FunctionClassLoader forClassPath(String environmentId, List<URL> classPath, ClassLoader runtime) {
        return new FunctionClassLoader(environmentId, classPath, runtime, true);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(RUNTIME_API) && !name.startsWith(RUNTIME_API + "events.") || name.startsWith(RUNTIME_CRAC)) {
            return runtime.loadClass(name);
        }
        if (!sharesLibraries) {
            return super.loadClass(name, resolve); // the JDK first, then the jar
        }
        if (name.startsWith(EMULATOR) || OWN_CODE.stream().noneMatch(name::startsWith)) {
            return runtime.loadClass(name);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                try {
                    loaded = findClass(name);
                } catch (ClassNotFoundException e) {
                    loaded = runtime.loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    /**
     * Sharing the libraries, the function gets the emulator's SDK HTTP client ({@link FunctionHttpServices}); from a
     * deployment jar it has SDK classes of its own, which the emulator's client is not made of, so it keeps the jar's.
     */
    @Override
    public java.util.Enumeration<URL> getResources(String name) throws java.io.IOException {
        return sharesLibraries && name.equals(FunctionHttpServices.SERVICES) ? FunctionHttpServices.entries() : super.getResources(name);
    }

    static URL toUrl(Path path) {
        try {
            return path.toUri().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(path.toString(), e);
        }
    }
}
