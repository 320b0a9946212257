package dev.porthole.backend.connection;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TunnelIdsTest {

    @Test
    void randomIdsHaveAtLeastSixtyBitsAndAreValid() {
        assertThat(TunnelIds.RANDOM_LENGTH * 5).isGreaterThanOrEqualTo(60);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = TunnelIds.random();
            assertThat(id).hasSize(TunnelIds.RANDOM_LENGTH).matches("[a-z2-7]+");
            assertThat(TunnelIds.isValid(id)).isTrue();
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void requestedIdsAreValidatedLikeDnsLabels() {
        for (String ok : new String[]{"abc", "my-app", "shop-2", "a".repeat(40)}) {
            assertThat(TunnelIds.isValid(ok)).as(ok).isTrue();
        }
        for (String bad : new String[]{null, "", "ab", "-abc", "abc-", "ABC", "a_b", "a.b", "café", "a".repeat(41), "_porthole", "a b"}) {
            assertThat(TunnelIds.isValid(bad)).as(String.valueOf(bad)).isFalse();
        }
    }
}
