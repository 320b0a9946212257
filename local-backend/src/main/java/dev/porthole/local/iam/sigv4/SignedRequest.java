package dev.porthole.local.iam.sigv4;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;

import java.util.ArrayList;
import java.util.List;

/**
 * A request as it arrived, which is what a signature covers: method, path and query exactly as on the wire
 * (still percent-encoded), every header in order (repeated ones kept), and the body.
 *
 * @param rawPath  the path as sent, e.g. {@code /local/%40connections/abc%3D}
 * @param rawQuery the query without {@code ?}, empty when there is none
 */
public record SignedRequest(String method, String rawPath, String rawQuery, List<Header> headers, byte[] body) {

    public record Header(String name, String value) {
    }

    public SignedRequest {
        headers = List.copyOf(headers);
        rawQuery = rawQuery == null ? "" : rawQuery;
    }

    public static SignedRequest of(String method, String rawPath, String rawQuery, List<Header> headers, byte[] body) {
        return new SignedRequest(method, rawPath, rawQuery, headers, body);
    }

    /** A Jetty request (a WebSocket upgrade request too) with the body the caller has read. */
    public static SignedRequest from(Request request, byte[] body) {
        List<Header> headers = new ArrayList<>();
        for (HttpField field : request.getHeaders()) {
            headers.add(new Header(field.getName(), field.getValue()));
        }
        if (headers.stream().noneMatch(h -> h.name().equalsIgnoreCase("host")) && request.getHttpURI().getAuthority() != null) {
            // HTTP/2 carries the host as :authority, which signers sign as host
            headers.add(new Header("Host", request.getHttpURI().getAuthority()));
        }
        return new SignedRequest(request.getMethod(), request.getHttpURI().getPath(), request.getHttpURI().getQuery(), headers, body);
    }

    /** Every value of a header, in order; names compare without regard to case. */
    public List<String> values(String name) {
        List<String> values = new java.util.ArrayList<>(1);
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                values.add(h.value());
            }
        }
        return values;
    }

    public java.util.Optional<String> first(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return java.util.Optional.of(h.value());
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public String toString() {
        // never the headers: they hold the Authorization and the security token
        return method + " " + rawPath + (rawQuery.isEmpty() ? "" : "?…") + " (" + body.length + " bytes)";
    }
}
