package dev.porthole.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A JSON parser over a document's UTF-8 bytes that takes a long string value which is plain ASCII with nothing
 * escaped — a base64 body, a chunk's data — from the bytes as it is: one copy at memory speed, where Jackson decodes
 * it character by character and then makes a String of the characters. Every other value, and every string with an
 * escape, a control character or a non-ASCII character, is read by Jackson as ever, so what comes out is the same.
 */
public final class RawStringParser extends JsonParserDelegate {
    /** Shorter strings are not worth the look. */
    private static final int LONG = 512;
    /** Documents shorter than this (every small request's event, answer and message) are left to Jackson. */
    private static final int SMALL_DOCUMENT = 8 * 1024;
    /** Eight bytes at a time: the scan for the closing quote is most of what taking a string from the bytes costs. */
    private static final VarHandle EIGHT_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final byte[] utf8;

    private RawStringParser(JsonParser parser, byte[] utf8) {
        super(parser);
        this.utf8 = utf8;
    }

    /**
     * A parser of {@code utf8} (all of it) made by {@code factory}; Jackson's own for a small document, where there is
     * nothing to gain and a small request should not pay for looking.
     */
    public static JsonParser over(JsonFactory factory, byte[] utf8) throws IOException {
        JsonParser parser = factory.createParser(utf8);
        return utf8.length < SMALL_DOCUMENT ? parser : new RawStringParser(parser, utf8);
    }

    @Override
    public String getText() throws IOException {
        String raw = currentToken() == JsonToken.VALUE_STRING ? raw() : null;
        return raw != null ? raw : super.getText();
    }

    @Override
    public String getValueAsString() throws IOException {
        String raw = currentToken() == JsonToken.VALUE_STRING ? raw() : null;
        return raw != null ? raw : super.getValueAsString();
    }

    /** The current string from the bytes, or null when it is short or not plain. */
    private String raw() {
        long quote = delegate.currentTokenLocation().getByteOffset();
        if (quote < 0 || quote >= utf8.length || utf8[(int) quote] != '"') {
            return null;
        }
        int from = (int) quote + 1;
        int i = from;
        while (i + 8 <= utf8.length && !anyStops((long) EIGHT_BYTES.get(utf8, i))) {
            i += 8;
        }
        for (; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b == '"') {
                return i - from >= LONG ? new String(utf8, from, i - from, StandardCharsets.ISO_8859_1) : null;
            }
            if (b == '\\' || b < 0x20) { // an escape, a control character (invalid JSON) or a byte of a non-ASCII character
                return null;
            }
        }
        return null;
    }

    /**
     * Whether any of eight bytes may end the plain run: a quote, a backslash, a control character or a byte of a
     * non-ASCII character (a few others may be said to as well — the byte-by-byte loop then decides — never fewer).
     */
    private static boolean anyStops(long bytes) {
        long quotes = bytes ^ 0x2222222222222222L;
        long backslashes = bytes ^ 0x5C5C5C5C5C5C5C5CL;
        long zeroIsQuote = (quotes - ONES) & ~quotes;
        long zeroIsBackslash = (backslashes - ONES) & ~backslashes;
        long belowSpace = bytes - 0x2020202020202020L; // a byte under 0x20 borrows into its high bit
        return ((zeroIsQuote | zeroIsBackslash | belowSpace | bytes) & HIGH_BITS) != 0;
    }
}
