package dev.porthole.desktop.inspect;

import dev.porthole.agent.capture.CapturedBody;
import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.agent.capture.CapturedResponse;
import dev.porthole.protocol.Header;
import dev.porthole.protocol.HttpHeaders;

import java.nio.charset.StandardCharsets;

/** The message as it would look on an HTTP/1.1 wire, for the Raw tab. */
public final class RawMessage {
    private RawMessage() {
    }

    public static String of(CapturedRequest request) {
        return request.method() + " " + request.target() + " HTTP/1.1\n" + rest(request.headers(), request.body());
    }

    public static String of(CapturedResponse response) {
        return "HTTP/1.1 " + response.status() + " " + StatusText.of(response.status()) + "\n"
                + rest(response.headers(), response.body());
    }

    private static String rest(HttpHeaders headers, CapturedBody body) {
        StringBuilder out = new StringBuilder();
        for (Header h : headers) {
            out.append(h.name()).append(": ").append(h.value()).append('\n');
        }
        out.append('\n');
        if (body.size() > 0) {
            if (Bodies.isUtf8Text(body.bytes())) {
                out.append(new String(body.bytes(), StandardCharsets.UTF_8));
            } else {
                out.append("[").append(Sizes.format(body.size())).append(" of binary data: see the Body tab]");
            }
            if (body.truncated()) {
                out.append("\n[… ").append(Sizes.format(body.size() - body.bytes().length)).append(" more not captured]");
            }
        }
        return out.toString();
    }
}
