import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Turns what Maven staged in installers/target/jpackage into jpackage's inputs, the same way on every platform:
 *
 * <ol>
 * <li>{@code jars/} → {@code input/}: every jar rewritten with its entries stored, not deflated. The installers
 *     compress the whole package (xz in a .deb), which does far better across thousands of small classes than
 *     deflate does on each class alone; a deflated jar cannot be compressed again.</li>
 * <li>The JDK modules the app needs, as {@code jdeps --print-module-deps} finds them on the class path, plus the
 *     ones only reflection reaches ({@code --add-modules}).</li>
 * <li>{@code runtime/}: jlink with those modules, JavaFX's from {@code mods/}, and the options in jlink.args.</li>
 * <li>JavaFX's native libraries ({@code natives/}) go next to the JDK's in the runtime, where JavaFX looks first,
 *     so it never unpacks them into the user's home directory (jlink.args leaves them out of the module image).</li>
 * </ol>
 *
 * Usage: {@code java PrepareApp.java DIR --main-jar NAME [--add-modules m1,m2]}
 */
public final class PrepareApp {
    public static void main(String[] args) throws Exception {
        if (args.length < 3 || !args[1].equals("--main-jar")) {
            System.err.println("Usage: java PrepareApp.java DIR --main-jar NAME [--add-modules m1,m2]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        String mainJar = args[2];
        List<String> extraModules = args.length > 4 && args[3].equals("--add-modules") ? List.of(args[4].split(",")) : List.of();

        Path input = dir.resolve("input");
        long[] sizes = storeJars(dir.resolve("jars"), input);
        System.out.printf("PrepareApp: %s jars stored uncompressed in %s (%.1f MB deflated, %.1f MB stored)%n",
                sizes[2], input, sizes[0] / 1e6, sizes[1] / 1e6);
        if (!Files.isRegularFile(input.resolve(mainJar))) {
            fail("the main jar " + mainJar + " is not among the staged jars in " + input);
        }

        Set<String> modules = new LinkedHashSet<>(neededModules(dir, input, mainJar));
        modules.addAll(extraModules);
        System.out.println("PrepareApp: runtime modules " + String.join(",", modules));
        Files.writeString(dir.resolve("modules.txt"), String.join(",", modules) + "\n");

        Path runtime = dir.resolve("runtime");
        deleteTree(runtime);
        List<String> jlink = new ArrayList<>(optionsFile(dir.resolve("jlink.args")));
        jlink.addAll(List.of("--module-path", dir.resolve("mods").toString(), "--add-modules", String.join(",", modules),
                "--output", runtime.toString()));
        run("jlink", jlink.toArray(String[]::new));

        boolean windows = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows");
        Path nativeDir = runtime.resolve(windows ? "bin" : "lib");
        try (Stream<Path> natives = Files.list(dir.resolve("natives"))) {
            for (Path lib : natives.toList()) {
                Path copy = nativeDir.resolve(lib.getFileName());
                if (Files.exists(copy)) {
                    // on Windows JavaFX also carries the C runtime (vcruntime140.dll...), which the JDK has already
                    System.out.println("PrepareApp: keeping the runtime's own " + copy.getFileName());
                } else {
                    Files.copy(lib, copy);
                }
            }
        }
        System.out.printf("PrepareApp: runtime %s (%.1f MB)%n", runtime, treeSize(runtime) / 1e6);
    }

    /** Copies every jar in {@code from} to {@code to} with stored entries; returns {deflated bytes, stored bytes, count}. */
    static long[] storeJars(Path from, Path to) throws IOException {
        deleteTree(to);
        Files.createDirectories(to);
        long before = 0;
        long after = 0;
        long count = 0;
        try (Stream<Path> jars = Files.list(from)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                Path out = to.resolve(jar.getFileName());
                store(jar, out);
                before += Files.size(jar);
                after += Files.size(out);
                count++;
            }
        }
        return new long[] {before, after, count};
    }

    private static void store(Path jar, Path out) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
             ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            zip.setMethod(ZipOutputStream.STORED);
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                CRC32 crc = new CRC32();
                crc.update(bytes);
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setMethod(ZipEntry.STORED);
                copy.setSize(bytes.length);
                copy.setCompressedSize(bytes.length);
                copy.setCrc(crc.getValue());
                if (entry.getLastModifiedTime() != null) {
                    copy.setLastModifiedTime(entry.getLastModifiedTime());
                }
                zip.putNextEntry(copy);
                zip.write(bytes);
                zip.closeEntry();
            }
        }
    }

    /** What jdeps says the app needs: the main jar, and everything it reaches on the class path. */
    static List<String> neededModules(Path dir, Path input, String mainJar) throws IOException {
        List<String> classPath = new ArrayList<>();
        try (Stream<Path> jars = Files.list(input)) {
            jars.filter(p -> !p.getFileName().toString().equals(mainJar)).sorted().forEach(p -> classPath.add(p.toString()));
        }
        String out = run("jdeps", "--multi-release", Integer.toString(Runtime.version().feature()), "--ignore-missing-deps",
                "--print-module-deps", "--module-path", dir.resolve("mods").toString(),
                "--class-path", String.join(java.io.File.pathSeparator, classPath), input.resolve(mainJar).toString());
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        if (!last.matches("[\\w.]+(,[\\w.]+)*")) {
            fail("jdeps did not print a module list:\n" + out);
        }
        return List.of(last.split(","));
    }

    /** One option per line; blank lines and # comments skipped (the tools' own @file reading is in their launchers only). */
    private static List<String> optionsFile(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static String run(String tool, String... args) {
        ToolProvider provider = ToolProvider.findFirst(tool)
                .orElseThrow(() -> new IllegalStateException(tool + " is missing: build with a full JDK 25"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = provider.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        if (status != 0) {
            fail(tool + " failed (exit " + status + "):\n" + out + err);
        }
        return out.toString();
    }

    private static long treeSize(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void fail(String message) {
        System.err.println("PrepareApp: " + message);
        System.exit(1);
    }
}
