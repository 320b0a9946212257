package dev.porthole.desktop.platform;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A jar started with a bare {@code java -jar} gets a quarter of the machine's memory as its heap (the app grew past
 * 1.5 GB under traffic that way), and a jar's manifest cannot name JVM options. So the app starts itself once more,
 * with the options its launchers give ({@code ./porthole}, the installed app: {@link #JVM_OPTIONS}), and this first
 * process only waits for that one and ends with its exit code. A command line that set a heap limit, or a start that
 * is not {@code java -jar}, runs as it is.
 */
public final class BoundedHeap {
    public static final String MAX_HEAP = "-Xmx256m";
    /**
     * What every launcher gives the app's JVM: the heap limit; native memory the C library keeps after a burst (the
     * JIT's and the network stack's freed buffers) handed back every 5 s; and the many equal strings of a long
     * request log (header names and values) sharing one array each.
     */
    public static final List<String> JVM_OPTIONS = List.of(MAX_HEAP, "-XX:TrimNativeHeapInterval=5000", "-XX:+UseStringDeduplication");
    /** Set for the second run, so it can never start a third. */
    static final String RELAUNCHED = "PORTHOLE_BOUNDED_HEAP";
    private static final List<String> LIMITS = List.of("-Xmx", "-XX:MaxHeapSize=", "-XX:MaxRAM=", "-XX:MaxRAMPercentage=",
            "-XX:MaxRAMFraction=");

    private BoundedHeap() {
    }

    /**
     * The command that runs the app again with {@link #JVM_OPTIONS}, or empty when this run is bounded already.
     *
     * @param java       this JVM's executable
     * @param jvmArgs    this JVM's options (kept for the second run)
     * @param command    {@code sun.java.command}: the jar and the app's arguments for {@code java -jar}
     * @param classPath  {@code java.class.path}: the jar alone for {@code java -jar}
     */
    static Optional<List<String>> relaunch(String java, List<String> jvmArgs, String command, String classPath,
                                           List<String> appArgs, Map<String, String> environment) {
        if (java == null || environment.containsKey(RELAUNCHED) || jvmArgs.stream().anyMatch(a -> LIMITS.stream().anyMatch(a::startsWith))) {
            return Optional.empty();
        }
        boolean ranAsJar = classPath != null && classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)
                && command != null && (command.equals(classPath) || command.startsWith(classPath + " "));
        if (!ranAsJar) {
            return Optional.empty();
        }
        List<String> again = new ArrayList<>();
        again.add(java);
        again.addAll(JVM_OPTIONS);
        again.addAll(jvmArgs);
        again.add("-jar");
        again.add(classPath);
        again.addAll(appArgs);
        return Optional.of(again);
    }

    /** Runs the app again within the heap limit and ends with its exit code, when this run has none; else returns. */
    public static void relaunchIfUnbounded(String[] args) {
        Optional<List<String>> command = relaunch(ProcessHandle.current().info().command().orElse(null),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getProperty("sun.java.command"),
                System.getProperty("java.class.path"), List.of(args), System.getenv());
        if (command.isEmpty()) {
            return;
        }
        ProcessBuilder pb = new ProcessBuilder(command.get()).inheritIO();
        pb.environment().put(RELAUNCHED, "1");
        Process app;
        try {
            app = pb.start();
        } catch (IOException e) {
            return; // it runs unbounded rather than not at all
        }
        // ended from outside (a terminal, a session closing): the app goes too
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (app.isAlive()) {
                app.destroy();
            }
        }));
        int code;
        try {
            code = app.waitFor();
        } catch (InterruptedException e) {
            app.destroy();
            code = 1;
        }
        System.exit(code);
    }
}
