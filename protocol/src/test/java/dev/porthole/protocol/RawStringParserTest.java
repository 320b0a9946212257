package dev.porthole.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Strings taken from the bytes are the strings Jackson reads, whatever they hold. */
class RawStringParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyDocumentReadsAsJacksonReadsIt() throws Exception {
        byte[] random = new byte[3_000];
        new Random(7).nextBytes(random);
        String base64 = Base64.getEncoder().encodeToString(random);
        for (String body : List.of(base64, base64 + "\\\"quoted\\\"", base64 + "\\u00e9", base64 + "é ✓ 😀", "short", "", base64 + "\\n")) {
            String document = "{\"statusCode\":200,\"headers\":{\"a\":\"" + base64.substring(0, 600) + "\"},\"body\":\"" + body
                + "\",\"list\":[\"" + body + "\",1,true,null],\"isBase64Encoded\":true}";
            byte[] utf8 = document.getBytes(StandardCharsets.UTF_8);
            JsonNode raw = JSON.readTree(RawStringParser.over(JSON.getFactory(), utf8));
            assertThat(raw).isEqualTo(JSON.readTree(utf8));
        }
    }

    /** Every byte that ends or spoils a plain run is noticed wherever it falls among the eight read at once. */
    @Test
    void aSpecialByteAnywhereInALongStringIsNoticed() throws Exception {
        Random random = new Random(11);
        String[] specials = {"\\\"", "\\\\", "\\n", "é", "😀", "\\u0041", "~", " ", "!", "#"};
        for (int round = 0; round < 400; round++) {
            StringBuilder text = new StringBuilder();
            int length = 500 + random.nextInt(700) + (round % 2) * 8 * 1024;
            while (text.length() < length) {
                text.append(random.nextInt(40) == 0 ? specials[random.nextInt(specials.length)] : (char) ('A' + random.nextInt(26)));
            }
            byte[] utf8 = ("{\"a\":[\"" + text + "\",\"" + "x".repeat(random.nextInt(600)) + "\"]}").getBytes(StandardCharsets.UTF_8);
            JsonNode raw = JSON.readTree(RawStringParser.over(JSON.getFactory(), utf8));
            assertThat(raw).isEqualTo(JSON.readTree(utf8));
        }
    }

    @Test
    void aControlCharacterInAStringIsStillRefused() {
        byte[] utf8 = ("{\"body\":\"" + "A".repeat(1_000) + "\t\"}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JSON.readTree(RawStringParser.over(JSON.getFactory(), utf8))).isInstanceOf(java.io.IOException.class);
    }
}
