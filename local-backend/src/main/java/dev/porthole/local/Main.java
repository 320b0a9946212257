package dev.porthole.local;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar porthole-local.jar --port N --token T [--host H] [--data-dir D | --in-memory]}: the local
 * backend as a standalone server. Prints one line, {@code websocket=… public=… management=…}, once ready.
 */
@Command(name = "porthole-local", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Runs Porthole's backend on this computer: the same Lambda function behind a local API Gateway, on DynamoDB Local.",
    exitCodeOnInvalidInput = 2)
public final class Main implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", required = true, paramLabel = "N", description = "Port to listen on (0 picks a free one).")
    int port;

    @Option(names = "--token", paramLabel = "T", defaultValue = "${env:PORTHOLE_TOKEN}",
        description = "The agent token agents must present (default: the PORTHOLE_TOKEN environment variable).")
    String token;

    @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1",
        description = "Address to listen on: 127.0.0.1 (default, this computer only) or 0.0.0.0 (your LAN too).")
    String host;

    @Option(names = "--public-host", paramLabel = "NAME", description = "Host name to put in the URLs (default: the listening address, or the LAN address for 0.0.0.0).")
    String publicHost;

    @CommandLine.ArgGroup(exclusive = true)
    Storage storage = new Storage();

    static final class Storage {
        @Option(names = "--data-dir", paramLabel = "D", description = "Keep tunnels and reserved IDs in this directory (default: your user data directory).")
        Path dataDirectory;

        @Option(names = "--in-memory", description = "Keep nothing: everything is forgotten when the server stops.")
        boolean inMemory;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (token == null || token.isBlank()) {
            err.println("porthole-local: no agent token: pass --token T or set PORTHOLE_TOKEN");
            return 2;
        }
        LocalBackendOptions options = LocalBackendOptions.inMemory(token).withPort(port).withBindHost(host);
        if (publicHost != null) {
            options = options.withAdvertisedHost(publicHost);
        }
        if (!storage.inMemory) {
            options = options.withDataDirectory(storage.dataDirectory != null ? storage.dataDirectory : defaultDataDirectory());
        }
        LocalBackend backend;
        try {
            backend = LocalBackend.start(options);
        } catch (IOException e) {
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                err.println("porthole-local: port " + port + " on " + host + " is already in use; pick another with --port");
                return 2;
            }
            err.println("porthole-local: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            backend.close();
            stopped.countDown();
        }, "porthole-local-shutdown"));
        System.out.println("websocket=" + backend.websocketUrl() + " public=" + backend.publicUrl() + " management=" + backend.managementUrl());
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** Where the standalone server keeps its data unless told otherwise, following each platform's convention. */
    static Path defaultDataDirectory() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String home = System.getProperty("user.home");
        if (os.contains("win")) {
            return Path.of(Optional.ofNullable(System.getenv("LOCALAPPDATA")).orElse(home), "Porthole", "local-backend");
        }
        if (os.contains("mac")) {
            return Path.of(home, "Library", "Application Support", "Porthole", "local-backend");
        }
        return Path.of(Optional.ofNullable(System.getenv("XDG_DATA_HOME")).filter(s -> !s.isBlank()).orElse(home + "/.local/share"),
            "porthole", "local-backend");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"porthole-local " + Optional.ofNullable(Main.class.getPackage().getImplementationVersion()).orElse("dev")};
        }
    }

    public static void main(String[] args) {
        // Jetty and DynamoDB Local are chatty at INFO; a server's stdout is for its one line
        java.util.logging.Logger.getLogger("org.eclipse.jetty").setLevel(java.util.logging.Level.WARNING);
        System.setProperty("org.eclipse.jetty.LEVEL", "WARN");
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
