package dev.porthole.backend.answer;

import dev.porthole.protocol.AnswerRoute;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Where agents post their answers and the credentials they sign them with: temporary credentials of the stack's
 * AnswerRole (which may do nothing but post to relay connections), from STS. One session serves every agent this
 * execution environment hands credentials to, and is renewed well before it expires, so a {@code ready} rarely
 * waits for STS.
 */
public final class AnswerRoutes {
    /** Role chaining (the function's role assuming another) caps a session at one hour. */
    static final Duration SESSION = Duration.ofHours(1);
    /** Hand out a session only while it has at least this long to live; agents renew at two thirds of it. */
    static final Duration MIN_LEFT = Duration.ofMinutes(40);

    private final StsClient sts;
    private final String roleArn;
    private final URI endpoint;
    private final Region region;
    private final Clock clock;
    private AnswerRoute current;

    public AnswerRoutes(StsClient sts, String roleArn, URI endpoint, Region region, Clock clock) {
        this.sts = sts;
        this.roleArn = roleArn;
        this.endpoint = endpoint;
        this.region = region;
        this.clock = clock;
    }

    /**
     * A route with credentials valid for at least {@link #MIN_LEFT}.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when STS refuses or cannot be reached
     */
    public synchronized AnswerRoute current() {
        Instant now = clock.instant();
        if (current == null || Instant.ofEpochSecond(current.expiresAt()).isBefore(now.plus(MIN_LEFT))) {
            Credentials credentials = sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("porthole-answers")
                .durationSeconds((int) SESSION.toSeconds())).credentials();
            current = new AnswerRoute(endpoint.toString(), region.id(), credentials.accessKeyId(), credentials.secretAccessKey(),
                credentials.sessionToken(), credentials.expiration().getEpochSecond());
        }
        return current;
    }
}
