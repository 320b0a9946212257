package dev.porthole.agent.forward;

import dev.porthole.agent.AgentOptions.HostHeader;
import dev.porthole.protocol.HttpHeaders;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The header rules of a reverse proxy, in one place: what the local service sees of the caller's headers and
 * what the caller sees of the local service's. Everything not named here passes unchanged, every value of a
 * repeated header included.
 */
public final class ForwardingHeaders {
    /**
     * Hop-by-hop headers (RFC 9110 section 7.6.1): they describe one connection, not the message, so a proxy never
     * forwards them. {@code proxy-connection} and {@code http2-settings} are their non-standard and HTTP/2 cousins.
     */
    static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
        "trailers", "transfer-encoding", "upgrade", "http2-settings");

    /**
     * Request headers the JDK's HTTP client writes itself from the request it sends (length from the body,
     * Host from the URI; it refuses to take them from us). The agent holds the whole body, so {@code expect}
     * has nothing left to wait for.
     */
    private static final Set<String> SET_BY_CLIENT = Set.of("content-length", "expect", "host");

    private ForwardingHeaders() {
    }

    /**
     * The headers to send to the local service, except Host in {@link HostHeader#LOCAL} mode (the HTTP client
     * sets it from the local URI). X-Forwarded-Host, -Proto and -Prefix say what the caller used; an
     * X-Forwarded-For from the backend (API Gateway's view of the caller) is passed on unchanged.
     */
    public static HttpHeaders toLocal(IncomingRequest request, HostHeader mode) {
        HttpHeaders caller = request.headers();
        Optional<String> publicHost = caller.first("host");
        HttpHeaders out = withoutHopByHop(caller).filter(h -> !SET_BY_CLIENT.contains(lower(h.name())));
        if (mode == HostHeader.PUBLIC && publicHost.isPresent()) {
            out = out.plus("Host", publicHost.get());
        }
        if (publicHost.isPresent()) {
            out = out.with("X-Forwarded-Host", publicHost.get());
        }
        Optional<String> proto = caller.first("x-forwarded-proto")
            .or(() -> Optional.ofNullable(request.publicUrl()).map(u -> u.getScheme()));
        if (proto.isPresent()) {
            out = out.with("X-Forwarded-Proto", proto.get());
        }
        if (!request.prefix().isEmpty()) {
            out = out.with("X-Forwarded-Prefix", request.prefix());
        }
        return out;
    }

    /** The local service's response headers as the caller gets them: all of them, minus hop-by-hop ones. */
    public static HttpHeaders toCaller(java.net.http.HttpHeaders local) {
        // HTTP/2 pseudo-headers (":status") are not headers the caller can receive.
        return withoutHopByHop(HttpHeaders.fromMultiMap(local.map())).filter(h -> !h.name().startsWith(":"));
    }

    /** Without the hop-by-hop headers and without any header the {@code Connection} header names as hop-by-hop. */
    static HttpHeaders withoutHopByHop(HttpHeaders headers) {
        Set<String> drop = new HashSet<>(HOP_BY_HOP);
        for (String value : headers.all("connection")) {
            Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(ForwardingHeaders::lower)
                .forEach(drop::add);
        }
        return headers.filter(h -> !drop.contains(lower(h.name())));
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
