package dev.porthole.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BodySplitterTest {
    private static final HttpHeaders HEADERS = HttpHeaders.of(
        "Content-Type", "application/octet-stream", "Set-Cookie", "a=1", "Set-Cookie", "b=2", "X-Name", "Zoë ✓ 日本");

    /** Body sizes around every boundary that matters, up to the 5 MB the protocol promises both ways. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 100, 23_000, 23_900, 24_000, 24_001, 50_000, 100 * 1024, 1_000_003, 5 * 1024 * 1024})
    void everyMessageFitsTheFrameLimitAndTheBodyComesBackByteForByte(int size) throws ProtocolException {
        byte[] body = randomBytes(size, size);
        List<byte[]> messages = BodySplitter.split(new ResponseHead("rid-1", 200, HEADERS, 0, "", false), body);

        for (byte[] m : messages) {
            assertThat(m.length).isLessThanOrEqualTo(Limits.MAX_MESSAGE_BYTES);
        }
        // chunks travel through separate Lambda invocations, so they may arrive in any order
        List<byte[]> shuffled = new ArrayList<>(messages);
        Collections.shuffle(shuffled, new Random(size));
        BodyAssembler assembler = new BodyAssembler(Limits.DEFAULT_MAX_BODY_BYTES);
        for (byte[] m : shuffled) {
            assertThat(assembler.isComplete()).isFalse();
            assembler.accept(MessageCodec.decode(m));
        }
        assertThat(assembler.isComplete()).isTrue();
        assertThat(assembler.body()).isEqualTo(body);
        assertThat(assembler.head()).isInstanceOfSatisfying(ResponseHead.class, h -> {
            assertThat(h.headers()).isEqualTo(HEADERS);
            assertThat(h.bodySize()).isEqualTo(size);
        });
    }

    @Test
    void aFiveMegabyteBodyUsesFewMessagesThatAreNearlyFull() throws ProtocolException {
        List<byte[]> messages = BodySplitter.split(RequestHead.live("x", "POST", "/", HEADERS, "", "relay"), new byte[5 * 1024 * 1024]);
        // 5 MiB as base64 is 6.99 MB; at ~32 KB per message that is ~220 messages, not thousands
        assertThat(messages).hasSizeBetween(215, 235);
    }

    @Test
    void headersTooLargeForOneMessageAreRefusedClearly() {
        HttpHeaders huge = HttpHeaders.of("Cookie", "x".repeat(Limits.MAX_MESSAGE_BYTES));
        assertThatThrownBy(() -> BodySplitter.split(new ResponseHead("r", 200, huge, 0, "", false), new byte[1]))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE));
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
