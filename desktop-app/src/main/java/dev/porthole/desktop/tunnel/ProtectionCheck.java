package dev.porthole.desktop.tunnel;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Makes sure a password-protected tunnel really is: one request to its public URL without credentials must get the
 * backend's own 401. A backend deployed before password protection existed ignores the request for it and would
 * forward everyone, while the app showed a lock; this catches that before the URL is shown.
 */
final class ProtectionCheck implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ProtectionCheck.class.getName());
    /** The backend's error code for a caller without the right credentials (docs/architecture.md). */
    static final String AUTHENTICATION_REQUIRED = "authentication-required";

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /**
     * Completes with what is wrong, in words with the next step, or empty when the backend turned the anonymous caller
     * away. Never completes exceptionally: a URL this computer cannot reach proves nothing either way, so it passes
     * (and is logged).
     */
    CompletableFuture<Optional<String>> verify(URI publicUrl) {
        HttpRequest anonymous = HttpRequest.newBuilder(publicUrl).timeout(Duration.ofSeconds(10)).GET().build();
        return client.sendAsync(anonymous, HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> problem(response.statusCode(), response.headers().firstValue("X-Porthole-Error")))
                .exceptionally(e -> {
                    LOG.log(Level.WARNING, "could not check that " + publicUrl + " asks for the password: " + e);
                    return Optional.empty();
                });
    }

    static Optional<String> problem(int status, Optional<String> errorCode) {
        if (status == 401 && errorCode.filter(AUTHENTICATION_REQUIRED::equals).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("The backend let a caller without the password through (it answered " + status
                + " instead of asking for one), so Porthole stopped the tunnel before sharing its URL. Next step: update the "
                + "backend on the Backends page (it may be older than password protection), then start the tunnel again");
    }

    @Override
    public void close() {
        client.close();
    }
}
