package dev.porthole.policy.path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathPatternTest {

    private static boolean matches(String pattern, String rawPath) {
        return PathPattern.parse(pattern).matches(PathPattern.canonical(rawPath));
    }

    @Test
    void aPlainPatternMatchesThatPathOnly() {
        assertThat(matches("/robots.txt", "/robots.txt")).isTrue();
        assertThat(matches("/robots.txt", "/robots.txt/")).isFalse();
        assertThat(matches("/robots.txt", "/Robots.txt")).as("case-sensitive").isFalse();
        assertThat(matches("/robots.txt", "/robots.txtx")).isFalse();
        assertThat(matches("/", "/")).isTrue();
        assertThat(matches("/", "")).isTrue();
        assertThat(matches("/", "/a")).isFalse();
    }

    @Test
    void oneStarStaysInsideASegment() {
        assertThat(matches("/hooks/*", "/hooks/github")).isTrue();
        assertThat(matches("/hooks/*", "/hooks/")).isTrue();
        assertThat(matches("/hooks/*", "/hooks/github/push")).isFalse();
        assertThat(matches("/hooks/*", "/hooks")).isFalse();
        assertThat(matches("/*.txt", "/robots.txt")).isTrue();
        assertThat(matches("/*.txt", "/a/robots.txt")).isFalse();
        assertThat(matches("/api/*/health", "/api/v1/health")).isTrue();
        assertThat(matches("/a*b*c", "/axxbyyc")).isTrue();
        assertThat(matches("/a*b*c", "/axxbyy")).isFalse();
    }

    @Test
    void doubleStarIsAnyNumberOfSegmentsIncludingNone() {
        assertThat(matches("/api/**", "/api")).isTrue();
        assertThat(matches("/api/**", "/api/")).isTrue();
        assertThat(matches("/api/**", "/api/v1/users/7")).isTrue();
        assertThat(matches("/api/**", "/apis")).isFalse();
        assertThat(matches("/**", "/anything/at/all")).isTrue();
        assertThat(matches("/**/health", "/health")).isTrue();
        assertThat(matches("/**/health", "/a/b/health")).isTrue();
        assertThat(matches("/**/health", "/a/b/healthz")).isFalse();
    }

    @Test
    void pathsAreComparedDecodedAndNormalisedSoEscapesCannotSlipPastARule() {
        assertThat(matches("/admin/**", "/%61dmin/users")).isTrue();
        assertThat(matches("/admin/**", "//admin")).isTrue();
        assertThat(matches("/admin/**", "/public/../admin/x")).isTrue();
        assertThat(matches("/admin/**", "/public/%2e%2e/admin")).isTrue();
        assertThat(matches("/admin/**", "/./admin/")).isTrue();
        assertThat(matches("/admin/**", "/admin%2Fkeys")).isTrue();
        assertThat(matches("/caf\u00e9", "/caf%C3%A9")).isTrue();
        assertThat(matches("/a%20b", "/a b")).as("the pattern is decoded too").isTrue();
    }

    @Test
    void canonicalForm() {
        assertThat(PathPattern.canonical("/a//b/./c/../d/")).isEqualTo("/a/b/d/");
        assertThat(PathPattern.canonical("/../../x")).isEqualTo("/x");
        assertThat(PathPattern.canonical("/a/b/..")).isEqualTo("/a/");
        assertThat(PathPattern.canonical("/%zz%4")).as("malformed escapes are kept").isEqualTo("/%zz%4");
        assertThat(PathPattern.canonical("relative")).isEqualTo("/relative");
    }

    @Test
    void refusesPatternsThatCannotMeanWhatTheySay() {
        assertThatThrownBy(() -> PathPattern.parse("robots.txt")).hasMessageContaining("must start with /");
        assertThatThrownBy(() -> PathPattern.parse("/search?q=*")).hasMessageContaining("must not contain a query");
        assertThatThrownBy(() -> PathPattern.parse("/a#b")).hasMessageContaining("fragment");
        assertThatThrownBy(() -> PathPattern.parse("/a b")).hasMessageContaining("spaces");
        assertThatThrownBy(() -> PathPattern.parse("/api**")).hasMessageContaining("** must be a whole segment");
        assertThatThrownBy(() -> PathPattern.parse("")).hasMessageContaining("use /** for every path");
        assertThatThrownBy(() -> PathPattern.parse("/" + "a".repeat(PathPattern.MAX_LENGTH))).hasMessageContaining("at most");
    }

    @Test
    void aHostileLongPathIsMatchedCorrectlyWithoutBlowingUp() {
        PathPattern pattern = PathPattern.parse("/**/a*a*a*a*a*b/**/c");
        String hostile = "/" + "a/".repeat(3_000) + "a".repeat(5_000);
        long start = System.nanoTime();
        boolean matched = pattern.matches(PathPattern.canonical(hostile));
        long micros = (System.nanoTime() - start) / 1_000;
        System.out.println("hostile path of " + hostile.length() + " characters matched in " + micros + " µs");
        assertThat(matched).isFalse();
        assertThat(pattern.matches(PathPattern.canonical("/x/y/aaaaaab/z/c"))).isTrue();
    }
}
