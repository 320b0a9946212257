package dev.porthole.desktop.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.porthole.desktop.platform.Json;
import dev.porthole.desktop.platform.PrivateFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local control API, for scripts (as ngrok's agent API is): on start it listens on a free loopback port and writes
 * {@value #FILE_NAME} (owner-only) in the config directory, {@code {"url": "http://127.0.0.1:PORT", "token": "…"}};
 * every call needs {@code Authorization: Bearer <token>}. The token is new at every start and is never logged.
 *
 * <pre>
 * GET  /api/tunnels                 → [{"name", "localPort", "publicUrl", "status"}]
 * POST /api/tunnels                 {"name", "localPort", "tunnelId"?} → the new tunnel, started (201)
 * POST /api/tunnels/{name}/stop     → the tunnel
 * POST /api/tunnels/{name}/start    → the tunnel
 * GET  /api/tunnels/{name}/rules    → the traffic rules' JSON form, each secret as {"redacted": "…9f3a"}
 * PUT  /api/tunnels/{name}/rules    the JSON form, secrets in full → validated, saved, applied (a running tunnel reconnects)
 * GET  /api/requests?limit=N        → newest first, [{"id", "tunnel", "method", "path", "status", "durationMs"}]
 * POST /api/requests/{id}/replay    → the new entry
 * </pre>
 *
 * Errors are {@code {"error": "…"}} with a status: 400 for what the request got wrong, 401 without the token, 403 from
 * anywhere but this computer, 404 for what does not exist, 409 for what cannot be done now.
 */
public final class ControlApi implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ControlApi.class.getName());
    public static final String FILE_NAME = "control.json";
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 100_000;
    private static final Pattern TUNNEL_ACTION = Pattern.compile("/api/tunnels/([^/]+)/(start|stop)");
    private static final Pattern TUNNEL_RULES = Pattern.compile("/api/tunnels/([^/]+)/rules");
    private static final Pattern REPLAY = Pattern.compile("/api/requests/([^/]+)/replay");

    private final AppControl control;
    private final Path file;
    private final String token;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    /** Ended from outside (SIGTERM, a session logging out) the app does not close normally: the file goes anyway. */
    private final Thread removeAtExit;

    private ControlApi(AppControl control, Path configDir, String token, HttpServer server) {
        this.control = control;
        this.file = configDir.resolve(FILE_NAME);
        this.token = token;
        this.server = server;
        this.removeAtExit = new Thread(this::removeFile, "porthole-control-file");
    }

    /** Listens on 127.0.0.1 (a free port) and writes {@value #FILE_NAME}; {@link #close()} stops and removes it. */
    public static ControlApi start(AppControl control, Path configDir) throws IOException {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ControlApi api = new ControlApi(control, configDir, token, server);
        server.setExecutor(api.threads);
        server.createContext("/", api::handle);
        server.start();
        Map<String, String> doc = new LinkedHashMap<>();
        doc.put("url", api.url().toString());
        doc.put("token", token);
        PrivateFiles.write(api.file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
        Runtime.getRuntime().addShutdownHook(api.removeAtExit);
        LOG.log(Level.INFO, "control API on {0} (token in {1})", api.url(), api.file);
        return api;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                Object answer = route(exchange);
                int status = exchange.getRequestMethod().equals("POST") && exchange.getRequestURI().getPath().equals("/api/tunnels") ? 201 : 200;
                send(exchange, status, answer);
            } catch (ControlException e) {
                if (e.status() == 401) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"porthole\"");
                }
                send(exchange, e.status(), Map.of("error", e.getMessage()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a control API call failed", e);
                send(exchange, 500, Map.of("error", "Porthole could not do that. Try again; if it keeps failing, restart the app."));
            }
        }
    }

    private Object route(HttpExchange exchange) throws IOException {
        // a page in a browser can reach 127.0.0.1 too: it has no token, and a rebinding name gives itself away in Host
        if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress() || !localHost(exchange.getRequestHeaders().getFirst("Host"))) {
            throw new ControlException(403, "The control API answers only to programs on this computer, at " + url() + ".");
        }
        if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
            throw new ControlException(401, "Send Authorization: Bearer <token>, with the token from " + file + ".");
        }
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        if (path.equals("/api/tunnels")) {
            return switch (method) {
                case "GET" -> control.tunnels();
                case "POST" -> {
                    JsonNode body = json(exchange.getRequestBody());
                    yield control.create(text(body, "name"), integer(body, "localPort"), text(body, "tunnelId"));
                }
                default -> throw notAllowed("GET or POST");
            };
        }
        Matcher action = TUNNEL_ACTION.matcher(path);
        if (action.matches()) {
            requirePost(method);
            String name = URLDecoder.decode(action.group(1), StandardCharsets.UTF_8);
            return action.group(2).equals("start") ? control.start(name) : control.stop(name);
        }
        Matcher rules = TUNNEL_RULES.matcher(path);
        if (rules.matches()) {
            String name = URLDecoder.decode(rules.group(1), StandardCharsets.UTF_8);
            return switch (method) {
                case "GET" -> control.rules(name);
                case "PUT" -> control.setRules(name, text(exchange.getRequestBody()));
                default -> throw notAllowed("GET or PUT");
            };
        }
        if (path.equals("/api/requests")) {
            if (!method.equals("GET")) {
                throw notAllowed("GET");
            }
            return control.requests(limit(exchange.getRequestURI().getRawQuery()));
        }
        Matcher replay = REPLAY.matcher(path);
        if (replay.matches()) {
            requirePost(method);
            try {
                return control.replay(Long.parseLong(replay.group(1)));
            } catch (NumberFormatException e) {
                throw new ControlException(400, "A request id is a number, as GET /api/requests shows it.");
            }
        }
        throw new ControlException(404, "There is no " + path + ". The API has /api/tunnels and /api/requests.");
    }

    private boolean localHost(String host) {
        if (host == null) {
            return false;
        }
        int port = server.getAddress().getPort();
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("127.0.0.1:" + port) || h.equals("localhost:" + port) || h.equals("[::1]:" + port);
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8));
    }

    private static void requirePost(String method) {
        if (!method.equals("POST")) {
            throw notAllowed("POST");
        }
    }

    private static ControlException notAllowed(String allowed) {
        return new ControlException(405, "Use " + allowed + " here.");
    }

    static int limit(String rawQuery) {
        if (rawQuery == null) {
            return DEFAULT_LIMIT;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("limit=")) {
                try {
                    int n = Integer.parseInt(pair.substring(6));
                    if (n >= 1 && n <= MAX_LIMIT) {
                        return n;
                    }
                } catch (NumberFormatException e) {
                    // said below
                }
                throw new ControlException(400, "limit is a number from 1 to " + MAX_LIMIT + ".");
            }
        }
        return DEFAULT_LIMIT;
    }

    /** A body the policy library parses itself (its messages name the line and column of bad JSON). */
    private static String text(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ControlException(413, "The body is larger than " + MAX_BODY_BYTES + " bytes.");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static JsonNode json(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ControlException(413, "The body is larger than " + MAX_BODY_BYTES + " bytes.");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new ControlException(400, "Send a JSON object, for example {\"name\": \"api\", \"localPort\": 3000}.");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ControlException(400, "The body is not JSON. Send for example {\"name\": \"api\", \"localPort\": 3000}.");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ControlException(400, "\"" + field + "\" is a string.");
        }
        return v.asText();
    }

    private static Integer integer(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new ControlException(400, "\"" + field + "\" is a whole number.");
        }
        return v.asInt();
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops listening and removes {@value #FILE_NAME}, so no script finds a port nobody answers on. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        removeFile();
        try {
            Runtime.getRuntime().removeShutdownHook(removeAtExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private void removeFile() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not remove " + file, e);
        }
    }
}
