package dev.porthole.agent.cli;

import dev.porthole.agent.AgentOptions;
import dev.porthole.agent.TunnelAgent;
import dev.porthole.agent.TunnelStatus;
import dev.porthole.protocol.TokenFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** {@code porthole-agent http <port> --backend <ws-url> --token <token>}: expose a local HTTP port until stopped. */
@Command(name = "http",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Give a local HTTP port a public URL through your Porthole backend, until you press Ctrl+C.",
    sortOptions = false,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:stopped (Ctrl+C)",
        "1:the tunnel could not run: wrong token, tunnel ID taken or invalid, protocol refused",
        "2:wrong arguments"},
    footerHeading = "%nExamples:%n",
    footer = {
        "  export PORTHOLE_TOKEN=<token>",
        "  java -jar porthole-agent.jar http 3000 --tunnel-id my-app \\",
        "      --backend ws://127.0.0.1:8080/_porthole/ws/local",
        "",
        "  or, with the token in a file only you can read (chmod 600 ~/.porthole-token):",
        "  java -jar porthole-agent.jar http 3000 --token-file ~/.porthole-token \\",
        "      --backend ws://127.0.0.1:8080/_porthole/ws/local"})
final class HttpCommand implements Callable<Integer> {
    /** Exit code when the tunnel fails for a reason retrying cannot fix. */
    static final int TUNNEL_FAILED = 1;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<port>", description = "The local port to expose.")
    int port;

    @Option(names = "--backend", required = true, paramLabel = "<ws-url>",
        description = "Your backend's WebSocket URL: ws://host:port/_porthole/ws/local for the local backend, "
            + "wss://<api>.execute-api.<region>.amazonaws.com/<stage> on AWS.")
    String backend;

    @Option(names = "--token", paramLabel = "<token>", defaultValue = "${env:PORTHOLE_TOKEN}", showDefaultValue = Visibility.NEVER,
        description = "The agent token of your backend. Defaults to the PORTHOLE_TOKEN environment variable, "
            + "which keeps it out of your shell history and the process list.")
    String token;

    @Option(names = "--token-file", paramLabel = "<file>",
        description = "Read the agent token from this file (it holds the token alone), which keeps it out of the process "
            + "list and the environment. Refused unless only you can read and write it (chmod 600). "
            + "Takes the place of PORTHOLE_TOKEN; not together with --token.")
    Path tokenFile;

    @Option(names = "--host", paramLabel = "<local-host>", defaultValue = "localhost",
        description = "The host the local service listens on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--tunnel-id", paramLabel = "<id>",
        description = "Ask for this tunnel ID, so the public URL stays the same from run to run "
            + "(3-40 lower-case letters, digits and hyphens). Default: a new random ID.")
    String tunnelId;

    @Option(names = "--basic-auth", paramLabel = "<user:password>", defaultValue = "${env:PORTHOLE_BASIC_AUTH}",
        showDefaultValue = Visibility.NEVER,
        description = "Protect the public URL: callers must log in with this user name and password (checked by the "
            + "backend, before anything reaches this computer). Defaults to the PORTHOLE_BASIC_AUTH environment variable.")
    String basicAuth;

    @Option(names = "--catch", description = "While this agent is away, have the backend keep the requests that arrive "
        + "(their callers get 202) and deliver them when it is back; for webhooks sent while your computer sleeps.")
    boolean catchWhileOffline;

    @Option(names = "--keep-public-host",
        description = "Send the caller's public Host header to the local service instead of <local-host>:<port>.")
    boolean keepPublicHost;

    @Option(names = "--timeout", paramLabel = "<seconds>", defaultValue = "24",
        description = "How long the local service may take to answer before the caller gets 504 (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--concurrency", paramLabel = "<n>", defaultValue = "32",
        description = "How many requests are sent to the local service at once; more wait their turn (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--verbose", description = "Log what the agent does, to standard error.")
    boolean verbose;

    /** --allow-ip, --verify-webhook, --rate-limit, --policy and the other traffic rules. */
    @Mixin
    PolicyOptions trafficPolicy;

    /** Completes when the command should end: with the exit code. Tests and the shutdown hook complete it. */
    final CompletableFuture<Integer> finished = new CompletableFuture<>();

    @Override
    public Integer call() throws Exception {
        if (verbose) {
            Logging.verbose();
        }
        AgentOptions options = options();
        ConsoleReport report = new ConsoleReport(spec.commandLine().getOut(), spec.commandLine().getErr(),
            options.localBaseUri(), ZoneId.systemDefault());
        try (TunnelAgent agent = new TunnelAgent(options)) {
            agent.onExchange(report::exchange);
            agent.onStatus(status -> {
                report.status(status);
                if (status instanceof TunnelStatus.Failed) {
                    finished.complete(TUNNEL_FAILED);
                }
            });
            Thread hook = Thread.ofPlatform().unstarted(() -> {
                finished.complete(0);
                agent.close();
                report.flush(); // the JVM may end before the command's own thread gets to it
            });
            Runtime.getRuntime().addShutdownHook(hook);
            agent.start();
            try {
                return finished.get();
            } catch (InterruptedException e) {
                return 0;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it closes the agent
                }
            }
        } finally {
            report.flush();
        }
    }

    private AgentOptions options() {
        String agentToken = token();
        URI backendUrl;
        try {
            backendUrl = new URI(backend);
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "--backend is not a URL: " + e.getMessage());
        }
        if (timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second.");
        }
        try {
            return AgentOptions.builder(backendUrl, agentToken, port)
                .localHost(host)
                .tunnelId(tunnelId)
                .hostHeader(keepPublicHost ? AgentOptions.HostHeader.PUBLIC : AgentOptions.HostHeader.LOCAL)
                .localTimeout(Duration.ofSeconds(timeoutSeconds))
                .concurrency(concurrency)
                .basicAuth(basicUser(), basicPassword())
                .catchWhileOffline(catchWhileOffline)
                .policy(trafficPolicy.policy(spec.commandLine(), System::getenv))
                .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), capitalise(e.getMessage()) + ".");
        }
    }

    /** From --token-file, --token or PORTHOLE_TOKEN, in that order; never printed. */
    private String token() {
        if (tokenFile != null) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--token")) {
                throw new ParameterException(spec.commandLine(), "Give the agent token once: --token or --token-file, not both.");
            }
            try {
                return TokenFile.read(tokenFile);
            } catch (TokenFile.Refused e) {
                throw new ParameterException(spec.commandLine(), capitalise(e.getMessage()) + ".");
            }
        }
        if (token == null || token.isBlank()) {
            throw new ParameterException(spec.commandLine(),
                "Missing the agent token: pass --token-file <file> or --token <token>, or set PORTHOLE_TOKEN.");
        }
        return token;
    }

    private String basicUser() {
        if (basicAuth == null || basicAuth.isEmpty()) {
            return null;
        }
        int colon = basicAuth.indexOf(':');
        if (colon <= 0 || colon == basicAuth.length() - 1) {
            throw new ParameterException(spec.commandLine(), "--basic-auth needs <user>:<password>, both not empty.");
        }
        return basicAuth.substring(0, colon);
    }

    private String basicPassword() {
        return basicAuth == null || basicAuth.isEmpty() ? null : basicAuth.substring(basicAuth.indexOf(':') + 1);
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
