package dev.porthole.agent.forward.http;

import dev.porthole.agent.forward.http.ExchangeException.Reason;
import dev.porthole.protocol.Header;
import dev.porthole.protocol.HttpHeaders;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an HTTP/1.1 response from a connection (RFC 9112): the status line and header lines — skipping interim 1xx
 * responses — and then the body in whichever framing the head announces, never more of it than a limit. Anything
 * that does not follow the syntax is refused rather than guessed at, since a proxy that reads a response
 * differently from its sender is how responses get smuggled.
 */
final class ResponseReader {
    /** Larger heads are refused: a local service that sends more is broken, and API Gateway would refuse them too. */
    static final int MAX_HEAD_BYTES = 64 * 1024;
    /** A service that sends more interim responses than this without a final one is not going to send one. */
    static final int MAX_INTERIM_RESPONSES = 20;
    private static final int MAX_CHUNK_LINE_BYTES = 1024;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/(\\d)\\.(\\d) (\\d{3})(?: .*)?");
    private static final Pattern KEEP_ALIVE_TIMEOUT = Pattern.compile("(?:^|[,;\\s])timeout\\s*=\\s*(\\d{1,6})");

    private ResponseReader() {
    }

    /**
     * The head of the final response.
     *
     * @param keepAlive       whether the connection may carry another request once the body is read
     * @param keepAliveTimeout how long the service said it keeps an idle connection ({@code Keep-Alive: timeout=N}), if it did
     */
    record Head(int status, HttpHeaders headers, boolean keepAlive, Optional<Duration> keepAliveTimeout) {
    }

    /** The body as read; {@code complete} is false when it was cut, and then the connection cannot be reused. */
    record Body(byte[] bytes, boolean complete) {
    }

    /** How the body's end is found (RFC 9112 section 6.3). */
    private sealed interface Framing {
        record None() implements Framing {
        }

        record Length(long bytes) implements Framing {
        }

        record Chunked() implements Framing {
        }

        record UntilClose() implements Framing {
        }
    }

    /** The final response's head; interim responses (1xx other than 101) are read and dropped. */
    static Head readHead(Connection connection) throws IOException {
        for (int interim = 0; interim <= MAX_INTERIM_RESPONSES; interim++) {
            Head head = readOneHead(connection);
            if (head.status() >= 200 || head.status() == 101) {
                return head;
            }
        }
        throw new ExchangeException(Reason.MALFORMED, "it sent more than " + MAX_INTERIM_RESPONSES
            + " interim (1xx) responses and no final one");
    }

    private static Head readOneHead(Connection connection) throws IOException {
        int first = connection.peek();
        if (first == 0x15 || first == 0x16) {
            // a TLS record (an alert, or a handshake): the local port speaks HTTPS
            throw new ExchangeException(Reason.MALFORMED, "it answered with TLS, not plain HTTP: the agent speaks http:// "
                + "to the local service, so point the tunnel at a port that does");
        }
        int[] budget = {MAX_HEAD_BYTES};
        String statusLine = readLine(connection, budget, true);
        for (int blank = 0; statusLine.isEmpty() && blank < 4; blank++) {
            statusLine = readLine(connection, budget, true); // tolerated: a stray CRLF after a previous body
        }
        Matcher status = STATUS_LINE.matcher(statusLine);
        if (!status.matches() || !status.group(1).equals("1")) {
            throw new ExchangeException(Reason.MALFORMED, "its answer does not start with an HTTP/1.x status line");
        }
        int code = Integer.parseInt(status.group(3));
        if (code < 100 || code > 599) {
            throw new ExchangeException(Reason.MALFORMED, "it answered with the status " + code + ", which HTTP does not have");
        }
        boolean http11 = !status.group(2).equals("0");
        List<Header> lines = new ArrayList<>();
        while (true) {
            String line = readLine(connection, budget, false);
            if (line.isEmpty()) {
                break;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                // obs-fold: a proxy replaces it with a space (RFC 9112 section 5.2)
                if (lines.isEmpty()) {
                    throw new ExchangeException(Reason.MALFORMED, "its first header line starts with whitespace");
                }
                Header last = lines.removeLast();
                lines.add(new Header(last.name(), (last.value() + " " + line.strip()).strip()));
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !Wire.isToken(line.substring(0, colon))) {
                throw new ExchangeException(Reason.MALFORMED, "it sent a header line that is not \"name: value\"");
            }
            String value = line.substring(colon + 1).strip();
            if (value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
                throw new ExchangeException(Reason.MALFORMED, "the value of its header " + line.substring(0, colon)
                    + " holds a control character");
            }
            lines.add(new Header(line.substring(0, colon), value));
        }
        HttpHeaders headers = HttpHeaders.of(lines);
        List<String> lengths = contentLengths(headers);
        if (!headers.contains("transfer-encoding") && !lengths.isEmpty()
            && (lengths.size() > 1 || !lengths.getFirst().matches("\\d{1,18}"))) {
            // two different lengths: which one the next hop believes decides where this response ends
            throw new ExchangeException(Reason.MALFORMED, "its Content-Length is not one number");
        }
        boolean close = tokens(headers, "connection").contains("close");
        return new Head(code, headers, http11 && !close, keepAliveTimeout(headers));
    }

    /**
     * The body of {@code head}'s response: none for HEAD, 1xx, 204 and 304; else by Transfer-Encoding, Content-Length
     * or the end of the connection.
     *
     * @param partial receives the bytes as they arrive, so that whoever cuts the connection keeps what came so far
     */
    static Body readBody(Connection connection, Head head, boolean headRequest, long limit, ByteArrayOutputStream partial)
        throws IOException {
        Framing framing = framing(head, headRequest);
        switch (framing) {
            case Framing.None n -> {
                return new Body(new byte[0], true);
            }
            case Framing.Length length -> {
                if (length.bytes() > limit) {
                    throw tooLarge(limit);
                }
                readExactly(connection, length.bytes(), partial, "its body, " + length.bytes() + " bytes long by its Content-Length");
                return new Body(partial.toByteArray(), true);
            }
            case Framing.Chunked c -> {
                readChunked(connection, limit, partial);
                return new Body(partial.toByteArray(), true);
            }
            case Framing.UntilClose u -> {
                byte[] chunk = new byte[8192];
                for (int n; (n = connection.read(chunk, 0, chunk.length)) >= 0; ) {
                    if (partial.size() + (long) n > limit) {
                        throw tooLarge(limit);
                    }
                    partial.write(chunk, 0, n);
                }
                return new Body(partial.toByteArray(), true);
            }
        }
    }

    /** Whether the connection may carry another exchange after this response's body was read whole. */
    static boolean reusableAfter(Head head, boolean headRequest) {
        return head.keepAlive() && !(framing(head, headRequest) instanceof Framing.UntilClose);
    }

    private static Framing framing(Head head, boolean headRequest) {
        int status = head.status();
        if (headRequest || status < 200 || status == 204 || status == 304) {
            return new Framing.None();
        }
        List<String> codings = tokens(head.headers(), "transfer-encoding");
        if (!codings.isEmpty()) {
            return codings.getLast().equals("chunked") ? new Framing.Chunked() : new Framing.UntilClose();
        }
        List<String> lengths = contentLengths(head.headers());
        return lengths.isEmpty() ? new Framing.UntilClose() : new Framing.Length(Long.parseLong(lengths.getFirst()));
    }

    /** The distinct values of Content-Length (a line may repeat the value, comma-separated). */
    private static List<String> contentLengths(HttpHeaders headers) {
        return headers.all("content-length").stream()
            .flatMap(v -> Arrays.stream(v.split(",")))
            .map(String::strip)
            .distinct()
            .toList();
    }

    private static void readExactly(Connection connection, long length, ByteArrayOutputStream out, String what)
        throws IOException {
        byte[] chunk = new byte[(int) Math.min(8192, Math.max(1, length))];
        long left = length;
        while (left > 0) {
            int n = connection.read(chunk, 0, (int) Math.min(chunk.length, left));
            if (n < 0) {
                throw new ExchangeException(Reason.CLOSED, "it closed the connection after " + (length - left)
                    + " bytes of " + what);
            }
            out.write(chunk, 0, n);
            left -= n;
        }
    }

    private static void readChunked(Connection connection, long limit, ByteArrayOutputStream out) throws IOException {
        while (true) {
            int[] budget = {MAX_CHUNK_LINE_BYTES};
            String sizeLine = readChunkLine(connection, budget);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
            if (!hex.matches("[0-9A-Fa-f]{1,15}")) {
                throw new ExchangeException(Reason.MALFORMED, "its chunked body has a chunk size that is not a hex number");
            }
            long size = Long.parseLong(hex, 16);
            if (size == 0) {
                int[] trailerBudget = {MAX_HEAD_BYTES};
                // trailers are read and dropped: API Gateway has no way to send them on
                while (!readChunkLine(connection, trailerBudget).isEmpty()) {
                    // next trailer line
                }
                return;
            }
            if (out.size() + size > limit) {
                throw tooLarge(limit);
            }
            readExactly(connection, size, out, "a chunk of its chunked body");
            int[] endBudget = {2};
            if (!readChunkLine(connection, endBudget).isEmpty()) {
                throw new ExchangeException(Reason.MALFORMED, "a chunk of its chunked body is longer than its size says");
            }
        }
    }

    private static String readChunkLine(Connection connection, int[] budget) throws IOException {
        try {
            return readLine(connection, budget, true);
        } catch (ExchangeException e) {
            if (e.reason() == Reason.CLOSED) {
                throw new ExchangeException(Reason.CLOSED, "it closed the connection in the middle of its chunked body");
            }
            throw e;
        }
    }

    /**
     * One line, without its CRLF (a bare LF is accepted). The status line and header names are ASCII; values are
     * decoded as UTF-8, with U+FFFD for bytes that are not, so that what passes on through API Gateway (UTF-8
     * text) is the same text.
     */
    private static String readLine(Connection connection, int[] budget, boolean first) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = connection.read();
            if (b < 0) {
                throw new ExchangeException(Reason.CLOSED, connection.received() == 0
                    ? "it closed the connection without answering"
                    : "it closed the connection in the middle of its response headers");
            }
            if (--budget[0] < 0) {
                throw new ExchangeException(Reason.MALFORMED, "its response headers are larger than " + MAX_HEAD_BYTES + " bytes");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, first ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    /** The comma-separated tokens of every line of a header, lower-cased. */
    private static List<String> tokens(HttpHeaders headers, String name) {
        return headers.all(name).stream()
            .flatMap(v -> Arrays.stream(v.split(",")))
            .map(t -> t.strip().toLowerCase(Locale.ROOT))
            .filter(t -> !t.isEmpty())
            .toList();
    }

    private static Optional<Duration> keepAliveTimeout(HttpHeaders headers) {
        return headers.first("keep-alive").map(v -> KEEP_ALIVE_TIMEOUT.matcher(v.toLowerCase(Locale.ROOT)))
            .filter(Matcher::find)
            .map(m -> Duration.ofSeconds(Long.parseLong(m.group(1))));
    }

    private static ExchangeException tooLarge(long limit) {
        return new ExchangeException(Reason.TOO_LARGE, "its response body is larger than the " + limit + "-byte limit");
    }

}
