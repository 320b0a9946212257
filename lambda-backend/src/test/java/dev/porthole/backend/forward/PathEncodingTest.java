package dev.porthole.backend.forward;

import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PathEncodingTest {

    @Test
    void reEncodesWhatApiGatewayDecoded() {
        assertThat(PathEncoding.encode("/café/a b")).isEqualTo("/caf%C3%A9/a%20b");
        assertThat(PathEncoding.encode("/100%")).isEqualTo("/100%25");
        assertThat(PathEncoding.encode("/日本/x?y#z")).isEqualTo("/%E6%97%A5%E6%9C%AC/x%3Fy%23z");
    }

    @Test
    void leavesCharactersAPathMayCarryAlone() {
        String allowed = "/a-z.A_Z~0!$&'()*+,;=:@/";
        assertThat(PathEncoding.encode(allowed)).isEqualTo(allowed);
    }

    @Test
    void decodingTheResultGivesBackTheInput() {
        String decoded = "/ümlaut/%41/spaces here/ünïcødé ✓";
        String encoded = PathEncoding.encode(decoded);
        assertThat(encoded).matches("[A-Za-z0-9\\-._~!$&'()*+,;=:@/%]+");
        assertThat(URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8)).isEqualTo(decoded);
    }
}
