package dev.porthole.desktop.inspect;

import dev.porthole.agent.capture.CapturedBody;
import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.agent.capture.CapturedResponse;
import dev.porthole.desktop.inspect.BodyView.FormField;
import dev.porthole.protocol.Header;
import dev.porthole.protocol.HttpHeaders;

import java.util.List;

/**
 * One side of the inspector (request or response), ready to show: made off the UI thread ({@link #of}), so decoding,
 * pretty-printing, bounding and colouring a body of megabytes never holds the window up.
 *
 * @param bodyText the body's text or hex dump as shown (bounded), or null for an empty body, a form or an image
 * @param raw      the message as it would look on the wire, as shown (bounded)
 * @param bytes    the body's bytes as the inspector decoded them (for Save body and Open in editor)
 */
public record MessageView(String title, List<Header> headers, List<FormField> query, List<Cookies.Cookie> cookies,
                          BodyView body, ShownText bodyText, ShownText raw, String sizeText, byte[] bytes, String mimeType) {

    public static MessageView of(CapturedRequest request, TextPreparer.Limits limits) {
        int q = request.target().indexOf('?');
        List<FormField> query = q < 0 ? List.of() : FormFields.urlEncoded(request.target().substring(q + 1));
        BodyView body = Bodies.view(request.headers(), request.body());
        return new MessageView(request.method() + " " + request.target(), request.headers().lines(), query,
                Cookies.sent(request.headers()), body, bodyText(body, limits),
                TextPreparer.prepare(RawMessage.of(request), BodyKind.TEXT, limits), size(request.body()),
                Bodies.decodedBytes(request.headers(), request.body()), mime(request.headers()));
    }

    public static MessageView of(CapturedResponse response, TextPreparer.Limits limits) {
        BodyView body = Bodies.view(response.headers(), response.body());
        return new MessageView(response.status() + " " + StatusText.of(response.status()), response.headers().lines(),
                List.of(), Cookies.set(response.headers()), body, bodyText(body, limits),
                TextPreparer.prepare(RawMessage.of(response), BodyKind.TEXT, limits), size(response.body()),
                Bodies.decodedBytes(response.headers(), response.body()), mime(response.headers()));
    }

    private static ShownText bodyText(BodyView body, TextPreparer.Limits limits) {
        return switch (body) {
            case BodyView.Text t -> TextPreparer.prepare(t.text(), t.kind(), limits);
            case BodyView.Binary b -> TextPreparer.prepare(b.hexDump(), BodyKind.BINARY, limits);
            default -> null;
        };
    }

    private static String mime(HttpHeaders headers) {
        return Bodies.mimeType(headers.first("Content-Type").orElse(""));
    }

    private static String size(CapturedBody body) {
        if (body.size() == 0) {
            return "No body";
        }
        return body.truncated() ? Sizes.format(body.size()) + " (first " + Sizes.format(body.bytes().length) + " captured)"
                : Sizes.format(body.size());
    }
}
