package dev.porthole.deploy.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The limits a user meets with a Porthole backend, for the app's Backends page and {@code porthole-deployer status}:
 * the account's Lambda concurrency in the stack's Region and the stages' throttles, with what they mean.
 *
 * @param region      the Region they apply to
 * @param concurrency the account's Lambda concurrency there
 * @param stages      the throttled stages of the template (the HTTP API's first)
 */
public record BackendLimits(String region, AccountConcurrency concurrency, List<StageThrottle> stages) {

    /**
     * How long one small request keeps an execution environment busy, to turn concurrency into requests per second:
     * a local service answering in about 50 ms plus about 75 ms of relaying (docs/deploying.md, "What it costs").
     */
    public static final Duration TYPICAL_REQUEST = Duration.ofMillis(125);

    public BackendLimits {
        stages = stages.stream().sorted((a, b) -> Boolean.compare(b.http(), a.http())).toList();
    }

    public static BackendLimits of(String region, AccountConcurrency concurrency, List<StageThrottle> stages) {
        return new BackendLimits(region, concurrency, stages);
    }

    /** The public stage's throttle, if the template sets one. */
    public Optional<StageThrottle> publicStage() {
        return stages.stream().filter(StageThrottle::http).findFirst();
    }

    /** About how many public requests (or downloads, however large) can be in flight at once. */
    public int parallelRequests() {
        return concurrency.parallelRequests();
    }

    /** About how many small requests per second get through: the lower of the stage's rate and what concurrency allows. */
    public int requestsPerSecond() {
        int byConcurrency = concurrency.requestsPerSecond(TYPICAL_REQUEST);
        return publicStage().map(s -> (int) Math.min(s.rateLimit(), byConcurrency)).orElse(byConcurrency);
    }

    /** Present when the account's concurrency is low (below {@value AccountConcurrency#LOW}): the problem and how to raise it. */
    public Optional<String> warning() {
        return concurrency.warning(region).map(w -> w + " " + AccountConcurrency.howToRaise(region));
    }

    /** Plain-word lines, one per limit, the summary first. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("About " + AccountConcurrency.number(requestsPerSecond()) + " small requests per second and "
                + AccountConcurrency.number(parallelRequests()) + " at once (large downloads included) over all your tunnels.");
        lines.add(concurrency.meaning(region));
        stages.forEach(stage -> lines.add(stage.meaning()));
        return List.copyOf(lines);
    }
}
