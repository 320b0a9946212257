package dev.porthole.protocol;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BodyAssemblerTest {
    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes());
    }

    private static ResponseHead head(long size, String first, boolean more) {
        return new ResponseHead("r", 200, HttpHeaders.EMPTY, size, first, more);
    }

    @Test
    void chunksBeforeTheHeadAndDuplicatesAreFine() throws ProtocolException {
        BodyAssembler a = new BodyAssembler(100);
        a.accept(new BodyChunk("r", 2, b64("c"), true));
        a.accept(new BodyChunk("r", 1, b64("b"), false));
        a.accept(new BodyChunk("r", 1, b64("b"), false));
        assertThat(a.isComplete()).isFalse();
        a.accept(head(3, b64("a"), true));
        assertThat(a.isComplete()).isTrue();
        assertThat(new String(a.body())).isEqualTo("abc");
    }

    @Test
    void aGapKeepsTheBodyIncomplete() throws ProtocolException {
        BodyAssembler a = new BodyAssembler(100);
        a.accept(head(3, b64("a"), true));
        a.accept(new BodyChunk("r", 2, b64("c"), true));
        assertThat(a.isComplete()).isFalse();
        assertThatThrownBy(a::body).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyInconsistencyIsAProtocolErrorWithItsCode() {
        record Case(ErrorCode code, List<Message> messages) {
        }
        List<Case> cases = List.of(
            new Case(ErrorCode.BODY_TOO_LARGE, List.of(head(101, "", true))),
            new Case(ErrorCode.BODY_TOO_LARGE, List.of(new BodyChunk("r", 1, b64("x".repeat(101)), false))),
            new Case(ErrorCode.MALFORMED_MESSAGE, List.of(head(1, "%%%", false))),
            new Case(ErrorCode.MALFORMED_MESSAGE, List.of(head(5, b64("a"), false))),
            new Case(ErrorCode.MALFORMED_MESSAGE, List.of(head(2, b64("a"), true), new BodyChunk("r", 1, b64("bc"), true))),
            new Case(ErrorCode.MALFORMED_MESSAGE, List.of(head(9, b64("a"), true), head(9, b64("b"), true))),
            new Case(ErrorCode.MALFORMED_MESSAGE, List.of(new BodyChunk("r", 1, b64("a"), false), new BodyChunk("r", 1, b64("b"), false))),
            new Case(ErrorCode.MALFORMED_MESSAGE, List.of(new BodyChunk("r", 2, b64("a"), true), new BodyChunk("r", 3, b64("b"), true))),
            new Case(ErrorCode.MALFORMED_MESSAGE, List.of(new BodyChunk("r", 2, b64("a"), true), new BodyChunk("r", 5, b64("b"), false))),
            new Case(ErrorCode.MALFORMED_MESSAGE, List.of(new Ping(1))));
        for (Case c : cases) {
            BodyAssembler a = new BodyAssembler(100);
            assertThatThrownBy(() -> {
                for (Message m : c.messages()) {
                    a.accept(m);
                }
            }).as("%s", c.messages()).isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(c.code()));
        }
    }
}
