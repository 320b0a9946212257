package dev.porthole.agent.forward;

import dev.porthole.agent.AgentOptions.HostHeader;
import dev.porthole.agent.forward.http.Wire;
import dev.porthole.protocol.Header;
import dev.porthole.protocol.HttpHeaders;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The header rules of a reverse proxy, in one place: what the local service sees of the caller's headers and
 * what the caller sees of the local service's. Everything not named here passes unchanged — name, value and order,
 * every value of a repeated header included — and the agent adds nothing but what is named here.
 */
public final class ForwardingHeaders {
    private static final System.Logger LOG = System.getLogger(ForwardingHeaders.class.getName());

    /**
     * Hop-by-hop headers (RFC 9110 section 7.6.1): they describe one connection, not the message, so a proxy never
     * forwards them. {@code proxy-connection} and {@code http2-settings} are their non-standard and HTTP/2 cousins.
     */
    static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
        "trailers", "transfer-encoding", "upgrade", "http2-settings");

    /**
     * The tunnel's own headers: in a response, {@code X-Porthole-*} means the tunnel said it (an agent's or the
     * backend's error page, a cut event stream). A local service's own header of that name reaches the caller
     * renamed, {@code X-Porthole-Error} as {@code X-Origin-Porthole-Error}, so a script reading
     * {@code X-Porthole-Error} can trust it.
     */
    static final String TUNNEL_PREFIX = "x-porthole-";
    static final String RENAMED_PREFIX = "X-Origin-";

    private ForwardingHeaders() {
    }

    /**
     * The headers to send to the local service, {@code Host} first: {@code <localAuthority>} in
     * {@link HostHeader#LOCAL} mode, the caller's in {@link HostHeader#PUBLIC} mode. X-Forwarded-Host, -Proto and
     * -Prefix say what the caller used, replacing any the caller sent (X-Forwarded-Prefix is absent when the request
     * came without the tunnel ID in its path: routed by Referer or cookie, it is served from the root). An
     * X-Forwarded-For from the backend (API Gateway's view of the caller) passes unchanged. {@code Expect} is
     * dropped: the agent already holds the whole body, so there is nothing to wait for. A line HTTP/1.1 cannot
     * carry (a control character in its value) is left out.
     *
     * @param localAuthority {@code host:port} of the local service
     */
    public static HttpHeaders toLocal(IncomingRequest request, HostHeader mode, String localAuthority) {
        HttpHeaders caller = request.headers();
        Optional<String> publicHost = caller.first("host");
        List<Header> out = new ArrayList<>();
        out.add(new Header("Host", mode == HostHeader.PUBLIC && publicHost.isPresent() ? publicHost.get() : localAuthority));
        for (Header h : withoutHopByHop(caller)) {
            if (h.hasName("host") || h.hasName("expect") || h.hasName("x-forwarded-host") || h.hasName("x-forwarded-prefix")) {
                continue;
            }
            if (Wire.isToken(h.name()) && Wire.isFieldValue(h.value())) {
                out.add(h);
            } else {
                LOG.log(System.Logger.Level.DEBUG, "header {0} not forwarded: HTTP/1.1 cannot carry it", h.name());
            }
        }
        HttpHeaders headers = HttpHeaders.of(out);
        if (publicHost.isPresent()) {
            headers = headers.plus("X-Forwarded-Host", publicHost.get());
        }
        Optional<String> proto = caller.first("x-forwarded-proto")
            .or(() -> Optional.ofNullable(request.publicUrl()).map(u -> u.getScheme()));
        if (proto.isPresent()) {
            headers = headers.with("X-Forwarded-Proto", proto.get());
        }
        if (!request.prefix().isEmpty()) {
            headers = headers.plus("X-Forwarded-Prefix", request.prefix());
        }
        return headers;
    }

    /**
     * The local service's response headers as the caller gets them: all of them, in order, minus hop-by-hop ones,
     * with its own {@code X-Porthole-*} headers renamed {@code X-Origin-Porthole-*}.
     */
    public static HttpHeaders toCaller(HttpHeaders local) {
        List<Header> out = new ArrayList<>();
        for (Header h : withoutHopByHop(local)) {
            boolean tunnels = h.name().toLowerCase(Locale.ROOT).startsWith(TUNNEL_PREFIX);
            out.add(tunnels ? new Header(RENAMED_PREFIX + h.name().substring("X-".length()), h.value()) : h);
        }
        return HttpHeaders.of(out);
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
