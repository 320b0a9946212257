package dev.porthole.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageCodecTest {

    /** Chunks are read by a path of their own (their base64 copied as it is); it reads every chunk as Jackson's mapper does. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"body\",\"id\":\"r1\",\"seq\":3,\"data\":\"QUJD\",\"last\":true}",
        "{\"type\":\"body\",\"id\":\"r1\",\"seq\":3,\"data\":\"QUJD\\u0044\\/\",\"last\":false}",
        "{\"type\":\"body\",\"data\":\"QUJD\",\"newer\":{\"a\":[1,2]},\"last\":false,\"seq\":2,\"id\":\"\\\"x\\\"\"}",
        "{\"type\":\"body\",\"id\":\"r1\",\"seq\":3,\"data\":\"Zoë\",\"last\":true}",
        "{\"type\":\"body\",\"id\":\"r1\",\"seq\":3,\"data\":\"QUJD\"}",
        "{\"type\":\"body\",\"id\":\"r1\",\"seq\":0,\"data\":\"QUJD\",\"last\":true}",
        "{\"type\":\"body\",\"id\":\"r1\",\"seq\":99999999999,\"data\":\"QUJD\",\"last\":true}",
        "{\"type\":\"body\",\"id\":null,\"seq\":3,\"data\":\"QUJD\",\"last\":true}",
        "{\"type\":\"body\",\"id\":\"r1\",\"seq\":3,\"data\":\"QUJD\",\"last\":true} trailing",
        "{\"type\":\"body\",\"id\":\"r1\",\"seq\":3,\"data\":\"QU\tJD\",\"last\":true}",
        "{\"type\":\"body\",\"id\":\"r1\",\"seq\":3,\"data\":\"QUJD",
    })
    void chunksAreReadAsTheMapperReadsThem(String json) {
        com.fasterxml.jackson.databind.ObjectMapper mapper = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
        Object expected;
        try {
            expected = mapper.readValue(json, Message.class);
        } catch (Exception e) {
            expected = "refused";
        }
        Object decoded;
        try {
            decoded = MessageCodec.decode(json);
        } catch (ProtocolException e) {
            decoded = "refused";
        }
        assertThat(decoded).isEqualTo(expected);
    }

    /** A chunk written from the body's bytes is the very JSON the record's serializer makes, and reads back the same. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 95_000, 95_001})
    void aChunkEncodedFromBytesIsTheRecordsEncoding(int length) throws ProtocolException {
        byte[] body = new byte[length + 7];
        new java.util.Random(length).nextBytes(body);
        String id = "id-\"quoted\" ✓";
        String base64 = java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(body, 5, 5 + length));
        for (boolean last : new boolean[] {false, true}) {
            BodyChunk expected = new BodyChunk(id, 42, base64, last);
            byte[] encoded = MessageCodec.encodeChunk(id, 42, body, 5, 5 + length, last);
            assertThat(new String(encoded, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(new String(MessageCodec.encodeToBytes(expected), java.nio.charset.StandardCharsets.UTF_8));
            assertThat(MessageCodec.decode(encoded)).isEqualTo(expected);
        }
    }

    private static final AnswerRoute ANSWERS = new AnswerRoute("https://r.execute-api.eu-west-1.amazonaws.com/porthole", "eu-west-1",
        "ASIAEXAMPLEEXAMPLE12", "secret/Key+value", "session-token", 1_763_703_600L);

    @Test
    void answerCredentialsNeverAppearInText() {
        assertThat(ANSWERS.toString()).doesNotContain("secret/Key+value").doesNotContain("session-token").contains("ASIAEXAMPLEEXAMPLE12");
    }

    @Test
    void everyMessageTypeSurvivesARoundTrip() throws ProtocolException {
        HttpHeaders headers = HttpHeaders.of("Set-Cookie", "a=1", "set-cookie", "b=2", "X-Ünïcode", "ßtraße");
        List<Message> messages = List.of(
            new Ready(1, "porthole-agent/0.1.0"),
            Established.open("k3x9q2m7vb4tz", "https://h.example/k3x9q2m7vb4tz/", "R1kmxc2VNjMCFIA=", "tok", 2, 6_291_456, ANSWERS),
            RequestHead.live("id-1", "PATCH", "/a%20b/c?x=1&x=2", headers, "/k3x9q2m7vb4tz", "Rel4yC0nnId0Q=").withBody(3, "AAEC", false),
            RequestHead.kept("caught.t.1", "POST", "/hook", headers, "/t", 1_763_700_000_000L),
            new ResponseHead("id-1", 302, headers, 0, "", false),
            new BodyChunk("id-1", 7, "AAEC", true),
            new ErrorMessage("id-1", ErrorCode.UNKNOWN_REQUEST, "no such request"),
            new ErrorMessage(null, "some_future_code", "from a newer peer"),
            new Ping(123L), new Pong(123L),
            new WhoAmI(), new YouAre("R1kmxc2VNjMCFIA="), new Renew(), new Renewed(ANSWERS),
            new Ready(2, "porthole-agent/0.1.0", new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("version", 1)),
            new Established("t", "https://h.example/t/", "c", "tok", 2, 6_291_456, false, false, ANSWERS, 3, 30_000),
            RequestHead.live("id-2", "GET", "/", headers, "/t", "relay").withPolicy("allowed (rule 1 (request-headers))"),
            new AnsweredByRule("POST", "/hooks/github", headers, "/t", "203.0.113.9", 1_763_700_000_000L, 401,
                "webhook-signature-invalid", "refused by rule 1 (verify-webhook): the X-Hub-Signature-256 header is missing", 2));
        for (Message message : messages) {
            assertThat(MessageCodec.decode(MessageCodec.encode(message))).isEqualTo(message);
        }
    }

    @Test
    void aReadyNeverShowsItsRulesInText() throws ProtocolException {
        Ready ready = (Ready) MessageCodec.decode("{\"type\":\"ready\",\"protocol\":2,\"agent\":\"a\",\"policy\":"
            + "{\"version\":1,\"rules\":[{\"kind\":\"verify-webhook\",\"provider\":\"github\",\"secret\":\"s3cr3t-value\"}]}}");
        assertThat(ready.policy().path("rules").get(0).path("secret").asText()).isEqualTo("s3cr3t-value");
        assertThat(ready.toString()).doesNotContain("s3cr3t-value");
        assertThat(new Ready(2, "a").policy()).isNull();
        assertThat(MessageCodec.encode(new Ready(2, "a"))).doesNotContain("policy");
    }

    @Test
    void wireFormatIsTheDocumentedOne() {
        String json = MessageCodec.encode(new ResponseHead("r", 200, HttpHeaders.of("Set-Cookie", "a=1", "Set-Cookie", "b=2"), 0, "", false));
        assertThat(json).startsWith("{\"type\":\"response\"")
            .contains("\"headers\":[[\"Set-Cookie\",\"a=1\"],[\"Set-Cookie\",\"b=2\"]]");
    }

    @Test
    void aRequestFromAnOlderBackendIsLive() throws ProtocolException {
        RequestHead head = (RequestHead) MessageCodec.decode("{\"type\":\"request\",\"id\":\"i\",\"method\":\"GET\",\"target\":\"/\",\"bodySize\":0,\"more\":false}");
        assertThat(head.caught()).isFalse();
        assertThat(MessageCodec.encode(head)).doesNotContain("caughtAt");
    }

    @Test
    void unknownFieldsFromANewerPeerAreIgnored() throws ProtocolException {
        Message m = MessageCodec.decode("{\"type\":\"ping\",\"sentAt\":5,\"futureField\":{\"x\":1}}");
        assertThat(m).isEqualTo(new Ping(5));
    }

    @Test
    void unknownTypeIsReportedAsSuch() {
        assertThatThrownBy(() -> MessageCodec.decode("{\"type\":\"teleport\"}"))
            .isInstanceOfSatisfying(ProtocolException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
                assertThat(e.getMessage()).contains("teleport");
            });
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "not json", "[]", "null", "42", "{}", "{\"type\":null}",
        "{\"type\":\"request\",\"method\":\"GET\",\"target\":\"/\"}",               // no id
        "{\"type\":\"response\",\"id\":\"x\",\"status\":99}",                       // impossible status
        "{\"type\":\"response\",\"id\":\"x\",\"status\":200,\"headers\":[[\"a\"]]}", // header not a pair
        "{\"type\":\"body\",\"id\":\"x\",\"seq\":0,\"data\":\"\"}",                  // seq starts at 1
        "{\"type\":\"ping\",\"sentAt\":\"soon\"}",
        "{\"type\":\"ready\"",
    })
    void malformedMessagesAreRejectedWithAReason(String text) {
        assertThatThrownBy(() -> MessageCodec.decode(text))
            .isInstanceOfSatisfying(ProtocolException.class, e -> {
                assertThat(e.code()).isIn(ErrorCode.MALFORMED_MESSAGE, ErrorCode.UNKNOWN_TYPE);
                assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
            });
    }

    @Test
    void messagesAboveApiGatewaysMessageLimitAreRefusedBeforeParsing() {
        String huge = "{\"type\":\"ping\",\"pad\":\"" + "x".repeat(Limits.MAX_RECEIVED_MESSAGE_BYTES) + "\"}";
        assertThatThrownBy(() -> MessageCodec.decode(huge))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE));
    }

    @Test
    void errorCodesMapBothWaysAndUnknownOnesAreInternal() {
        Stream.of(ErrorCode.values()).forEach(c -> assertThat(ErrorCode.fromWireName(c.wireName())).isEqualTo(c));
        assertThat(new ErrorMessage(null, "brand_new", "x").errorCode()).isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void typeNameIsTheWireName() {
        assertThat(MessageCodec.typeName(new Ready(1, "a"))).isEqualTo("ready");
        assertThat(MessageCodec.typeName(new BodyChunk("i", 1, "", true))).isEqualTo("body");
        assertThat(MessageCodec.encode(new YouAre("c"))).contains("\"type\":\"" + MessageCodec.typeName(new YouAre("c")) + "\"");
    }
}
