package dev.porthole.local;

import dev.porthole.local.lambda.RuntimeSettings;
import dev.porthole.protocol.TokenFile;
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

    @Option(names = "--token-file", paramLabel = "FILE", description = "Read the agent token from this file (the token "
        + "alone), which keeps it out of the process list and the environment. Refused unless only you can read and write "
        + "it (chmod 600). Not together with --token.")
    Path tokenFile;

    @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1",
        description = "Address to listen on: 127.0.0.1 (default, this computer only) or 0.0.0.0 (your LAN too).")
    String host;

    @Option(names = "--public-host", paramLabel = "NAME", description = "Host name to put in the URLs (default: the listening address, or the LAN address for 0.0.0.0).")
    String publicHost;

    @CommandLine.ArgGroup(exclusive = true)
    Storage storage = new Storage();

    @Option(names = "--like-aws", description = "Behave like a new AWS account: concurrency 10, 1000 ms cold starts, "
        + "frozen and reclaimed execution environments, API Gateway's quotas and Lambda's 6 MB payload limit. "
        + "The options below change single parts of it.")
    boolean likeAws;

    @Option(names = "--concurrency", paramLabel = "N", description = "The account's Lambda concurrency limit: invocations "
        + "past it are throttled as Lambda throttles them (default 1000, AWS's standard quota; 10 with --like-aws).")
    Integer concurrency;

    @Option(names = "--cold-start-ms", paramLabel = "N", description = "How long a new execution environment takes "
        + "before its first invocation, ±20 % (default 0; 1000 with --like-aws).")
    Long coldStartMs;

    @Option(names = "--freeze", description = "Freeze execution environments between invocations (their connections' "
        + "frames wait) and reclaim idle ones abruptly after 5–15 minutes (on with --like-aws).")
    boolean freeze;

    @Option(names = "--quotas", description = "Apply API Gateway's quotas beyond the WebSocket stages' throttles (which "
        + "always apply): the HTTP stage's throttle, 500 new WebSocket connections per second, 10,000 requests per "
        + "second per account (on with --like-aws).")
    boolean quotas;

    static final class Storage {
        @Option(names = "--data-dir", paramLabel = "D", description = "Keep tunnels and reserved IDs in this directory (default: your user data directory).")
        Path dataDirectory;

        @Option(names = "--in-memory", description = "Keep nothing: everything is forgotten when the server stops.")
        boolean inMemory;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        LocalBackendOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            err.println("porthole-local: " + e.getMessage());
            return 2;
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

    /** From --token-file, --token or PORTHOLE_TOKEN, in that order; never printed. */
    private String token() {
        if (tokenFile != null) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--token")) {
                throw new IllegalArgumentException("give the agent token once: --token or --token-file, not both");
            }
            try {
                return TokenFile.read(tokenFile);
            } catch (TokenFile.Refused e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("no agent token: pass --token-file FILE or --token T, or set PORTHOLE_TOKEN");
        }
        return token;
    }

    /** The options the flags ask for. @throws IllegalArgumentException naming the flag that is wrong */
    LocalBackendOptions options() {
        LocalBackendOptions options = LocalBackendOptions.inMemory(token()).withPort(port).withBindHost(host);
        if (likeAws) {
            options = options.likeAws();
        }
        RuntimeSettings runtime = options.runtime();
        if (concurrency != null) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("--concurrency must be at least 1");
            }
            runtime = runtime.withConcurrency(concurrency);
        }
        if (coldStartMs != null) {
            if (coldStartMs < 0) {
                throw new IllegalArgumentException("--cold-start-ms must not be negative");
            }
            runtime = runtime.withColdStart(Duration.ofMillis(coldStartMs));
        }
        if (freeze) {
            runtime = runtime.withFreeze(true);
        }
        options = options.withRuntime(runtime);
        if (quotas) {
            options = options.withQuotas(true);
        }
        if (publicHost != null) {
            options = options.withAdvertisedHost(publicHost);
        }
        if (!storage.inMemory) {
            options = options.withDataDirectory(storage.dataDirectory != null ? storage.dataDirectory : defaultDataDirectory());
        }
        return options;
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
