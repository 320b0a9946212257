package dev.porthole.desktop.inspect;

import dev.porthole.agent.capture.CapturedBody;
import dev.porthole.protocol.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import static dev.porthole.desktop.testing.Exchanges.body;
import static org.assertj.core.api.Assertions.assertThat;

class BodiesTest {

    static HttpHeaders type(String contentType) {
        return HttpHeaders.of("Content-Type", contentType);
    }

    @Test
    void json_is_pretty_printed_keeping_duplicate_keys_order_and_numbers_as_written() {
        BodyView view = Bodies.view(type("application/json; charset=utf-8"), body("{\"b\":1,\"a\":1.10,\"a\":12345678901234567890}"));
        assertThat(view).isInstanceOf(BodyView.Text.class);
        BodyView.Text text = (BodyView.Text) view;
        assertThat(text.kind()).isEqualTo(BodyKind.JSON);
        assertThat(text.text()).isEqualTo("{\n  \"b\" : 1,\n  \"a\" : 1.10,\n  \"a\" : 12345678901234567890\n}");
    }

    @Test
    void json_without_a_content_type_is_recognised() {
        assertThat(Bodies.view(HttpHeaders.EMPTY, body("[1,2]")).kind()).isEqualTo(BodyKind.JSON);
    }

    @Test
    void invalid_json_is_shown_as_text_with_a_notice() {
        BodyView view = Bodies.view(type("application/json"), body("{oops"));
        assertThat(view.kind()).isEqualTo(BodyKind.TEXT);
        assertThat(view.notice()).contains("not valid JSON");
    }

    @Test
    void xml_is_indented_and_a_dtd_is_never_expanded() {
        BodyView.Text xml = (BodyView.Text) Bodies.view(type("application/xml"), body("<a><b x=\"1\">hi</b></a>"));
        assertThat(xml.kind()).isEqualTo(BodyKind.XML);
        assertThat(xml.text()).isEqualTo("<a>\n  <b x=\"1\">hi</b>\n</a>");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>";
        BodyView.Text shown = (BodyView.Text) Bodies.view(type("text/xml"), body(xxe));
        assertThat(shown.text()).isEqualTo(xxe);
    }

    @Test
    void forms_are_shown_field_by_field() {
        BodyView.Form form = (BodyView.Form) Bodies.view(type("application/x-www-form-urlencoded"), body("user=ada+l&next=%2Fhome&flag"));
        assertThat(form.fields()).extracting(BodyView.FormField::name, BodyView.FormField::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("user", "ada l"),
                        org.assertj.core.groups.Tuple.tuple("next", "/home"), org.assertj.core.groups.Tuple.tuple("flag", ""));
    }

    @Test
    void multipart_text_parts_show_their_value_and_files_their_size() {
        String multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHello\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\u0089PNG....\r\n"
                + "--XyZ--\r\n";
        BodyView.Form form = (BodyView.Form) Bodies.view(type("multipart/form-data; boundary=XyZ"),
                new CapturedBody(multipart.getBytes(StandardCharsets.ISO_8859_1), multipart.length()));
        assertThat(form.fields()).hasSize(2);
        assertThat(form.fields().get(0).value()).isEqualTo("Hello");
        assertThat(form.fields().get(1).fileName()).isEqualTo("a.png");
        assertThat(form.fields().get(1).value()).isEqualTo("(8 B, image/png)");
    }

    @Test
    void images_are_recognised_by_type_or_by_their_first_bytes() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
        assertThat(Bodies.view(HttpHeaders.EMPTY, new CapturedBody(png, png.length)).kind()).isEqualTo(BodyKind.IMAGE);
        assertThat(Bodies.view(type("image/jpeg"), new CapturedBody(new byte[]{1}, 1)).kind()).isEqualTo(BodyKind.IMAGE);
        assertThat(Bodies.view(type("image/svg+xml"), body("<svg/>")).kind()).isEqualTo(BodyKind.XML);
    }

    @Test
    void binary_is_shown_as_hex() {
        byte[] bytes = {0, 1, 2, (byte) 0xff, 'A'};
        BodyView.Binary bin = (BodyView.Binary) Bodies.view(type("application/octet-stream"), new CapturedBody(bytes, bytes.length));
        assertThat(bin.hexDump()).startsWith("00000000  00 01 02 ff 41").contains("|....A|");
    }

    @Test
    void gzip_is_decoded_and_the_notice_says_so() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write("{\"zipped\":true}".getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = out.toByteArray();
        BodyView view = Bodies.view(HttpHeaders.of("Content-Type", "application/json", "Content-Encoding", "gzip"),
                new CapturedBody(bytes, bytes.length));
        assertThat(view.kind()).isEqualTo(BodyKind.JSON);
        assertThat(((BodyView.Text) view).text()).contains("\"zipped\" : true");
        assertThat(view.notice()).startsWith("Decoded from gzip");
    }

    @Test
    void a_truncated_capture_says_how_much_is_shown() {
        byte[] part = "{\"a\":".getBytes(StandardCharsets.UTF_8);
        BodyView view = Bodies.view(type("text/plain"), new CapturedBody(part, 3 * 1024 * 1024));
        assertThat(view.notice()).isEqualTo("Captured the first 5 B of 3.0 MB; the rest reached the caller but is not shown.");
    }

    @Test
    void a_cut_utf8_sequence_at_the_end_still_counts_as_text() {
        byte[] euro = "price: 5€".getBytes(StandardCharsets.UTF_8);
        byte[] cut = java.util.Arrays.copyOf(euro, euro.length - 1);
        assertThat(Bodies.isUtf8Text(cut)).isTrue();
        assertThat(Bodies.isUtf8Text(new byte[]{0, 1, 2})).isFalse();
    }

    @Test
    void message_views_list_query_parameters_and_cookies() {
        var request = new dev.porthole.agent.capture.CapturedRequest("GET", "/search?q=a%20b&page=2",
                HttpHeaders.of("Cookie", "sid=1; theme=dark"), CapturedBody.EMPTY);
        MessageView view = MessageView.of(request, TextPreparer.Limits.DEFAULT);
        assertThat(view.query()).extracting(BodyView.FormField::name).containsExactly("q", "page");
        assertThat(view.query().getFirst().value()).isEqualTo("a b");
        assertThat(view.cookies()).extracting(Cookies.Cookie::name).containsExactly("sid", "theme");
        assertThat(view.raw().text()).startsWith("GET /search?q=a%20b&page=2 HTTP/1.1\nCookie: sid=1; theme=dark\n");
        var response = new dev.porthole.agent.capture.CapturedResponse(200,
                HttpHeaders.of("Set-Cookie", "sid=2; Path=/; HttpOnly", "Set-Cookie", "x=y"), CapturedBody.EMPTY);
        assertThat(MessageView.of(response, TextPreparer.Limits.DEFAULT).cookies()).containsExactly(new Cookies.Cookie("sid", "2", "Path=/; HttpOnly"),
                new Cookies.Cookie("x", "y", ""));
    }

    @Test
    void highlighting_covers_the_whole_text() {
        String json = "{\n  \"a\" : [1, true, null, \"x\"]\n}";
        assertThat(Highlighter.json(json, java.time.Duration.ofSeconds(5)).length()).isEqualTo(json.length());
        var styles = new java.util.ArrayList<String>();
        Highlighter.json(json, java.time.Duration.ofSeconds(5)).forEach(span -> styles.addAll(span.getStyle()));
        assertThat(styles).contains("hl-key", "hl-number", "hl-literal", "hl-string", "hl-punct");
        String xml = "<a href=\"x\"><!-- c --></a>";
        assertThat(Highlighter.xml(xml, java.time.Duration.ofSeconds(5)).length()).isEqualTo(xml.length());
    }
}
