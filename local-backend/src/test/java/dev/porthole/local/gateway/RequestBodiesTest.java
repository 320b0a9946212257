package dev.porthole.local.gateway;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A body comes back whole, or one byte over the limit, whatever length was expected of it — right, wrong or unknown. */
class RequestBodiesTest {
    @Test
    void theBodyIsReadWholeOrJustPastTheLimitWhateverLengthWasExpected() throws IOException {
        for (int length : new int[] {0, 1, 5, 1023, 1024, 1025, 5_000, 20_000}) {
            byte[] body = new byte[length];
            new Random(length).nextBytes(body);
            for (int limit : new int[] {0, 10, 1024, 100_000}) {
                for (int expected : new int[] {-1, 0, length / 2, length, length + 3}) {
                    byte[] read = RequestBodies.read(new ByteArrayInputStream(body), expected > limit ? -1 : expected, limit);
                    assertThat(read).as("length %d, expected %d, limit %d", length, expected, limit)
                        .isEqualTo(Arrays.copyOf(body, Math.min(length, limit + 1)));
                }
            }
        }
    }
}
