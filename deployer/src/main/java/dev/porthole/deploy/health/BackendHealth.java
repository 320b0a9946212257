package dev.porthole.deploy.health;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Whether a deployed backend answers: a GET of {@code <public URL>_porthole/health}, the backend's own
 * endpoint, through API Gateway and Lambda (a cold start included).
 *
 * @param status  the HTTP status, or 0 if no answer came
 * @param message what to tell the user
 */
public record BackendHealth(boolean healthy, int status, Duration latency, String message) {

    public static final String PATH = "_porthole/health";

    /** Checks a backend by its public base URL (ending in {@code /}). */
    public static BackendHealth check(URI publicUrl, Duration timeout) {
        URI health = publicUrl.resolve(PATH);
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(health).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            if (response.statusCode() == 200) {
                return new BackendHealth(true, 200, latency, "The backend answers (" + latency.toMillis() + " ms).");
            }
            String error = response.headers().firstValue("X-Porthole-Error").map(code -> " (" + code + ")").orElse("");
            return new BackendHealth(false, response.statusCode(), latency, "The backend answered " + response.statusCode() + error
                    + " at " + health + ". If the stack was just deployed, wait a minute; otherwise look at the function's logs.");
        } catch (HttpTimeoutException e) {
            return new BackendHealth(false, 0, Duration.ofNanos(System.nanoTime() - start),
                    "No answer from " + health + " within " + timeout.toSeconds() + " s.");
        } catch (IOException e) {
            return new BackendHealth(false, 0, Duration.ofNanos(System.nanoTime() - start),
                    "Cannot reach " + health + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage())
                            + ". Check your internet connection, or whether the stack still exists.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new BackendHealth(false, 0, Duration.ZERO, "Interrupted while checking " + health + ".");
        }
    }
}
