package dev.porthole.protocol;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HttpHeadersTest {

    @Test
    void keepsOrderCaseAndEveryRepeatedValue() {
        HttpHeaders h = HttpHeaders.of("Set-Cookie", "a=1", "Content-Type", "text/html", "set-cookie", "b=2", "SET-COOKIE", "c=3");
        assertThat(h.all("set-cookie")).containsExactly("a=1", "b=2", "c=3");
        assertThat(h.lines().get(2).name()).isEqualTo("set-cookie");
        assertThat(h.first("content-type")).contains("text/html");
        assertThat(h.names()).containsExactly("set-cookie", "content-type");
    }

    @Test
    void withReplacesEveryLineOfANameAndWithoutRemovesThem() {
        HttpHeaders h = HttpHeaders.of("Host", "public.example", "X-A", "1", "host", "again");
        assertThat(h.with("Host", "localhost:3000").all("host")).containsExactly("localhost:3000");
        assertThat(h.without("HOST", "x-a").isEmpty()).isTrue();
        assertThat(h.plus("X-A", "2").all("x-a")).containsExactly("1", "2");
    }

    @Test
    void buildsFromAMultiMap() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        map.put("Vary", List.of("Accept", "Origin"));
        map.put("ETag", List.of("\"x\""));
        assertThat(HttpHeaders.fromMultiMap(map)).isEqualTo(HttpHeaders.of("Vary", "Accept", "Vary", "Origin", "ETag", "\"x\""));
    }
}
