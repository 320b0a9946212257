package dev.porthole.desktop.inspect;

import java.util.List;

/** A body ready to show: what kind it is, what to show, and anything the person should know about it. */
public sealed interface BodyView {

    BodyKind kind();

    /** e.g. "Decoded from gzip" or "Showing the first 64 KB of 3.1 MB"; empty when there is nothing to say. */
    String notice();

    record Empty() implements BodyView {
        public BodyKind kind() {
            return BodyKind.EMPTY;
        }

        public String notice() {
            return "";
        }
    }

    /** Text, pretty-printed when its kind allows (JSON, XML). */
    record Text(BodyKind kind, String text, String notice) implements BodyView {
    }

    /** A URL-encoded or multipart form, field by field. */
    record Form(BodyKind kind, List<FormField> fields, String notice) implements BodyView {
    }

    record Image(byte[] bytes, String mimeType, String notice) implements BodyView {
        public BodyKind kind() {
            return BodyKind.IMAGE;
        }
    }

    record Binary(String hexDump, String notice) implements BodyView {
        public BodyKind kind() {
            return BodyKind.BINARY;
        }
    }

    /** One form field; for a file part, {@code value} describes it and {@code fileName} is set. */
    record FormField(String name, String value, String fileName, String contentType) {
    }
}
