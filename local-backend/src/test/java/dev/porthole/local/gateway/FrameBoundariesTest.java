package dev.porthole.local.gateway;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** API Gateway's 32 KB frames: every frame's UTF-8 fits, no character is cut apart, nothing is lost. */
class FrameBoundariesTest {
    private static final String[] PIECES = {"a", "Z", "é", "€", "😀", "\u0000", "{\"x\":"};

    @Test
    void framesFitAndKeepEveryCharacterWhole() {
        Random random = new Random(14);
        for (int round = 0; round < 200; round++) {
            StringBuilder text = new StringBuilder();
            int target = random.nextInt(140_000);
            boolean ascii = round % 3 == 0;
            while (text.length() < target) {
                text.append(ascii ? "A" : PIECES[random.nextInt(PIECES.length)]);
            }
            String message = text.toString();
            int[] cuts = WebSocketConnection.frameBoundaries(message);
            int from = 0;
            StringBuilder joined = new StringBuilder();
            for (int cut : cuts) {
                String frame = message.substring(from, cut);
                assertThat(frame.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(WebSocketConnection.MAX_FRAME_BYTES);
                assertThat(cut == message.length() || !Character.isLowSurrogate(message.charAt(cut))).as("a pair cut apart").isTrue();
                if (cut < message.length()) {
                    // a frame is cut only when the next character would not fit
                    int next = Character.charCount(message.codePointAt(cut));
                    assertThat(message.substring(from, cut + next).getBytes(StandardCharsets.UTF_8).length)
                        .isGreaterThan(WebSocketConnection.MAX_FRAME_BYTES);
                }
                joined.append(frame);
                from = cut;
            }
            assertThat(joined.toString()).isEqualTo(message);
            assertThat(cuts[cuts.length - 1]).isEqualTo(message.length());
        }
    }
}
