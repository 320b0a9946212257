package dev.porthole.desktop.platform;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How the window is drawn. On Linux the app draws with JavaFX's software renderer and keeps GTK from loading OpenGL:
 * its tables and text gain nothing from a GPU, and an OpenGL driver costs 50–70 MB of memory resident for the whole
 * run (Mesa's software OpenGL, common in virtual machines and remote desktops, maps all of LLVM). GTK opens OpenGL
 * at start even when JavaFX does not use it, so {@code GDK_GL=disable} must be in the environment before the toolkit
 * starts; it is set in this process, so every launcher ({@code ./porthole}, {@code java -jar}, the installed app)
 * behaves the same. {@code PORTHOLE_RENDERING=gpu}, or a {@code -Dprism.order} of one's own, keeps JavaFX's default.
 */
public final class Rendering {
    private static final System.Logger LOG = System.getLogger(Rendering.class.getName());
    static final String CHOICE = "PORTHOLE_RENDERING";

    private Rendering() {
    }

    /** What to set before the toolkit starts: system properties and environment variables. */
    record Plan(Map<String, String> properties, Map<String, String> environment) {
        static final Plan KEEP_DEFAULTS = new Plan(Map.of(), Map.of());

        static Plan software() {
            return new Plan(Map.of("prism.order", "sw"), Map.of("GDK_GL", "disable"));
        }
    }

    static Plan plan(String osName, Map<String, String> environment, Optional<String> prismOrder) {
        boolean linux = osName.toLowerCase(Locale.ROOT).startsWith("linux");
        boolean gpuAsked = "gpu".equalsIgnoreCase(environment.getOrDefault(CHOICE, "").strip());
        if (!linux || gpuAsked || prismOrder.isPresent()) {
            return Plan.KEEP_DEFAULTS;
        }
        return Plan.software();
    }

    /** Applies the plan for this machine; call it before JavaFX starts. */
    public static void configure() {
        Plan plan = plan(System.getProperty("os.name", ""), System.getenv(), Optional.ofNullable(System.getProperty("prism.order")));
        plan.properties().forEach(System::setProperty);
        plan.environment().forEach((name, value) -> {
            if (!value.equals(System.getenv(name)) && !setenv(name, value)) {
                LOG.log(System.Logger.Level.DEBUG, "could not set {0}; GTK may load OpenGL", name);
            }
        });
    }

    /** The C library's setenv, so that GTK, which reads the process environment, sees the variable. */
    static boolean setenv(String name, String value) {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle setenv = linker.downcallHandle(linker.defaultLookup().find("setenv").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            try (Arena arena = Arena.ofConfined()) {
                return (int) setenv.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 1) == 0;
            }
        } catch (Throwable e) {
            // without native access it only costs memory
            return false;
        }
    }
}
