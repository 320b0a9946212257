package dev.porthole.desktop.inspect;

import dev.porthole.agent.capture.CapturedBody;
import dev.porthole.agent.capture.CapturedRequest;
import dev.porthole.agent.capture.CapturedResponse;
import dev.porthole.desktop.inspect.BodyView.FormField;
import dev.porthole.protocol.Header;

import java.util.List;

/** One side of the inspector (request or response), ready to show. */
public record MessageView(String title, List<Header> headers, List<FormField> query, List<Cookies.Cookie> cookies,
                          BodyView body, String raw, String sizeText) {

    public static MessageView of(CapturedRequest request) {
        int q = request.target().indexOf('?');
        List<FormField> query = q < 0 ? List.of() : FormFields.urlEncoded(request.target().substring(q + 1));
        return new MessageView(request.method() + " " + request.target(), request.headers().lines(), query,
                Cookies.sent(request.headers()), Bodies.view(request.headers(), request.body()), RawMessage.of(request),
                size(request.body()));
    }

    public static MessageView of(CapturedResponse response) {
        return new MessageView(response.status() + " " + StatusText.of(response.status()), response.headers().lines(),
                List.of(), Cookies.set(response.headers()), Bodies.view(response.headers(), response.body()),
                RawMessage.of(response), size(response.body()));
    }

    private static String size(CapturedBody body) {
        if (body.size() == 0) {
            return "No body";
        }
        return body.truncated() ? Sizes.format(body.size()) + " (first " + Sizes.format(body.bytes().length) + " captured)"
                : Sizes.format(body.size());
    }
}
