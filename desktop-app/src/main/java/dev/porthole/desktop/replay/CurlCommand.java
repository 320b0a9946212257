package dev.porthole.desktop.replay;

import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.desktop.inspect.Bodies;
import dev.porthole.protocol.Header;

import java.net.URI;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * "Copy as curl": a command that sends the caller's request again from a POSIX shell — the caller's headers (not
 * those the gateway added, see {@link GatewayHeaders}) and the body's exact bytes: as text when they are UTF-8 text
 * (what a shell passes on unchanged), else base64-decoded on the way.
 */
public final class CurlCommand {
    private static final Set<String> SKIPPED = Set.of("host", "content-length", "connection", "transfer-encoding",
            "keep-alive", "te", "upgrade");

    private CurlCommand() {
    }

    /** @param url the full URL to send it to (the public URL, or the local target) */
    public static String of(CapturedRequest request, URI url) {
        StringBuilder cmd = new StringBuilder();
        byte[] body = request.body().bytes();
        String text = body.length == 0 ? null : Bodies.utf8TextOrNull(body);
        boolean binary = body.length > 0 && text == null;
        if (binary) {
            cmd.append("printf '%s' ").append(quote(Base64.getEncoder().encodeToString(body))).append(" | base64 -d | ");
        }
        cmd.append("curl");
        if (!request.method().equals("GET") || body.length > 0) {
            cmd.append(" -X ").append(quote(request.method()));
        }
        cmd.append(' ').append(quote(url.toString()));
        for (Header h : request.headers()) {
            if (!SKIPPED.contains(h.name().toLowerCase(Locale.ROOT)) && !GatewayHeaders.addedByGateway(h)) {
                cmd.append(" \\\n  -H ").append(quote(h.name() + ": " + h.value()));
            }
        }
        if (binary) {
            cmd.append(" \\\n  --data-binary @-");
        } else if (text != null) {
            cmd.append(" \\\n  --data-binary ").append(quote(text));
        }
        if (request.body().truncated()) {
            cmd.append("\n# Note: the body was cut at ").append(body.length).append(" of ").append(request.body().size())
                    .append(" bytes when it was captured.");
        }
        return cmd.toString();
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
